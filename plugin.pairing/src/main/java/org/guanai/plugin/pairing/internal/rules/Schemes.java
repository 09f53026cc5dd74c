package org.guanai.plugin.pairing.internal.rules;

import static org.guanai.plugin.pairing.internal.rules.Basis.MENTOR;
import static org.guanai.plugin.pairing.internal.rules.Basis.PAIR;
import static org.guanai.plugin.pairing.internal.rules.MentorKind.CADRE;
import static org.guanai.plugin.pairing.internal.rules.MentorKind.LOVING_MOTHER;
import static org.guanai.plugin.pairing.internal.rules.MentorKind.PEER;
import static org.guanai.plugin.pairing.internal.rules.MentorKind.PROXY_PARENT;
import static org.guanai.plugin.pairing.internal.rules.MentorKind.TEACHER;
import static org.guanai.plugin.pairing.internal.rules.MentorKind.VOLUNTEER;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The seed's default schemes (domain §4.1, §4.2) and the rules that follow from a school's scheme settings: which
 * mentors a child of a 心级 level needs, and a mentor's default capacity.
 */
public final class Schemes {
    public static final String STAFF = "STAFF";
    public static final String LOVING_MOTHER_SCHEME = "LOVING_MOTHER";
    public static final String PROXY_PARENT_SCHEME = "PROXY_PARENT";
    public static final String PEER_SCHEME = "PEER";
    public static final String CADRE_TEACHER = "CADRE_TEACHER";
    public static final String VOLUNTEER_SCHEME = "VOLUNTEER";

    private final Map<String, Scheme> byCode;

    /** @param schemes a school's schemes, in order of preference */
    public Schemes(List<Scheme> schemes) {
        Map<String, Scheme> m = new LinkedHashMap<>();
        for (Scheme s : schemes) {
            m.put(s.code(), s);
        }
        this.byCode = java.util.Collections.unmodifiableMap(m);
    }

    /**
     * The seed defaults. Where the seed gives no number the choice is marked "configurable" and each school may
     * change it (capacity, obligations, enabled).
     */
    public static List<Scheme> defaults() {
        List<Scheme> out = new ArrayList<>();
        // P1/P2: 教职工结对帮扶, each teacher 2-3 pupils [003 L17] ("23" = 2-3, domain §0); monthly 谈心 with a 记录卡
        // [000 L333][001 L22]; ≥ 2 家访 per teacher per week [000 L197]; a call to the parents every two weeks [000 L467].
        out.add(new Scheme(STAFF, "教职工结对帮扶", "Staff pairing", List.of(Set.of(TEACHER)), 3, Set.of(),
                List.of(new Obligation(RecordKind.TALK, Period.MONTH, 1, PAIR, "[000 L333][001 L22]"),
                        new Obligation(RecordKind.HOME_VISIT, Period.WEEK, 2, MENTOR, "[000 L197][000 L233]"),
                        new Obligation(RecordKind.PARENT_CALL, Period.TWO_WEEKS, 1, PAIR, "[000 L467]")),
                Set.of(1, 2, 3), true, "[000 L327-329][001 L19-20][003 L17]"));
        // P6: 爱心妈妈, one mother for every left-behind child, whatever the level, beside the child's teacher (九个一 (4)); a
        // mother may have several children [000 L707-709]; weekly talk on five topics [000 L709]. "Several" has no
        // number: capacity 4 is configurable.
        out.add(new Scheme(LOVING_MOTHER_SCHEME, "爱心妈妈", "Loving mother", List.of(Set.of(LOVING_MOTHER)), 4, Set.of(),
                List.of(new Obligation(RecordKind.TALK, Period.WEEK, 1, PAIR, "[000 L709]")), Set.of(1, 2, 3, 4), true,
                "[000 L707-709][000 L725]"));
        // P4: 代理家长, in force only after the parents' consent and the vetting [002 L178-184]; 1:1 implied; duties
        // "定期" without a number [002 L180-182]: monthly talk and call, configurable.
        out.add(new Scheme(PROXY_PARENT_SCHEME, "代理家长", "Proxy parent", List.of(Set.of(PROXY_PARENT)), 1,
                EnumSet.of(Precondition.PARENT_CONSENT, Precondition.VETTING),
                List.of(new Obligation(RecordKind.TALK, Period.MONTH, 1, PAIR, "[002 L180-182]"),
                        new Obligation(RecordKind.PARENT_CALL, Period.MONTH, 1, PAIR, "[002 L182]")),
                Set.of(), true, "[002 L172-196]"));
        // P19: 小老师 一帮一, 1:1, only after the class's grade test and physical/mental survey [000 L705].
        out.add(new Scheme(PEER_SCHEME, "小老师一帮一", "Peer helper", List.of(Set.of(PEER)), 1,
                EnumSet.of(Precondition.CLASS_TEST, Precondition.SURVEY), List.of(), Set.of(), true, "[000 L705][000 L321]"));
        // P10: 二对一 "干部+教师" for 心级 level 4 [002 L371]; 8453 adults for 4570 children, so about one child each;
        // capacity 2 is configurable. Village cadres visit at least weekly [000 L143]; monthly home visit configurable.
        out.add(new Scheme(CADRE_TEACHER, "二对一（干部+教师）", "Two-to-one (cadre + teacher)",
                List.of(Set.of(CADRE), Set.of(TEACHER)), 2, Set.of(),
                List.of(new Obligation(RecordKind.HOME_VISIT, Period.MONTH, 1, PAIR, "[002 L371][000 L143]"),
                        new Obligation(RecordKind.TALK, Period.MONTH, 1, PAIR, "[002 L371]")),
                Set.of(4), true, "[002 L371]"));
        // P12: 志愿者结对, two volunteers to one child [002 L134-137]; periodic phone contact.
        out.add(new Scheme(VOLUNTEER_SCHEME, "志愿者结对（二对一）", "Volunteer pairing (2:1)",
                List.of(Set.of(VOLUNTEER), Set.of(VOLUNTEER)), 2, Set.of(),
                List.of(new Obligation(RecordKind.PARENT_CALL, Period.MONTH, 1, PAIR, "[002 L136]")), Set.of(), true,
                "[002 L134-137]"));
        return out;
    }

    public Optional<Scheme> get(String code) {
        return Optional.ofNullable(byCode.get(code));
    }

    public List<Scheme> all() {
        return List.copyOf(byCode.values());
    }

    /**
     * The mentors a child of a 心级 level needs, one set of admissible kinds per slot: the slots of the enabled scheme for
     * the level with several slots (二对一 for level 4 [002 L371]) if there is one, then one slot for each other enabled
     * scheme for the level whose kind is not among them. Levels 1–3 need a member of staff (教职工结对, the school's
     * responsibility [002 L371]) and a 爱心妈妈 (九个一 (4): one for every left-behind child [000 L707-709]); level 4 a cadre,
     * a teacher and a 爱心妈妈. An unassessed child counts as level 1.
     */
    public List<Set<MentorKind>> slotsFor(Integer level) {
        int l = level == null ? 1 : level;
        List<Scheme> candidates = byCode.values().stream().filter(s -> s.enabled() && s.levels().contains(l)).toList();
        List<Set<MentorKind>> out = new ArrayList<>();
        EnumSet<MentorKind> covered = EnumSet.noneOf(MentorKind.class);
        candidates.stream().filter(s -> s.slots().size() > 1).findFirst().ifPresent(s -> {
            out.addAll(s.slots());
            s.slots().forEach(covered::addAll);
        });
        for (Scheme s : candidates) {
            if (s.slots().size() == 1) {
                EnumSet<MentorKind> kinds = EnumSet.noneOf(MentorKind.class);
                s.slots().get(0).stream().filter(k -> !covered.contains(k)).forEach(kinds::add);
                if (!kinds.isEmpty()) {
                    out.add(Set.copyOf(kinds));
                    covered.addAll(kinds);
                }
            }
        }
        return List.copyOf(out);
    }

    /** @return the scheme a pair filling {@code slotKinds} with a mentor of {@code kind} belongs to, for a level */
    public Optional<Scheme> schemeFor(Integer level, MentorKind kind) {
        int l = level == null ? 1 : level;
        List<Scheme> candidates = byCode.values().stream().filter(s -> s.enabled() && s.levels().contains(l)).toList();
        for (Scheme s : candidates) {
            if (s.slots().size() > 1 && s.admits(kind)) {
                return Optional.of(s);
            }
        }
        return candidates.stream().filter(s -> s.admits(kind)).findFirst();
    }

    /** @return a mentor's default capacity: that of the first scheme admitting the kind whose only mentor it is */
    public int defaultCapacity(MentorKind kind) {
        return byCode.values().stream().filter(s -> s.slots().size() == 1 && s.admits(kind)).findFirst()
                .or(() -> byCode.values().stream().filter(s -> s.admits(kind)).findFirst()).map(Scheme::capacity).orElse(1);
    }
}
