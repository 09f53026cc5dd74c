package org.guanai.plugin.pairing.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.guanai.core.api.dto.Role;
import org.guanai.core.api.programme.Programme;
import org.guanai.core.api.programme.ProgrammeInfo;
import org.guanai.plugin.pairing.internal.Model.Pair;
import org.guanai.plugin.pairing.internal.Model.Status;
import org.guanai.sdk.GuanaiProgramme;
import org.guanai.sdk.time.CareCalendar;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Describes 一对一结对帮扶 to the core and answers its summary for a school (counts only). */
@GuanaiProgramme(PairingProgramme.ID)
@Component(service = Programme.class, property = Programme.ID_PROPERTY + "=" + PairingProgramme.ID)
public final class PairingProgramme implements Programme {
    /** The programme id: its tables, paths, permissions and events are named after it. */
    static final String ID = "pairing";
    /** The permission (relative to the programme) for the set-up: mentors, pairs, schemes, accepting a proposal. */
    static final String MANAGE = "manage";

    private final PairingStore store;
    private final Obligations obligations;
    private final CareCalendar calendar;
    private final String version;

    @Activate
    public PairingProgramme(BundleContext context, @Reference PairingStore store, @Reference Obligations obligations,
            @Reference CareCalendar calendar) {
        this.store = store;
        this.obligations = obligations;
        this.calendar = calendar;
        this.version = context.getBundle().getVersion().toString();
    }

    @Override
    public ProgrammeInfo info() {
        return new ProgrammeInfo(ID, "一对一结对帮扶", "One-to-one mentoring",
                "为每名留守儿童结对帮扶人：心级评估、最优结对方案、谈心家访记录与逾期提醒",
                "Pairs every left-behind child with mentors: heart-level assessment, optimal assignment, talk and visit records, overdue duties",
                version, new ProgrammeInfo.UiEntry("结对帮扶", "Mentoring", "main.js"),
                List.of(new ProgrammeInfo.PermissionInfo(ID + ".read", "查看结对帮扶", "Read mentoring pairs and records",
                        Set.of(Role.COUNTY_ADMIN, Role.SCHOOL_ADMIN, Role.TEACHER)),
                        new ProgrammeInfo.PermissionInfo(ID + ".write", "登记谈心、家访与心级评估", "Record talks, visits and assessments",
                                Set.of(Role.COUNTY_ADMIN, Role.SCHOOL_ADMIN, Role.TEACHER)),
                        new ProgrammeInfo.PermissionInfo(ID + "." + MANAGE, "管理帮扶人与结对、接受结对方案",
                                "Manage mentors and pairs, accept proposals", Set.of(Role.COUNTY_ADMIN, Role.SCHOOL_ADMIN))));
    }

    @Override
    public Map<String, Object> summary(long schoolId) {
        List<Pair> open = store.pairsOfSchool(schoolId, true);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("activePairs", open.stream().filter(p -> p.status() == Status.ACTIVE).count());
        m.put("pendingPairs", open.stream().filter(p -> p.status() == Status.PENDING).count());
        m.put("pairedChildren", open.stream().filter(p -> p.status() == Status.ACTIVE).map(Pair::childId).distinct().count());
        m.put("activeMentors", store.mentors(schoolId, false).size());
        m.put("overdue", obligations.overdue(schoolId, calendar.today(), null).size());
        return m;
    }
}
