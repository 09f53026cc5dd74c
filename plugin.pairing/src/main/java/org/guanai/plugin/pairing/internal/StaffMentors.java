package org.guanai.plugin.pairing.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.guanai.core.api.ForbiddenException;
import org.guanai.core.api.SchoolService;
import org.guanai.core.api.dto.SchoolClass;
import org.guanai.core.api.dto.Staff;
import org.guanai.plugin.pairing.internal.Model.Mentor;
import org.guanai.plugin.pairing.internal.rules.MentorKind;
import org.guanai.sdk.time.CareCalendar;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Registry staff as mentors (教职工): every active staff member of a school is one, close to the class they head; one who
 * left or moved to another school is gone (their pairs end, the next proposal names a replacement).
 */
@Component(service = StaffMentors.class)
public final class StaffMentors {
    private final PairingStore store;
    private final SchoolService schools;
    private final Pairs pairs;
    private final CareCalendar calendar;

    @Activate
    public StaffMentors(@Reference PairingStore store, @Reference SchoolService schools, @Reference Pairs pairs,
            @Reference CareCalendar calendar) {
        this.store = store;
        this.schools = schools;
        this.pairs = pairs;
        this.calendar = calendar;
    }

    /**
     * Makes every active staff member of the school a mentor (kind 教职工, close to the class they head) and marks the
     * mentors whose staff member left or moved to another school as gone: their pairs end, their children are open again
     * and the next proposal names a replacement.
     *
     * @return the school's active mentors
     */
    List<Mentor> syncStaff(long school, String by) {
        List<Staff> staff;
        Map<Long, Long> headed = new HashMap<>();
        try {
            staff = schools.staff(school, true);
            for (SchoolClass c : schools.classes(school)) {
                if (c.headTeacherId() != null) {
                    headed.putIfAbsent(c.headTeacherId(), c.id());
                }
            }
        } catch (ForbiddenException e) {
            return store.mentors(school, false);
        }
        for (Staff s : staff) {
            syncStaffMember(s, headed.get(s.id()), by);
        }
        return store.mentors(school, false);
    }

    /** Brings one staff member's mentor record up to date. */
    void syncStaffMember(Staff s, Long headedClass, String by) {
        List<Mentor> existing = store.mentorsOfStaff(s.id());
        Mentor current = null;
        for (Mentor m : existing) {
            if (!m.active()) {
                continue;
            }
            if (!s.active() || m.schoolId() != s.schoolId()) {
                pairs.mentorLeft(m, calendar.today(), by);
            } else {
                current = m;
            }
        }
        if (!s.active()) {
            return;
        }
        if (current == null) {
            store.insertMentor(new Mentor(null, s.schoolId(), MentorKind.TEACHER, s.id(), null, s.name(), s.phone(), null, headedClass,
                    null, null, true, null, null), by);
        } else if (!s.name().equals(current.name()) || !Objects.equals(headedClass, current.classId())) {
            store.updateMentor(new Mentor(current.id(), current.schoolId(), current.kind(), current.staffId(), current.childId(), s.name(),
                    current.phone(), current.village(), headedClass, current.capacity(), current.vettedOn(), true, null, current.note()));
        }
    }
}
