package org.guanai.plugin.home.internal;

import static org.guanai.core.api.dto.Role.COUNTY_ADMIN;
import static org.guanai.core.api.dto.Role.SCHOOL_ADMIN;
import static org.guanai.core.api.dto.Role.TEACHER;

import java.util.Map;

import org.guanai.core.api.programme.Programme;
import org.guanai.core.api.programme.ProgrammeInfo;
import org.guanai.core.api.returns.ReturnPeriod;
import org.guanai.sdk.GuanaiProgramme;
import org.guanai.sdk.i18n.Texts;
import org.guanai.sdk.time.CareCalendar;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Describes the 留守儿童之家 programme (domain §8.2, the 八有 and the checklist) to the core and answers its summary: the
 * 八有 met, the books overdue, this quarter's calls and videos.
 */
@GuanaiProgramme(HomeProgramme.ID)
@Component(service = Programme.class, property = Programme.ID_PROPERTY + "=" + HomeProgramme.ID)
public final class HomeProgramme implements Programme {
    /** The programme id: its tables, paths, permissions and texts carry it. */
    static final String ID = "home";

    private final HomeStore store;
    private final Texts texts;
    private final CareCalendar calendar;

    @Activate
    public HomeProgramme(@Reference HomeStore store, @Reference Texts texts, @Reference CareCalendar calendar) {
        this.store = store;
        this.texts = texts;
        this.calendar = calendar;
    }

    @Override
    public ProgrammeInfo info() {
        return texts.programme(ID).permission("read", COUNTY_ADMIN, SCHOOL_ADMIN, TEACHER).permission("write", SCHOOL_ADMIN, TEACHER)
                .permission("manage", SCHOOL_ADMIN).build();
    }

    /** Counts only: the 八有 met, loans overdue, this quarter's calls and videos. */
    @Override
    public Map<String, Object> summary(long schoolId) {
        ReturnPeriod q = ReturnPeriod.quarterOf(calendar.today());
        return Map.of("standardMet", store.metOn(schoolId, calendar.today()), "overdueLoans",
                store.loans(schoolId, null, true, calendar.today(), 0, 1).total(), "callsThisQuarter", store.figures(schoolId, q.first(), q.last()).calls());
    }
}
