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
import org.guanai.plugin.pairing.internal.rules.Compliance;
import org.guanai.plugin.pairing.internal.rules.RecordKind;
import org.guanai.sdk.time.CareCalendar;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * What other programmes may count of this one (e.g. the 九个一 activities: 一帮一, 爱心妈妈), published as core.api's
 * {@link MentoringRecords}: for a school and a date range, per child, the pairs in force and the dates of the talks,
 * visits and calls recorded. Mentor kinds and record kinds are this programme's enum names, which match the
 * interface's constants. Per mentor, the obligations due and met ({@link #duties}) are the periods {@link Obligations}
 * computes for the 职责履行率 report and the return ({@link PairingReports#dueAndMet}).
 */
@Component(service = MentoringRecords.class, property = Programme.ID_PROPERTY + "=" + PairingProgramme.ID)
public final class MentoringRecordsProvider implements MentoringRecords {
    private final PairingStore store;
    private final Obligations obligations;
    private final CareCalendar calendar;

    @Activate
    public MentoringRecordsProvider(@Reference PairingStore store, @Reference Obligations obligations, @Reference CareCalendar calendar) {
        this.store = store;
        this.obligations = obligations;
        this.calendar = calendar;
    }

    /** In force on at least one day of the range (a pending pair never is). */
    private static boolean inForce(Pair p, LocalDate from, LocalDate to) {
        return p.status() != Status.PENDING && !p.startsOn().isAfter(to) && (p.endsOn() == null || !p.endsOn().isBefore(from));
    }

    @Override
    public List<MentorDuties> duties(long schoolId, LocalDate from, LocalDate to) {
        Map<Long, java.util.Set<Long>> children = new TreeMap<>();
        Map<Long, Long> days = new TreeMap<>();
        for (Pair p : store.pairsOfSchool(schoolId, false)) {
            if (inForce(p, from, to)) {
                children.computeIfAbsent(p.mentorId(), k -> new java.util.HashSet<>()).add(p.childId());
                LocalDate first = p.startsOn().isBefore(from) ? from : p.startsOn();
                LocalDate last = p.endsOn() == null || p.endsOn().isAfter(to) ? to : p.endsOn();
                days.merge(p.mentorId(), last.toEpochDay() - first.toEpochDay() + 1, Long::sum);
            }
        }
        // periods that ended in the range, today at the latest: as the return counts them
        LocalDate asOf = to.plusDays(1).isAfter(calendar.today()) ? calendar.today() : to.plusDays(1);
        Map<Long, Map<RecordKind, long[]>> byMentor = new TreeMap<>();
        if (asOf.isAfter(from)) {
            for (Compliance.Item i : obligations.periods(schoolId, from, asOf)) {
                long[] n = byMentor.computeIfAbsent(i.mentorId(), k -> new java.util.EnumMap<>(RecordKind.class))
                        .computeIfAbsent(i.obligation().kind(), k -> new long[2]);
                n[0]++;
                n[1] += i.met() ? 1 : 0;
            }
        }
        Map<Long, Mentor> mentors = store.mentorsById(List.copyOf(children.keySet()));
        List<MentorDuties> out = new ArrayList<>();
        for (Map.Entry<Long, java.util.Set<Long>> e : children.entrySet()) {
            Mentor m = mentors.get(e.getKey());
            if (m == null) {
                continue;
            }
            MentorDuties.Builder b = MentorDuties.builder(m.kind().name(), m.id()).name(m.name(), m.staffId())
                    .paired(e.getValue().size(), days.get(e.getKey()));
            byMentor.getOrDefault(m.id(), Map.of()).forEach((kind, n) -> b.duty(kind.name(), n[0], n[1]));
            out.add(b.build());
        }
        out.sort(java.util.Comparator.comparing(MentorDuties::mentorName).thenComparingLong(MentorDuties::mentorId));
        return out;
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
            if (!inForce(p, from, to)) {
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
