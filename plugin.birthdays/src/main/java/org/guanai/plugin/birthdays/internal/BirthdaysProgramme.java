package org.guanai.plugin.birthdays.internal;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.guanai.core.api.dto.Role;
import org.guanai.core.api.programme.Programme;
import org.guanai.core.api.programme.ProgrammeInfo;
import org.guanai.sdk.GuanaiProgramme;
import org.guanai.sdk.time.CareCalendar;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Describes the 生日 programme ("让每位留守学生过一个快乐的生日", domain §6.1) to the core and answers its summary. */
@GuanaiProgramme(BirthdaysProgramme.ID)
@Component(service = Programme.class, property = Programme.ID_PROPERTY + "=" + BirthdaysProgramme.ID)
public final class BirthdaysProgramme implements Programme {
    /** The programme id: its tables, paths, permissions, texts and events carry it. */
    static final String ID = "birthdays";

    private final RosterService rosters;
    private final BirthdayStore store;
    private final CareCalendar calendar;
    private final String version;

    @Activate
    public BirthdaysProgramme(BundleContext context, @Reference RosterService rosters, @Reference BirthdayStore store,
            @Reference CareCalendar calendar) {
        this.rosters = rosters;
        this.store = store;
        this.calendar = calendar;
        this.version = context.getBundle().getVersion().toString();
    }

    @Override
    public ProgrammeInfo info() {
        return new ProgrammeInfo(ID, "快乐生日", "Happy birthdays",
                "按公历或农历记住每位留守学生的生日，每月集体生日会（贺卡、感言、祝福），长辈生日与传统节日作为写信、打电话的时机",
                "Every left-behind pupil's birthday by the solar or lunar calendar, monthly birthday parties (card, reflection, wish), "
                        + "elders' birthdays and festivals as occasions for letters and calls",
                version, new ProgrammeInfo.UiEntry("快乐生日", "Birthdays", "main.js"),
                List.of(new ProgrammeInfo.PermissionInfo(ID + ".read", "查看生日与节日", "See birthdays and occasions",
                        Set.of(Role.COUNTY_ADMIN, Role.SCHOOL_ADMIN, Role.TEACHER)),
                        new ProgrammeInfo.PermissionInfo(ID + ".write", "登记生日会与庆祝", "Record birthday parties and celebrations",
                                Set.of(Role.SCHOOL_ADMIN, Role.TEACHER))));
    }

    /** Counts only: birthdays this month, and children celebrated this school year. */
    @Override
    public Map<String, Object> summary(long schoolId) {
        LocalDate today = calendar.today();
        Roster r = rosters.roster(schoolId);
        Set<Long> month = new HashSet<>();
        r.childIndex().query(today.withDayOfMonth(1), today.withDayOfMonth(today.lengthOfMonth()), BirthdayIndex.Mode.FAMILY, p -> true,
                (p, d, c) -> month.add(r.children().get(p).id()));
        int y = calendar.schoolYear(today);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("birthdaysThisMonth", month.size());
        out.put("celebratedThisSchoolYear", store.celebratedChildren(schoolId, LocalDate.of(y, 9, 1), LocalDate.of(y + 1, 8, 31)).size());
        out.put("children", r.children().size());
        return out;
    }
}
