package org.guanai.examples.calls.internal;

import static org.guanai.core.api.dto.Role.COUNTY_ADMIN;
import static org.guanai.core.api.dto.Role.SCHOOL_ADMIN;
import static org.guanai.core.api.dto.Role.TEACHER;

import java.time.YearMonth;
import java.util.Map;

import org.guanai.core.api.programme.Programme;
import org.guanai.core.api.programme.ProgrammeInfo;
import org.guanai.sdk.GuanaiProgramme;
import org.guanai.sdk.i18n.Texts;
import org.guanai.sdk.time.CareCalendar;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Describes the 亲情电话 programme to the core and answers its summary for a school: this month's calls and minutes. */
@GuanaiProgramme(CallsProgramme.ID)
// SDK-GAP: the core's programme registry still finds a Programme by the programme.id service property, not by the
// Guanai-Programme header @GuanaiProgramme writes; the property can go when it does.
@Component(service = Programme.class, property = Programme.ID_PROPERTY + "=" + CallsProgramme.ID)
public final class CallsProgramme implements Programme {
    static final String ID = "calls";

    private final CallStore store;
    private final Texts texts;
    private final CareCalendar calendar;

    @Activate
    public CallsProgramme(@Reference CallStore store, @Reference Texts texts, @Reference CareCalendar calendar) {
        this.store = store;
        this.texts = texts;
        this.calendar = calendar;
    }

    @Override
    public ProgrammeInfo info() {
        return texts.programme(ID).permission("read", COUNTY_ADMIN, SCHOOL_ADMIN, TEACHER).permission("write", SCHOOL_ADMIN, TEACHER).build();
    }

    @Override
    public Map<String, Object> summary(long schoolId) {
        YearMonth now = YearMonth.from(calendar.today());
        CallStore.Month month = store.monthly(schoolId, now.getYear()).get(now.toString());
        return Map.of("callsThisMonth", month.calls(), "minutesThisMonth", month.minutes());
    }
}
