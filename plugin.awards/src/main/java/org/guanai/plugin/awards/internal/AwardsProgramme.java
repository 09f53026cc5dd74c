package org.guanai.plugin.awards.internal;

import static org.guanai.core.api.dto.Role.COUNTY_ADMIN;
import static org.guanai.core.api.dto.Role.SCHOOL_ADMIN;
import static org.guanai.core.api.dto.Role.TEACHER;

import java.util.List;
import java.util.Map;

import org.guanai.core.api.programme.Programme;
import org.guanai.core.api.programme.ProgrammeInfo;
import org.guanai.plugin.awards.internal.Model.Nomination;
import org.guanai.plugin.awards.internal.Model.State;
import org.guanai.sdk.GuanaiProgramme;
import org.guanai.sdk.i18n.Texts;
import org.guanai.sdk.time.CareCalendar;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Describes the 表彰 programme (domain §8.4) to the core and answers its summary. Permissions: {@code awards.read}
 * (county and school administrators, teachers), {@code awards.nominate} (school administrators, teachers),
 * {@code awards.approve} (school administrators for the school's step, county administrators for the county's).
 */
@GuanaiProgramme(AwardsProgramme.ID)
@Component(service = Programme.class, property = Programme.ID_PROPERTY + "=" + AwardsProgramme.ID)
public final class AwardsProgramme implements Programme {
    /** The programme id: its tables, paths, permissions and texts carry it. */
    static final String ID = "awards";

    private final NominationStore store;
    private final Texts texts;
    private final CareCalendar calendar;

    @Activate
    public AwardsProgramme(@Reference NominationStore store, @Reference Texts texts, @Reference CareCalendar calendar) {
        this.store = store;
        this.texts = texts;
        this.calendar = calendar;
    }

    @Override
    public ProgrammeInfo info() {
        return texts.programme(ID).permission("read", COUNTY_ADMIN, SCHOOL_ADMIN, TEACHER).permission("nominate", SCHOOL_ADMIN, TEACHER)
                .permission("approve", SCHOOL_ADMIN, COUNTY_ADMIN).build();
    }

    /** Counts only, this school year: nominations waiting for the school, for the county, and awards granted. */
    @Override
    public Map<String, Object> summary(long schoolId) {
        List<Nomination> year = store.list(schoolId, calendar.schoolYear(calendar.today()), null);
        return Map.of("waitingForSchool", count(year, State.NOMINATED), "waitingForCounty", count(year, State.SCHOOL_APPROVED),
                "grantedThisYear", count(year, State.APPROVED));
    }

    private static long count(List<Nomination> list, State s) {
        return list.stream().filter(n -> n.state() == s).count();
    }
}
