package org.guanai.plugin.pairing.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
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
import org.guanai.plugin.pairing.internal.rules.Compliance;
import org.guanai.plugin.pairing.internal.rules.MentorKind;
import org.guanai.plugin.pairing.internal.rules.Scheme;
import org.guanai.plugin.pairing.internal.rules.Schemes;
import org.guanai.sdk.i18n.Texts;
import org.guanai.sdk.time.CareCalendar;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The programme's rules on top of its store and the core's registry: staff become mentors, pairs keep their schemes'
 * rules, proposals are computed with {@link Assigner} and accepted in part or in whole, obligations are checked, and
 * every change is posted on {@code org/guanai/programmes/pairing/...}. The registry services it calls are limited to
 * the current caller (none in background jobs and demo loading: then the platform's).
 */
@Component(service = PairingService.class)
public final class PairingService {
    private final PairingStore store;
    private final CareCalendar calendar;
    private final Texts texts;
    private final PairingEvents events;
    private final PairingSettings settings;
    private final Roster roster;
    private final StaffMentors staff;

    @Activate
    public PairingService(@Reference PairingStore store, @Reference CareCalendar calendar, @Reference Texts texts,
            @Reference PairingEvents events, @Reference PairingSettings settings, @Reference Roster roster, @Reference StaffMentors staff) {
        this.store = store;
        this.calendar = calendar;
        this.texts = texts;
        this.events = events;
        this.settings = settings;
        this.roster = roster;
        this.staff = staff;
    }

    // ---- proposals

    private record NeedInfo(Child child, Integer level, java.util.Set<MentorKind> slot, long schoolId) {
    }

    /**
     * Proposes mentors for every open slot of the schools' children the caller sees (the whole county when
     * {@code schoolIds} has several), keeping existing pairs; stores and returns the proposal.
     */
    Proposal propose(long actingSchool, List<Long> schoolIds, boolean county, String by) {
        long started = System.nanoTime();
        Map<Long, Schemes> schemesOf = new HashMap<>();
        Map<Long, Mentor> mentors = new LinkedHashMap<>();
        List<NeedInfo> needInfo = new ArrayList<>();
        List<Assigner.Need> needs = new ArrayList<>();
        Map<Long, Pair> replaceable = new HashMap<>();
        Set<String> villages = new HashSet<>();
        int childCount = 0;
        for (long school : schoolIds) {
            Schemes schemes = settings.schemes(school);
            schemesOf.put(school, schemes);
            staff.syncStaff(school, by);
            store.mentors(school, false).forEach(m -> mentors.put(m.id(), m));
            Map<Long, Integer> levels = store.levels(school);
            Map<Long, List<Pair>> pairsByChild = store.pairsOfSchool(school, false).stream()
                    .collect(Collectors.groupingBy(Pair::childId));
            Map<Long, Mentor> pairMentors = store.mentorsById(pairsByChild.values().stream().flatMap(List::stream)
                    .map(Pair::mentorId).distinct().toList());
            for (Child c : roster.children(school)) {
                childCount++;
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
                    needs.add(new Assigner.Need(c.id(), school, c.classId() == null ? -1 : c.classId(), c.village(), kinds));
                    needInfo.add(new NeedInfo(c, level, slot, school));
                    if (c.village() != null && slot.contains(MentorKind.CADRE)) {
                        villages.add(c.village());
                    }
                    all.stream().filter(p -> p.endReason() == EndReason.MENTOR_LEFT && slot.contains(pairMentors.get(p.mentorId()).kind()))
                            .max(Comparator.comparing(Pair::endsOn)).ifPresent(p -> replaceable.put((long) needs.size() - 1, p));
                }
            }
        }
        store.cadres(villages).forEach(m -> mentors.putIfAbsent(m.id(), m));
        List<Mentor> mentorList = new ArrayList<>(mentors.values());
        Map<Long, Integer> loads = store.loads(mentors.keySet());
        List<Assigner.Offer> offers = new ArrayList<>();
        for (Mentor m : mentorList) {
            Schemes s = schemesOf.computeIfAbsent(m.schoolId(), settings::schemes);
            offers.add(new Assigner.Offer(m.id(), m.schoolId(), m.classId() == null ? -1 : m.classId(), m.village(), m.kind(),
                    loads.getOrDefault(m.id(), 0), m.effectiveCapacity(s)));
        }
        Assigner.Result result = Assigner.solve(needs, offers, settings.weights());
        int[] added = new int[offers.size()];
        List<ProposalItem> items = new ArrayList<>();
        for (int i = 0; i < needs.size(); i++) {
            NeedInfo n = needInfo.get(i);
            Pair replaces = replaceable.get((long) i);
            Long replacesId = replaces == null ? null : replaces.id();
            String leftName = replaces == null ? null : Optional.ofNullable(mentors.get(replaces.mentorId())).map(Mentor::name)
                    .orElseGet(() -> store.mentor(replaces.mentorId()).map(Mentor::name).orElse("?"));
            int j = result.offerOf()[i];
            if (j < 0) {
                String kinds = n.slot().stream().sorted().map(k -> texts.zh("mentorKind." + k)).collect(Collectors.joining("、"));
                String kindsEn = n.slot().stream().sorted().map(k -> texts.en("mentorKind." + k)).collect(Collectors.joining(", "));
                items.add(new ProposalItem(null, n.schoolId(), n.child().id(), n.child().classId(), n.level(), null, null, null, null, null,
                        replacesId, texts.zh("explain.none", n.child().name(), kinds), texts.en("explain.none", n.child().name(), kindsEn),
                        null));
                continue;
            }
            Mentor m = mentorList.get(j);
            Assigner.Offer o = offers.get(j);
            added[j]++;
            int loadAfter = o.load() + added[j];
            Nearness near = Assigner.nearness(needs.get(i), o);
            Scheme scheme = schemesOf.get(n.schoolId()).schemeFor(n.level(), m.kind()).orElseThrow();
            String levelZh = n.level() == null ? texts.zh("level.none") : texts.zh("level.n", n.level());
            String levelEn = n.level() == null ? texts.en("level.none") : texts.en("level.n", n.level());
            String zh = texts.zh("explain.pair", n.child().name(), levelZh, m.name(), texts.zh("mentorKind." + m.kind()), scheme.nameZh(),
                    texts.zh("near." + near.name()), loadAfter, o.capacity());
            String en = texts.en("explain.pair", n.child().name(), levelEn, m.name(), texts.en("mentorKind." + m.kind()), scheme.nameEn(),
                    texts.en("near." + near.name()), loadAfter, o.capacity());
            if (replaces != null) {
                zh = texts.zh("explain.replaces", leftName) + zh;
                en = texts.en("explain.replaces", leftName) + en;
            }
            items.add(new ProposalItem(null, n.schoolId(), n.child().id(), n.child().classId(), n.level(), m.id(), scheme.code(),
                    near.name(), loadAfter, o.capacity(), replacesId, cut(zh), cut(en), null));
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        Proposal p = store.insertProposal(new Proposal(null, actingSchool, county, childCount, needs.size(), result.assigned(),
                result.cost(), millis, by, items));
        events.post("proposal/CREATED", "id", p.id(), "schoolId", actingSchool, "actor", by, "assigned", p.assigned(), "slots", p.slots());
        return p;
    }

    private static String cut(String s) {
        return s.length() <= 300 ? s : s.substring(0, 299) + "…";
    }

    /** What acceptance did. */
    record Acceptance(List<Pair> accepted, List<Map<String, Object>> skipped) {
    }

    /** Accepts the proposal's items (all when {@code itemIds} is null), re-checking capacity and open slots. */
    Acceptance accept(Proposal proposal, Set<Long> itemIds, String by) {
        LocalDate today = calendar.today();
        List<Map<String, Object>> skipped = new ArrayList<>();
        Map<Long, Mentor> mentors = store.mentorsById(proposal.items().stream().map(ProposalItem::mentorId)
                .filter(java.util.Objects::nonNull).distinct().toList());
        Map<Long, Schemes> schemesOf = new HashMap<>();
        for (ProposalItem i : proposal.items()) {
            if (i.mentorId() != null && !schemesOf.containsKey(mentors.get(i.mentorId()).schoolId())) {
                schemesOf.put(mentors.get(i.mentorId()).schoolId(), settings.schemes(mentors.get(i.mentorId()).schoolId()));
            }
        }
        List<Long> pairIds = store.tx(c -> {
            List<Long> made = new ArrayList<>();
            for (ProposalItem i : proposal.items()) {
                if (itemIds != null && !itemIds.contains(i.id())) {
                    continue;
                }
                String reason = null;
                Mentor m = i.mentorId() == null ? null : mentors.get(i.mentorId());
                if (m == null) {
                    reason = "noMentor";
                } else if (i.pairId() != null) {
                    reason = "alreadyAccepted";
                } else {
                    Optional<Mentor> now = store.mentor(m.id());
                    if (now.isEmpty() || !now.get().active()) {
                        reason = "mentorInactive";
                    } else if (store.load(c, m.id()) >= now.get().effectiveCapacity(schemesOf.get(m.schoolId()))) {
                        reason = "mentorFull";
                    } else {
                        List<Pair> open = store.openPairsOfChild(c, i.childId());
                        Map<Long, Mentor> om = store.mentorsById(open.stream().map(Pair::mentorId).toList());
                        if (open.stream().anyMatch(p -> p.mentorId() == m.id() || om.get(p.mentorId()) != null
                                && om.get(p.mentorId()).kind() == m.kind())) {
                            reason = "slotFilled";
                        }
                    }
                }
                if (reason != null) {
                    skipped.add(Map.of("item", i.id(), "childId", i.childId(), "reason", reason,
                            "message_zh", texts.zh(reason), "message_en", texts.en(reason)));
                    continue;
                }
                long pairId = store.insertPair(c, new Pair(null, i.schoolId(), i.childId(), m.id(), i.scheme(), Status.ACTIVE, today, null,
                        null, null, by));
                store.itemAccepted(c, i.id(), pairId);
                made.add(pairId);
            }
            return made;
        });
        List<Pair> accepted = new ArrayList<>();
        for (long id : pairIds) {
            Pair p = store.pair(id).orElseThrow();
            accepted.add(p);
            events.post("pair/CREATED", "id", p.id(), "childId", p.childId(), "schoolId", p.schoolId(), "actor", by, "scheme", p.scheme());
        }
        return new Acceptance(accepted, skipped);
    }

    // ---- obligations

    /** One overdue (or, for reports, any) obligation period with names. */
    record ObligationView(String scheme, String kind, String period, int min, String basis, long mentorId, String mentorName,
            String mentorKind, Long childId, String childName, Long pairId, LocalDate start, LocalDate end, int done, boolean met,
            String source) {
    }

    /** Every complete obligation period of the school's pairs between {@code from} and {@code asOf}. */
    List<Compliance.Item> periods(long school, LocalDate from, LocalDate asOf) {
        Schemes schemes = settings.schemes(school);
        List<Compliance.PairSpan> spans = store.pairsOfSchool(school, false).stream().filter(p -> p.status() != Status.PENDING)
                .map(p -> new Compliance.PairSpan(p.id(), p.childId(), p.mentorId(), p.scheme(), p.startsOn(), p.endsOn())).toList();
        List<Compliance.Entry> entries = store.records(school, from.minusDays(31), asOf, null, null).stream()
                .map(r -> new Compliance.Entry(r.mentorId(), r.childId(), r.kind(), r.occurredOn())).toList();
        Function<String, Scheme> lookup = c -> schemes.get(c).orElse(null);
        return Compliance.periods(spans, lookup, entries, from, asOf);
    }

    /**
     * The overdue obligations of a school as of a day, for the children in {@code visible} (per-mentor obligations
     * when the mentor has a pair with one of them); {@code visible == null}: all.
     */
    List<ObligationView> overdue(long school, LocalDate asOf, Map<Long, Child> visible) {
        List<Compliance.Item> items = periods(school, asOf.minusDays(settings.overdueDays()), asOf).stream().filter(i -> !i.met()).toList();
        return views(school, items, visible);
    }

    List<ObligationView> views(long school, List<Compliance.Item> items, Map<Long, Child> visible) {
        Map<Long, Mentor> mentors = store.mentorsById(items.stream().map(Compliance.Item::mentorId).distinct().toList());
        Set<Long> visibleMentors = new HashSet<>();
        if (visible != null) {
            for (Pair p : store.pairsOfSchool(school, false)) {
                if (visible.containsKey(p.childId())) {
                    visibleMentors.add(p.mentorId());
                }
            }
        }
        List<ObligationView> out = new ArrayList<>();
        for (Compliance.Item i : items) {
            if (visible != null && (i.childId() != null ? !visible.containsKey(i.childId()) : !visibleMentors.contains(i.mentorId()))) {
                continue;
            }
            Mentor m = mentors.get(i.mentorId());
            Child c = i.childId() == null || visible == null ? null : visible.get(i.childId());
            out.add(new ObligationView(i.scheme(), i.obligation().kind().name(), i.obligation().period().name(), i.obligation().min(),
                    i.obligation().basis().name(), i.mentorId(), m == null ? null : m.name(), m == null ? null : m.kind().name(),
                    i.childId(), c == null ? null : c.name(), i.pairId(), i.start(), i.end().minusDays(1), i.done(), i.met(),
                    i.obligation().source()));
        }
        return out;
    }

    /** Posts each overdue period of the school as an event once; @return how many were new. */
    int postOverdue(long school) {
        int n = 0;
        for (ObligationView v : overdue(school, calendar.today(), null)) {
            String key = school + "/" + v.mentorId() + "/" + (v.childId() == null ? "-" : v.childId()) + "/" + v.kind() + "/" + v.period()
                    + "/" + v.start();
            if (store.notice(key)) {
                events.post("obligation/OVERDUE", "schoolId", school, "childId", v.childId(), "mentorId", v.mentorId(), "kind", v.kind(),
                        "period", v.period(), "start", v.start().toString(), "done", v.done(), "min", v.min());
                n++;
            }
        }
        return n;
    }
}
