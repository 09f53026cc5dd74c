package ${package}.internal;

import static org.guanai.core.api.dto.Role.COUNTY_ADMIN;
import static org.guanai.core.api.dto.Role.SCHOOL_ADMIN;
import static org.guanai.core.api.dto.Role.TEACHER;

import java.util.Map;

import org.guanai.core.api.programme.Programme;
import org.guanai.core.api.programme.ProgrammeInfo;
import org.guanai.sdk.GuanaiProgramme;
import org.guanai.sdk.i18n.Texts;
import org.guanai.sdk.time.CareCalendar;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Describes the programme to the core (names, permissions, menu entry) and answers its summary for a school. */
@GuanaiProgramme(${className}Programme.ID)
// SDK-GAP: the core still finds a Programme by the programme.id service property, not by the Guanai-Programme header
// that @GuanaiProgramme writes; the property can go when it does.
@Component(service = Programme.class, property = Programme.ID_PROPERTY + "=" + ${className}Programme.ID)
public final class ${className}Programme implements Programme {
    static final String ID = "${programmeId}";

    private final NoteStore store;
    private final Texts texts;
    private final CareCalendar calendar;

    @Activate
    public ${className}Programme(@Reference NoteStore store, @Reference Texts texts, @Reference CareCalendar calendar) {
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
        return Map.of("notesThisMonth", store.countSince(schoolId, calendar.today().withDayOfMonth(1)));
    }
}
