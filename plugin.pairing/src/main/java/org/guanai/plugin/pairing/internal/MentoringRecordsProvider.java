package org.guanai.plugin.pairing.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.guanai.core.api.care.MentoringRecords;
import org.guanai.core.api.programme.Programme;
import org.guanai.plugin.pairing.internal.Model.Mentor;
import org.guanai.plugin.pairing.internal.Model.MentorRecord;
import org.guanai.plugin.pairing.internal.Model.Pair;
import org.guanai.plugin.pairing.internal.Model.Status;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * What other programmes may count of this one (e.g. the 九个一 activities: 一帮一, 爱心妈妈), published as core.api's
 * {@link MentoringRecords}: for a school and a date range, per child, the pairs in force and the dates of the talks,
 * visits and calls recorded. Mentor kinds and record kinds are this programme's enum names, which match the
 * interface's constants.
 */
@Component(service = MentoringRecords.class, property = Programme.ID_PROPERTY + "=" + PairingProgramme.ID)
public final class MentoringRecordsProvider implements MentoringRecords {
    private final PairingStore store;

    @Activate
    public MentoringRecordsProvider(@Reference PairingStore store) {
        this.store = store;
    }

    /**
     * @param schoolId the school
     * @param from     first day, inclusive
     * @param to       last day, inclusive
     * @return per child with a pair in force in the range or a contact in it, ordered by child id
     */
    @Override
    public List<ChildMentoring> forSchool(long schoolId, LocalDate from, LocalDate to) {
        Map<Long, List<Mentoring>> pairs = new TreeMap<>();
        Map<Long, List<Contact>> contacts = new TreeMap<>();
        List<Pair> all = store.pairsOfSchool(schoolId, false);
        Map<Long, Mentor> mentors = store.mentorsById(all.stream().map(Pair::mentorId).distinct().toList());
        for (Pair p : all) {
            if (p.status() == Status.PENDING || p.startsOn().isAfter(to) || p.endsOn() != null && p.endsOn().isBefore(from)) {
                continue;
            }
            Mentor m = mentors.get(p.mentorId());
            pairs.computeIfAbsent(p.childId(), k -> new ArrayList<>())
                    .add(new Mentoring(p.id(), p.scheme(), m.kind().name(), m.id(), p.startsOn(), p.endsOn()));
        }
        for (MentorRecord r : store.records(schoolId, from, to, null, null)) {
            if (r.childId() != null) {
                contacts.computeIfAbsent(r.childId(), k -> new ArrayList<>()).add(new Contact(r.kind().name(), r.occurredOn(), r.mentorId()));
            }
        }
        TreeMap<Long, ChildMentoring> out = new TreeMap<>();
        for (long child : pairs.keySet()) {
            out.put(child, new ChildMentoring(child, List.copyOf(pairs.get(child)), List.copyOf(contacts.getOrDefault(child, List.of()))));
        }
        for (long child : contacts.keySet()) {
            out.putIfAbsent(child, new ChildMentoring(child, List.of(), List.copyOf(contacts.get(child))));
        }
        return List.copyOf(out.values());
    }
}
