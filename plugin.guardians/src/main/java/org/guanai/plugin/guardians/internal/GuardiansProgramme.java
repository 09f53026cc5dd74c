package org.guanai.plugin.guardians.internal;

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

/** Describes the 家长学校 programme (监护人培训, domain §3.4) to the core and answers its summary: this quarter's figures. */
@GuanaiProgramme(GuardiansProgramme.ID)
@Component(service = Programme.class, property = Programme.ID_PROPERTY + "=" + GuardiansProgramme.ID)
public final class GuardiansProgramme implements Programme {
    /** The programme id: its tables, paths, permissions and texts carry it. */
    static final String ID = "guardians";

    private final SessionStore store;
    private final Texts texts;
    private final CareCalendar calendar;

    @Activate
    public GuardiansProgramme(@Reference SessionStore store, @Reference Texts texts, @Reference CareCalendar calendar) {
        this.store = store;
        this.texts = texts;
        this.calendar = calendar;
    }

    @Override
    public ProgrammeInfo info() {
        return texts.programme(ID).permission("read", COUNTY_ADMIN, SCHOOL_ADMIN, TEACHER).permission("write", SCHOOL_ADMIN, TEACHER).build();
    }

    /** Counts only: sessions held and people who attended this quarter. */
    @Override
    public Map<String, Object> summary(long schoolId) {
        ReturnPeriod q = ReturnPeriod.quarterOf(calendar.today());
        SessionStore.Figures f = store.figures(schoolId, q.first(), q.last());
        return Map.of("sessionsThisQuarter", f.sessions(), "attendeesThisQuarter", f.people());
    }
}
