package org.guanai.plugin.subsidies.internal;

import static org.guanai.core.api.dto.Role.COUNTY_ADMIN;
import static org.guanai.core.api.dto.Role.SCHOOL_ADMIN;

import java.util.Map;

import org.guanai.core.api.programme.Programme;
import org.guanai.core.api.programme.ProgrammeInfo;
import org.guanai.sdk.GuanaiProgramme;
import org.guanai.sdk.i18n.Texts;
import org.guanai.sdk.time.CareCalendar;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Describes the 资助 programme (domain §8.5) to the core. The ledger tells of a family's hardship: by default only school
 * and county administrators read it ({@code subsidies.read}); teachers see nothing unless the role mapping grants it.
 * The school approves ({@code subsidies.approve}), then the county ({@code subsidies.county}, which also sets amounts).
 */
@GuanaiProgramme(SubsidiesProgramme.ID)
@Component(service = Programme.class, property = Programme.ID_PROPERTY + "=" + SubsidiesProgramme.ID)
public final class SubsidiesProgramme implements Programme {
    /** The programme id: its tables, paths, permissions and texts carry it. */
    static final String ID = "subsidies";

    private final SubsidyStore store;
    private final Texts texts;
    private final CareCalendar calendar;

    @Activate
    public SubsidiesProgramme(@Reference SubsidyStore store, @Reference Texts texts, @Reference CareCalendar calendar) {
        this.store = store;
        this.texts = texts;
        this.calendar = calendar;
    }

    @Override
    public ProgrammeInfo info() {
        return texts.programme(ID).permission("read", COUNTY_ADMIN, SCHOOL_ADMIN).permission("write", COUNTY_ADMIN, SCHOOL_ADMIN)
                .permission("approve", SCHOOL_ADMIN).permission("county", COUNTY_ADMIN).build();
    }

    /** Counts only: applications waiting for the school and for the county, children paid this semester (by the day paid). */
    @Override
    public Map<String, Object> summary(long schoolId) {
        long[] waiting = store.waiting(schoolId);
        org.guanai.sdk.time.Semester s = calendar.semester(calendar.today());
        return Map.of("waitingForSchool", waiting[0], "waitingForCounty", waiting[1], "childrenThisSemester",
                store.figures(schoolId, s.start(), s.end()).children());
    }
}
