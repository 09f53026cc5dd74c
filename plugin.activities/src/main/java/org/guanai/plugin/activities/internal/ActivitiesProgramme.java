package org.guanai.plugin.activities.internal;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.guanai.core.api.dto.Role;
import org.guanai.core.api.programme.Programme;
import org.guanai.core.api.programme.ProgrammeInfo;
import org.guanai.plugin.activities.internal.Coverage.Grid;
import org.guanai.sdk.GuanaiProgramme;
import org.guanai.sdk.time.Semester;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Describes the 九个一 programme to the core and answers its summary for a school: this semester's coverage. */
@GuanaiProgramme(ActivitiesProgramme.ID)
@Component(service = Programme.class, property = Programme.ID_PROPERTY + "=" + ActivitiesProgramme.ID)
public final class ActivitiesProgramme implements Programme {
    /** The programme id: its tables, paths, permissions and events are named after it. */
    static final String ID = "activities";
    static final String READ = ID + ".read";
    static final String WRITE = ID + ".write";
    /** School set-up: checklist, semester dates, reminder weeks, the 留守儿童之家 (routes with {@code .permission("manage")}). */
    static final String MANAGE = ID + ".manage";

    private final SemesterStore semesters;
    private final ActivityStore store;
    private final CoverageService coverage;
    private final String version;

    @Activate
    public ActivitiesProgramme(BundleContext context, @Reference SemesterStore semesters, @Reference ActivityStore store,
            @Reference CoverageService coverage) {
        this.semesters = semesters;
        this.store = store;
        this.coverage = coverage;
        this.version = context.getBundle().getVersion().toString();
    }

    @Override
    public ProgrammeInfo info() {
        return new ProgrammeInfo(ID, "九个一活动", "The nine ones (九个一)",
                "每学期为每名留守儿童落实“九个一”：留守儿童之家、亲情电话、一帮一、爱心妈妈、讲座、游览、活动平台、亲情书信、有意义的事；活动、照片、个人记录、覆盖率与学期台账",
                "The per-semester 九个一 checklist for every left-behind child: activities with photos, per-child records, coverage"
                        + " per child, class and school, reminders and the semester ledger (xlsx)",
                version, new ProgrammeInfo.UiEntry("九个一", "Nine ones", "main.js"),
                List.of(new ProgrammeInfo.PermissionInfo(READ, "查看九个一活动与覆盖情况", "Read activities, records and coverage",
                        Set.of(Role.COUNTY_ADMIN, Role.SCHOOL_ADMIN, Role.TEACHER)),
                        new ProgrammeInfo.PermissionInfo(WRITE, "登记活动、照片与个人记录", "Record activities, photos and per-child records",
                                Set.of(Role.COUNTY_ADMIN, Role.SCHOOL_ADMIN, Role.TEACHER)),
                        new ProgrammeInfo.PermissionInfo(MANAGE, "设置清单、学期与留守儿童之家", "Set up the checklist, semesters and the home",
                                Set.of(Role.COUNTY_ADMIN, Role.SCHOOL_ADMIN))));
    }

    @Override
    public Map<String, Object> summary(long schoolId) {
        LocalDate today = coverage.today();
        Semester s = semesters.semesterOn(schoolId, today);
        Grid g = coverage.grid(schoolId, s, today, (Long) null);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("semester", s.id());
        out.put("children", g.school().children());
        out.put("childrenComplete", g.school().complete());
        out.put("coveragePercent", g.school().percent());
        out.put("activities", store.activities(schoolId, s.start(), s.end(), false).size());
        out.put("mentoringSource", coverage.mentoringSource());
        return out;
    }
}
