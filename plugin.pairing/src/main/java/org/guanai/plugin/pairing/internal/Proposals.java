package org.guanai.plugin.pairing.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.guanai.core.api.dto.Child;
import org.guanai.plugin.pairing.internal.Model.EndReason;
import org.guanai.plugin.pairing.internal.Model.Mentor;
import org.guanai.plugin.pairing.internal.Model.Pair;
import org.guanai.plugin.pairing.internal.Model.Proposal;
import org.guanai.plugin.pairing.internal.Model.ProposalItem;
import org.guanai.plugin.pairing.internal.Model.Status;
import org.guanai.plugin.pairing.internal.assign.Assigner;
import org.guanai.plugin.pairing.internal.assign.Assigner.Nearness;
import org.guanai.plugin.pairing.internal.rules.MentorKind;
import org.guanai.plugin.pairing.internal.rules.Scheme;
import org.guanai.plugin.pairing.internal.rules.Schemes;
import org.guanai.sdk.i18n.Label;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Computes a proposal: the open slots of the children the caller sees (existing pairs kept), the mentors that may fill
 * them (staff brought up to date first; the villages' cadres), solved with {@link Assigner}, each item explained;
 * stored and posted as {@code proposal/CREATED}.
 */
@Component(service = Proposals.class)
public final class Proposals {
    private final PairingStore store;
    private final PairingSettings settings;
    private final Roster roster;
    private final StaffMentors staff;
    private final Explanations explain;
    private final PairingEvents events;

    @Activate
    public Proposals(@Reference PairingStore store, @Reference PairingSettings settings, @Reference Roster roster,
            @Reference StaffMentors staff, @Reference Explanations explain, @Reference PairingEvents events) {
        this.store = store;
        this.settings = settings;
        this.roster = roster;
        this.staff = staff;
        this.explain = explain;
        this.events = events;
    }

    /** An open slot of a child; {@code replaces}: the latest pair of a mentor of the slot's kinds who left. */
    private record Slot(Child child, Integer level, Set<MentorKind> kinds, long schoolId, Pair replaces) {
    }

    /** What a proposal is computed from, gathered school by school; {@code needs} and {@code slots} in the same order. */
    private static final class Demand {
        final Map<Long, Schemes> schemesOf = new HashMap<>();
        final Map<Long, Mentor> mentors = new LinkedHashMap<>();
        final List<Slot> slots = new ArrayList<>();
        final List<Assigner.Need> needs = new ArrayList<>();
        final Set<String> villages = new HashSet<>();
        int children;
    }

    /**
     * Proposes mentors for every open slot of the schools' children the caller sees (the whole county when
     * {@code schoolIds} has several), keeping existing pairs; stores and returns the proposal.
     */
    Proposal propose(long actingSchool, List<Long> schoolIds, boolean county, String by) {
        long started = System.nanoTime();
        Demand d = new Demand();
        for (long school : schoolIds) {
            openSlots(school, by, d);
        }
        store.cadres(d.villages).forEach(m -> d.mentors.putIfAbsent(m.id(), m));
        List<Mentor> mentorList = new ArrayList<>(d.mentors.values());
        Map<Long, Integer> loads = store.loads(d.mentors.keySet());
        List<Assigner.Offer> offers = new ArrayList<>();
        for (Mentor m : mentorList) {
            Schemes s = d.schemesOf.computeIfAbsent(m.schoolId(), settings::schemes);
            offers.add(new Assigner.Offer(m.id(), m.schoolId(), m.classId() == null ? -1 : m.classId(), m.village(), m.kind(),
                    loads.getOrDefault(m.id(), 0), m.effectiveCapacity(s)));
        }
        Assigner.Result result = Assigner.solve(d.needs, offers, settings.weights());
        List<ProposalItem> items = items(d, mentorList, offers, result);
        long millis = (System.nanoTime() - started) / 1_000_000;
        Proposal p = store.insertProposal(new Proposal(null, actingSchool, county, d.children, d.needs.size(), result.assigned(),
                result.cost(), millis, by, items));
        events.post("proposal/CREATED", "id", p.id(), "schoolId", actingSchool, "actor", by, "assigned", p.assigned(), "slots", p.slots());
        return p;
    }

    /** Adds the school's schemes, its active mentors (staff made mentors first) and its children's open slots to {@code d}. */
    private void openSlots(long school, String by, Demand d) {
        Schemes schemes = settings.schemes(school);
        d.schemesOf.put(school, schemes);
        staff.syncStaff(school, by);
        store.mentors(school, false).forEach(m -> d.mentors.put(m.id(), m));
        Map<Long, Integer> levels = store.levels(school);
        Map<Long, List<Pair>> pairsByChild = store.pairsOfSchool(school, false).stream().collect(Collectors.groupingBy(Pair::childId));
        Map<Long, Mentor> pairMentors = store.mentorsById(pairsByChild.values().stream().flatMap(List::stream).map(Pair::mentorId)
                .distinct().toList());
        // only children who count as left behind today are proposed mentors; the pairs of one who no longer does are kept
        for (Child c : roster.leftBehind(school)) {
            d.children++;
            Integer level = levels.get(c.id());
            List<Pair> all = pairsByChild.getOrDefault(c.id(), List.of());
            List<Pair> open = new ArrayList<>(all.stream().filter(p -> p.status() != Status.ENDED).toList());
            for (Set<MentorKind> slot : schemes.slotsFor(level)) {
                Optional<Pair> filling = open.stream().filter(p -> slot.contains(pairMentors.get(p.mentorId()).kind())).findFirst();
                if (filling.isPresent()) {
                    open.remove(filling.get());
                    continue;
                }
                int kinds = 0;
                for (MentorKind k : slot) {
                    kinds |= k.bit();
                }
                d.needs.add(new Assigner.Need(c.id(), school, c.classId() == null ? -1 : c.classId(), c.village(), kinds));
                Pair replaces = all.stream()
                        .filter(p -> p.endReason() == EndReason.MENTOR_LEFT && slot.contains(pairMentors.get(p.mentorId()).kind()))
                        .max(Comparator.comparing(Pair::endsOn)).orElse(null);
                d.slots.add(new Slot(c, level, slot, school, replaces));
                if (c.village() != null && slot.contains(MentorKind.CADRE)) {
                    d.villages.add(c.village());
                }
            }
        }
    }

    /** The proposal's items in the order of the slots: a mentor with the load they would have, or none; each explained. */
    private List<ProposalItem> items(Demand d, List<Mentor> mentorList, List<Assigner.Offer> offers, Assigner.Result result) {
        int[] added = new int[offers.size()];
        List<ProposalItem> items = new ArrayList<>();
        for (int i = 0; i < d.slots.size(); i++) {
            Slot n = d.slots.get(i);
            Long replacesId = n.replaces() == null ? null : n.replaces().id();
            int j = result.offerOf()[i];
            if (j < 0) {
                Label e = explain.none(n.child(), n.kinds());
                items.add(new ProposalItem(null, n.schoolId(), n.child().id(), n.child().classId(), n.level(), null, null, null, null, null,
                        replacesId, e.zh(), e.en(), null));
                continue;
            }
            Mentor m = mentorList.get(j);
            Assigner.Offer o = offers.get(j);
            added[j]++;
            int loadAfter = o.load() + added[j];
            Nearness near = Assigner.nearness(d.needs.get(i), o);
            Scheme scheme = d.schemesOf.get(n.schoolId()).schemeFor(n.level(), m.kind()).orElseThrow();
            String leftName = n.replaces() == null ? null : leftName(n.replaces(), d.mentors);
            Label e = explain.pair(n.child(), n.level(), m, scheme, near, loadAfter, o.capacity(), leftName);
            items.add(new ProposalItem(null, n.schoolId(), n.child().id(), n.child().classId(), n.level(), m.id(), scheme.code(),
                    near.name(), loadAfter, o.capacity(), replacesId, e.zh(), e.en(), null));
        }
        return items;
    }

    /** @return the name of the mentor of an ended pair (one of the proposal's mentors, or from the store) */
    private String leftName(Pair ended, Map<Long, Mentor> mentors) {
        return Optional.ofNullable(mentors.get(ended.mentorId())).map(Mentor::name)
                .orElseGet(() -> store.mentor(ended.mentorId()).map(Mentor::name).orElse("?"));
    }
}
