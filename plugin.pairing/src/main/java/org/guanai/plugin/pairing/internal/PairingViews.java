package org.guanai.plugin.pairing.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.Page;
import org.guanai.plugin.pairing.internal.Model.EndReason;
import org.guanai.plugin.pairing.internal.Model.Mentor;
import org.guanai.plugin.pairing.internal.Model.MentorRecord;
import org.guanai.plugin.pairing.internal.Model.Pair;
import org.guanai.plugin.pairing.internal.Model.Proposal;
import org.guanai.plugin.pairing.internal.Model.ProposalItem;
import org.guanai.plugin.pairing.internal.Model.Status;
import org.guanai.plugin.pairing.internal.rules.AssessmentRules;
import org.guanai.plugin.pairing.internal.rules.Dimension;
import org.guanai.plugin.pairing.internal.rules.MentorKind;
import org.guanai.plugin.pairing.internal.rules.Obligation;
import org.guanai.plugin.pairing.internal.rules.Scheme;
import org.guanai.plugin.pairing.internal.rules.Schemes;
import org.guanai.sdk.http.Paging;
import org.guanai.sdk.i18n.Label;
import org.guanai.sdk.time.CareCalendar;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * What the programme's page reads: its records joined with the names of children and mentors, limited to the children
 * the caller sees ({@link Roster#visible}).
 */
@Component(service = PairingViews.class)
public final class PairingViews {
    private final PairingStore store;
    private final StaffMentors staff;
    private final PairingSettings settings;
    private final Roster roster;
    private final CareCalendar calendar;

    @Activate
    public PairingViews(@Reference PairingStore store, @Reference StaffMentors staff, @Reference PairingSettings settings,
            @Reference Roster roster, @Reference CareCalendar calendar) {
        this.store = store;
        this.staff = staff;
        this.settings = settings;
        this.roster = roster;
        this.calendar = calendar;
    }

    /** A school's scheme as answered. */
    public record SchemeView(String code, String nameZh, String nameEn, List<List<String>> slots, int capacity, List<String> preconditions,
            List<Obligation> obligations, List<Integer> levels, boolean enabled, String source) {
        static SchemeView of(Scheme s) {
            return new SchemeView(s.code(), s.nameZh(), s.nameEn(),
                    s.slots().stream().map(slot -> slot.stream().map(Enum::name).sorted().toList()).toList(), s.capacity(),
                    s.preconditions().stream().map(Enum::name).sorted().toList(), s.obligations(), s.levels().stream().sorted().toList(),
                    s.enabled(), s.source());
        }
    }

    List<SchemeView> schemes(long school) {
        return settings.schemes(school).all().stream().map(SchemeView::of).toList();
    }

    Optional<SchemeView> scheme(long school, String code) {
        return settings.schemes(school).get(code).map(SchemeView::of);
    }

    /** The 心级 dimensions and thresholds. */
    Map<String, Object> rules() {
        AssessmentRules r = settings.rules();
        List<Map<String, String>> dims = new ArrayList<>();
        for (Dimension d : r.dimensions()) {
            Label name = settings.dimensionName(d);
            dims.add(Map.of("code", d.name(), "zh", name.zh(), "en", name.en()));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dimensions", dims);
        m.put("maxScore", AssessmentRules.MAX_SCORE);
        m.put("critical", r.critical().stream().map(Enum::name).sorted().toList());
        m.put("criticalScore", r.criticalScore());
        m.put("level2Total", r.level2Total());
        m.put("level3Total", r.level3Total());
        m.put("level4Total", r.level4Total());
        m.put("source", "[002 L371]");
        return m;
    }

    /** The school's mentors (staff made mentors first), with their load and capacity. */
    List<Map<String, Object>> mentors(long school, boolean includeInactive, String by) {
        staff.syncStaff(school, by);
        List<Mentor> ms = store.mentors(school, includeInactive);
        Map<Long, Integer> loads = store.loads(ms.stream().map(Mentor::id).toList());
        Schemes schemes = settings.schemes(school);
        List<Map<String, Object>> out = new ArrayList<>();
        for (Mentor m : ms) {
            Map<String, Object> v = Model.fields(m);
            v.put("load", loads.getOrDefault(m.id(), 0));
            v.put("effectiveCapacity", m.effectiveCapacity(schemes));
            out.add(v);
        }
        return out;
    }

    Map<String, Object> pair(Pair p, Child c, Mentor m) {
        Map<String, Object> v = Model.fields(p);
        v.put("childName", c == null ? null : c.name());
        v.put("classId", c == null ? null : c.classId());
        putMentor(v, m);
        return v;
    }

    /**
     * The mentor's fields of a pair or a record choice: name, kind, village and the last four digits of the phone, which
     * tell two mentors of the same name apart (尾号), as people say them.
     */
    private static void putMentor(Map<String, Object> v, Mentor m) {
        v.put("mentorName", m == null ? null : m.name());
        v.put("mentorKind", m == null ? null : m.kind().name());
        v.put("mentorVillage", m == null ? null : m.village());
        v.put("mentorPhoneTail", m == null || m.phone() == null || m.phone().length() < 4 ? null : m.phone().substring(m.phone().length() - 4));
    }

    private Map<Long, Mentor> mentorsOf(List<Pair> pairs) {
        return store.mentorsById(pairs.stream().map(Pair::mentorId).distinct().toList());
    }

    /** The pairs of the children the caller sees: open ones, or all with {@code history}. */
    List<Map<String, Object>> pairs(long school, boolean history) {
        List<Pair> ofSchool = store.pairsOfSchool(school, !history);
        Map<Long, Child> visible = roster.visibleOf(school, ofSchool.stream().map(Pair::childId).toList());
        List<Pair> pairs = ofSchool.stream().filter(p -> visible.containsKey(p.childId())).toList();
        Map<Long, Mentor> mentors = mentorsOf(pairs);
        return pairs.stream().map(p -> pair(p, visible.get(p.childId()), mentors.get(p.mentorId()))).toList();
    }

    /**
     * What the record form offers: the pairs in force of the children the caller sees and, for a caller bound to classes
     * (a class teacher), each child of her classes with no pair in force, with the head teacher of its class as its
     * default mentor ({@code "default": true}; {@link Recording#mayRecord} lets that mentor record).
     */
    List<Map<String, Object>> recordChoices(long school, boolean allClasses) {
        List<Map<String, Object>> out = new ArrayList<>(pairs(school, false).stream().filter(p -> p.get("status") == Status.ACTIVE)
                .toList());
        if (allClasses) {
            return out;
        }
        java.util.Set<Long> paired = out.stream().map(p -> ((Number) p.get("childId")).longValue()).collect(Collectors.toSet());
        Map<Long, Mentor> heads = new HashMap<>();
        for (Mentor m : store.mentors(school, false)) {
            if (m.kind() == MentorKind.TEACHER && m.active() && m.classId() != null) {
                heads.putIfAbsent(m.classId(), m);
            }
        }
        for (Child c : roster.children(school)) {
            Mentor head = c.classId() == null ? null : heads.get(c.classId());
            if (head == null || paired.contains(c.id())) {
                continue;
            }
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("id", "class-" + c.id());
            v.put("childId", c.id());
            v.put("childName", c.name());
            v.put("classId", c.classId());
            v.put("mentorId", head.id());
            putMentor(v, head);
            v.put("default", true);
            out.add(v);
        }
        return out;
    }

    /**
     * A page of the children the caller sees, in the registry's order (class, name, id), each with its level, open pairs,
     * and the mentors who left and are not replaced yet (帮扶人离岗). Only the page's children are read, with their pairs
     * and assessments: the whole school (50,000 children in the benchmark's county) took seconds and most of a small heap.
     */
    Page<BoardRow> board(long school, Paging paging) {
        Page<Child> children = roster.page(school, paging);
        List<Long> ids = children.items().stream().map(Child::id).toList();
        Map<Long, Integer> levels = store.levelsOf(school, ids);
        List<Pair> all = store.pairsOfChildren(school, ids);
        Map<Long, List<Pair>> open = all.stream().filter(p -> p.status() != Status.ENDED).collect(Collectors.groupingBy(Pair::childId));
        Map<Long, Mentor> mentors = mentorsOf(all);
        Map<Long, List<String>> flagged = new HashMap<>();
        for (Pair p : all) {
            if (p.endReason() == EndReason.MENTOR_LEFT) {
                MentorKind kind = mentors.get(p.mentorId()).kind();
                boolean replaced = open.getOrDefault(p.childId(), List.of()).stream().anyMatch(o -> mentors.get(o.mentorId()).kind() == kind
                        && !o.startsOn().isBefore(p.endsOn()));
                if (!replaced) {
                    flagged.computeIfAbsent(p.childId(), k -> new ArrayList<>()).add(mentors.get(p.mentorId()).name());
                }
            }
        }
        List<BoardRow> rows = children.items().stream().map(c -> {
            List<Map<String, Object>> ps = open.getOrDefault(c.id(), List.of()).stream().map(p -> {
                Mentor m = mentors.get(p.mentorId());
                return Map.<String, Object>of("pairId", p.id(), "scheme", p.scheme(), "status", p.status().name(), "mentorId", m.id(),
                        "mentorName", m.name(), "mentorKind", m.kind().name());
            }).toList();
            return new BoardRow(c.id(), c.name(), c.classId(), c.village(), levels.get(c.id()), ps, flagged.getOrDefault(c.id(), List.of()));
        }).toList();
        return new Page<>(rows, children.total(), children.page(), children.size());
    }

    /** A row of the board: a child, its level, its open pairs and the mentors who left unreplaced. */
    record BoardRow(long childId, String name, Long classId, String village, Integer level, List<Map<String, Object>> pairs,
            List<String> mentorLeft) {
    }

    /** A child's pairs (history), assessments and records. */
    Map<String, Object> child(Child c, long school) {
        List<Pair> pairs = store.pairsOfChild(c.id());
        Map<Long, Mentor> mentors = mentorsOf(pairs);
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("childId", c.id());
        v.put("name", c.name());
        v.put("classId", c.classId());
        v.put("pairs", pairs.stream().map(p -> pair(p, c, mentors.get(p.mentorId()))).toList());
        v.put("assessments", store.assessments(c.id()));
        v.put("records", store.records(school, LocalDate.of(2000, 1, 1), calendar.today().plusDays(1), null, c.id()));
        return v;
    }

    /** The records of the children the caller sees (and the per-mentor ones), with names. */
    List<Map<String, Object>> records(long school, LocalDate from, LocalDate to, Long mentor, Long child) {
        List<MentorRecord> ofSchool = store.records(school, from, to, mentor, child);
        Map<Long, Child> visible = roster.visibleOf(school, ofSchool.stream().map(MentorRecord::childId).filter(Objects::nonNull).toList());
        List<MentorRecord> recs = ofSchool.stream().filter(r -> r.childId() == null || visible.containsKey(r.childId())).toList();
        Map<Long, Mentor> mentors = store.mentorsById(recs.stream().map(MentorRecord::mentorId).distinct().toList());
        List<Map<String, Object>> out = new ArrayList<>();
        for (MentorRecord r : recs) {
            Map<String, Object> v = Model.fields(r);
            v.put("mentorName", Optional.ofNullable(mentors.get(r.mentorId())).map(Mentor::name).orElse(null));
            v.put("childName", r.childId() == null ? null : visible.get(r.childId()).name());
            out.add(v);
        }
        return out;
    }

    /**
     * A proposal with its mentors' names: a teacher's covers the children they see; a county proposal or an
     * administrator's, every item.
     */
    Map<String, Object> proposal(Proposal p, boolean everyItem) {
        Map<String, Object> v = Model.fields(p);
        v.remove("items");
        Map<Long, Mentor> mentors = store.mentorsById(p.items().stream().map(ProposalItem::mentorId).filter(Objects::nonNull)
                .distinct().toList());
        Predicate<ProposalItem> shown;
        if (p.county() || everyItem) {
            shown = i -> true;
        } else {
            Map<Long, Child> visible = roster.visible(p.schoolId());
            shown = i -> visible.containsKey(i.childId());
        }
        List<Map<String, Object>> items = new ArrayList<>();
        for (ProposalItem i : p.items()) {
            if (shown.test(i)) {
                Map<String, Object> m = Model.fields(i);
                Mentor mentor = i.mentorId() == null ? null : mentors.get(i.mentorId());
                m.put("mentorName", mentor == null ? null : mentor.name());
                m.put("mentorKind", mentor == null ? null : mentor.kind().name());
                items.add(m);
            }
        }
        v.put("items", items);
        return v;
    }
}
