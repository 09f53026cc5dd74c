package org.guanai.plugin.health.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.guanai.core.api.AuditTrail;
import org.guanai.core.api.SchoolService;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.SchoolClass;
import org.guanai.plugin.health.internal.Model.Attendance;
import org.guanai.plugin.health.internal.Model.PubertyClass;
import org.guanai.sdk.i18n.FieldErrors;
import org.guanai.sdk.i18n.Texts;
import org.guanai.sdk.time.CareCalendar;
import org.guanai.sdk.time.Semester;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** 青春期健康教育课: a school's puberty-health classes and who attended, each attendee a child of the school in grade 5 or above. */
@Component(service = PubertyClasses.class)
public final class PubertyClasses {
    private final HealthStore store;
    private final HealthWrites writes;
    private final Lookups lookups;
    private final SchoolService schools;
    private final AuditTrail audit;
    private final Texts texts;
    private final CareCalendar calendar;

    @Activate
    public PubertyClasses(@Reference HealthStore store, @Reference HealthWrites writes, @Reference Lookups lookups,
            @Reference SchoolService schools, @Reference AuditTrail audit, @Reference Texts texts, @Reference CareCalendar calendar) {
        this.store = store;
        this.writes = writes;
        this.lookups = lookups;
        this.schools = schools;
        this.audit = audit;
        this.texts = texts;
        this.calendar = calendar;
    }

    List<PubertyClass> list(long school) {
        return store.read(sql -> store.pubertyClasses(sql, school));
    }

    /** Records a puberty class; every attendee must be a child of the school in grade 5 or above. */
    PubertyClass add(long school, Inputs.PubertyClassInput in) {
        Optional<Semester> semester = Semesters.of(calendar, in.semester());
        FieldErrors e = texts.errors().check(semester.isEmpty(), "semester", "semester");
        LocalDate heldOn = in.heldOn();
        if (heldOn == null) {
            e.add("heldOn", "date");
        } else if (heldOn.isAfter(calendar.today())) {
            e.add("heldOn", "future");
        }
        String topic = in.topic();
        if (topic == null || topic.isBlank() || topic.length() > 100) {
            e.add("topic", "required");
        }
        if (in.lecturer() != null && in.lecturer().length() > 50) {
            e.add("lecturer", "tooLong", 50);
        }
        List<Attendance> attendance = attendance(e, school, in.attendance());
        e.throwIfAny();
        PubertyClass p = new PubertyClass(null, school, Semesters.code(semester.get()), heldOn, topic.strip(), Inputs.blank(in.lecturer()),
                attendance);
        long id = writes.write(sql -> store.addPubertyClass(sql, p, writes.user()));
        audit.record("CREATE", "health.pubertyClass", String.valueOf(id), null, school, attendance.size() + " children");
        return new PubertyClass(id, school, p.semester(), heldOn, p.topic(), p.lecturer(), attendance);
    }

    /** @return the attendance; an attendee missing, not of the school, listed twice or below grade 5 is refused naming it */
    private List<Attendance> attendance(FieldErrors e, long school, List<Inputs.Attendee> in) {
        List<Attendance> attendance = new ArrayList<>();
        if (in == null || in.isEmpty()) {
            e.add("attendance", "required");
            return attendance;
        }
        Map<Long, Integer> grades = new HashMap<>();
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < in.size(); i++) {
            Inputs.Attendee a = in.get(i);
            String field = "attendance[" + i + "].childId";
            Optional<Child> k = a == null || a.childId() == null ? Optional.empty() : lookups.schoolChild(a.childId(), school);
            if (k.isEmpty() || !seen.add(k.get().id())) {
                e.add(field, a == null || a.childId() == null ? "required" : "unknownChild");
                continue;
            }
            Long cls = k.get().classId();
            int grade = cls == null ? 0 : grades.computeIfAbsent(cls, x -> schools.schoolClass(x).map(SchoolClass::gradeLevel).orElse(0));
            if (grade < 5) {
                e.add(field, "gradeFive", k.get().name());
            }
            attendance.add(new Attendance(k.get().id(), a.present() == null || a.present()));
        }
        return attendance;
    }
}
