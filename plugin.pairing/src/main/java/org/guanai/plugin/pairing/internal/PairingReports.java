package org.guanai.plugin.pairing.internal;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.guanai.core.api.SchoolService;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.School;
import org.guanai.core.api.dto.SchoolClass;
import org.guanai.plugin.pairing.internal.Model.Mentor;
import org.guanai.plugin.pairing.internal.Model.Pair;
import org.guanai.plugin.pairing.internal.Model.Status;
import org.guanai.plugin.pairing.internal.Obligations.ObligationView;
import org.guanai.plugin.pairing.internal.rules.Basis;
import org.guanai.plugin.pairing.internal.rules.MentorKind;
import org.guanai.plugin.pairing.internal.rules.Period;
import org.guanai.plugin.pairing.internal.rules.RecordKind;
import org.guanai.plugin.pairing.internal.rules.Scheme;
import org.guanai.plugin.pairing.internal.rules.Schemes;
import org.guanai.sdk.export.Column;
import org.guanai.sdk.export.Percent;
import org.guanai.sdk.export.Table;
import org.guanai.sdk.i18n.Label;
import org.guanai.sdk.i18n.Texts;
import org.guanai.sdk.time.CareCalendar;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The reports: 结对率 by class (or, for the county, by school), 帮扶人负担, 职责履行率 and 心级分布. Each is answered as JSON
 * rows (ids and codes, for the page) and as a table to export (中文 headers and labels, rates as percentages, no ids).
 */
@Component(service = PairingReports.class)
public final class PairingReports {
    private final PairingStore store;
    private final Obligations obligations;
    private final SchoolService schools;
    private final Texts texts;
    private final PairingSettings settings;
    private final Roster roster;
    private final CareCalendar calendar;

    @Activate
    public PairingReports(@Reference PairingStore store, @Reference Obligations obligations, @Reference SchoolService schools,
            @Reference Texts texts, @Reference PairingSettings settings, @Reference Roster roster, @Reference CareCalendar calendar) {
        this.store = store;
        this.obligations = obligations;
        this.schools = schools;
        this.texts = texts;
        this.settings = settings;
        this.roster = roster;
        this.calendar = calendar;
    }

    /** A report: its rows as the JSON answer has them, and the same as a table to export. */
    record Report(List<?> items, Table table) {
    }

    /** 结对率 of a class ({@code classId} null: no class; {@code className} {@code TOTAL}: the school's total). */
    public record CoverageRow(Long classId, String className, long children, long paired, long fullyPaired, double rate) {
    }

    /** 结对率 of a school, in the county's report. */
    public record SchoolCoverage(long children, long paired, long fullyPaired, double rate, long schoolId) {
    }

    /** 帮扶人负担: a mentor's open pairs against capacity. */
    public record LoadRow(long mentorId, String name, MentorKind kind, int pairs, int capacity) {
    }

    /** 职责履行率: of one obligation of a scheme, the periods due in the month and how many were met. */
    public record ComplianceRow(String scheme, RecordKind kind, Period period, Basis basis, long due, long met, double rate) {
    }

    /** 心级分布: children at a level ({@code 1}–{@code 4} or {@code unassessed}). */
    public record LevelRow(String level, long children) {
    }

    private Column col(String key) {
        return new Column(texts.zh("col." + key), texts.en("col." + key));
    }

    private static double rate(long part, long whole) {
        return whole == 0 ? 0.0 : Math.round(1000.0 * part / whole) / 1000.0;
    }

    /** 结对率 of the school's children the caller sees, per class, and the total last. */
    Report coverage(long school) {
        List<CoverageRow> rows = coverageRows(school);
        Table.Builder t = Table.builder(texts.zh("report.coverage"), col("class"), col("children"), col("paired"), col("fullyPaired"),
                col("rate"));
        for (CoverageRow r : rows) {
            Object name = "TOTAL".equals(r.className()) ? texts.label("total") : r.className() != null ? r.className() : texts.label("noClass");
            t.row(name, r.children(), r.paired(), r.fullyPaired(), Percent.of(r.paired(), r.children()));
        }
        return new Report(rows, t.build());
    }

    /** 结对率 of every school of the county the programme is enabled for. */
    Report countyCoverage() {
        List<SchoolCoverage> rows = new ArrayList<>();
        Table.Builder t = Table.builder(texts.zh("report.countyCoverage"), col("school"), col("children"), col("paired"),
                col("fullyPaired"), col("rate"));
        for (long school : roster.countySchools()) {
            List<CoverageRow> per = coverageRows(school);
            CoverageRow total = per.get(per.size() - 1);
            rows.add(new SchoolCoverage(total.children(), total.paired(), total.fullyPaired(), total.rate(), school));
            t.row(schools.school(school).map(School::name).orElse(null), total.children(), total.paired(), total.fullyPaired(),
                    Percent.of(total.paired(), total.children()));
        }
        return new Report(rows, t.build());
    }

    /**
     * 结对率 per class and the total. The children of each class are counted by the registry (its list totals), and only the
     * children with an active pair or an assessment are read: every other child is unpaired, and fully paired only if its
     * schemes ask for no mentor. Reading every child of the school took seconds for a large one.
     */
    private List<CoverageRow> coverageRows(long school) {
        Schemes schemes = settings.schemes(school);
        Map<Long, Integer> levels = store.levels(school);
        Map<Long, List<Pair>> open = store.pairsOfSchool(school, true).stream().filter(p -> p.status() == Status.ACTIVE)
                .collect(Collectors.groupingBy(Pair::childId));
        Map<Long, Mentor> mentors = store.mentorsById(open.values().stream().flatMap(List::stream).map(Pair::mentorId)
                .distinct().toList());
        Map<Long, String> classNames = new HashMap<>();
        for (SchoolClass c : schools.classes(school)) {
            classNames.put(c.id(), c.name());
        }
        Set<Long> individual = new HashSet<>(open.keySet());
        individual.addAll(levels.keySet());
        Map<Long, long[]> byClass = tally(roster.countsByClass(school, classNames.keySet()), roster.visibleOf(school, individual).values(),
                levels, open, mentors, schemes);
        List<CoverageRow> out = new ArrayList<>();
        long[] total = new long[3];
        for (Map.Entry<Long, long[]> e : byClass.entrySet()) {
            long[] r = e.getValue();
            out.add(new CoverageRow(e.getKey() < 0 ? null : e.getKey(), classNames.get(e.getKey()), r[0], r[1], r[2], rate(r[1], r[0])));
            for (int i = 0; i < 3; i++) {
                total[i] += r[i];
            }
        }
        out.add(new CoverageRow(null, "TOTAL", total[0], total[1], total[2], rate(total[1], total[0])));
        return out;
    }

    /**
     * Children, paired and fully paired per class ({@link #NO_CLASS} for none), in the order of the class ids.
     *
     * @param counts     the children per class, as the registry counts them (classes without children may be left out)
     * @param individual the children with an active pair or an assessment
     */
    static Map<Long, long[]> tally(Map<Long, Long> counts, Collection<Child> individual, Map<Long, Integer> levels, Map<Long, List<Pair>> open,
            Map<Long, Mentor> mentors, Schemes schemes) {
        // a child without an assessment or a pair: unpaired; fully paired only if its schemes ask for no mentor
        boolean unassessedFull = schemes.slotsFor(null).isEmpty();
        Map<Long, long[]> byClass = new TreeMap<>();
        counts.forEach((k, n) -> {
            if (n > 0) {
                byClass.put(k, new long[] { n, 0, unassessedFull ? n : 0 });
            }
        });
        Map<Long, Long> seen = new HashMap<>();
        for (Child c : individual) {
            long key = c.classId() == null ? NO_CLASS : c.classId();
            long[] row = byClass.computeIfAbsent(key, k -> new long[3]);
            seen.merge(key, 1L, Long::sum);
            row[2] -= unassessedFull ? 1 : 0;
            List<Pair> left = new ArrayList<>(open.getOrDefault(c.id(), List.of()));
            row[1] += left.isEmpty() ? 0 : 1;
            boolean full = true;
            for (Set<MentorKind> slot : schemes.slotsFor(levels.get(c.id()))) {
                Optional<Pair> f = left.stream().filter(p -> slot.contains(mentors.get(p.mentorId()).kind())).findFirst();
                f.ifPresent(left::remove);
                full &= f.isPresent();
            }
            row[2] += full ? 1 : 0;
        }
        // the counts may be up to a few seconds older than the children just read (the registry keeps its totals briefly)
        seen.forEach((k, n) -> {
            long[] row = byClass.get(k);
            row[0] = Math.max(row[0], n);
            row[2] = Math.max(0, Math.min(row[2], row[0]));
        });
        return byClass;
    }

    /** 报表 (issue 20): the school's children and those with a pair in force (the total of {@link #coverage}). */
    long[] pairedTotal(long school) {
        List<CoverageRow> rows = coverageRows(school);
        CoverageRow total = rows.get(rows.size() - 1);
        return new long[] { total.children(), total.paired() };
    }

    /**
     * 报表 (issue 20): per kind of record, the obligation periods that ended between {@code from} and {@code to}
     * (exclusive; today at the latest) and how many were met, as {@link #compliance} counts them for a month.
     */
    Map<RecordKind, long[]> dueAndMet(long school, LocalDate from, LocalDate to) {
        LocalDate asOf = to.isAfter(calendar.today()) ? calendar.today() : to;
        Map<RecordKind, long[]> out = new java.util.EnumMap<>(RecordKind.class);
        for (RecordKind k : RecordKind.values()) {
            out.put(k, new long[2]);
        }
        if (asOf.isAfter(from)) {
            for (ObligationView v : obligations.views(school, obligations.periods(school, from, asOf), ids -> roster.visibleOf(school, ids))) {
                long[] r = out.get(RecordKind.valueOf(v.kind()));
                r[0]++;
                r[1] += v.met() ? 1 : 0;
            }
        }
        return out;
    }

    /** The key of the children without a class in {@link #tally}. */
    static final long NO_CLASS = -1L;

    /** 帮扶人负担: per active mentor of the school, open pairs against capacity. */
    Report load(long school) {
        Schemes schemes = settings.schemes(school);
        List<Mentor> ms = store.mentors(school, false);
        Map<Long, Integer> loads = store.loads(ms.stream().map(Mentor::id).toList());
        List<LoadRow> rows = new ArrayList<>();
        Table.Builder t = Table.builder(texts.zh("report.load"), col("mentor"), col("kind"), col("pairs"), col("capacity"));
        for (Mentor m : ms) {
            LoadRow r = new LoadRow(m.id(), m.name(), m.kind(), loads.getOrDefault(m.id(), 0), m.effectiveCapacity(schemes));
            rows.add(r);
            t.row(r.name(), texts.label("mentorKind." + r.kind()), r.pairs(), r.capacity());
        }
        return new Report(rows, t.build());
    }

    /** 职责履行率: per obligation, the periods of the children the caller sees that ended in the month, and how many were met. */
    Report compliance(long school, YearMonth month) {
        LocalDate from = month.atDay(1);
        LocalDate to = month.plusMonths(1).atDay(1);
        LocalDate asOf = to.isAfter(calendar.today()) ? calendar.today() : to;
        Map<String, long[]> byObligation = new TreeMap<>();
        Map<String, ObligationView> first = new HashMap<>();
        for (ObligationView v : obligations.views(school, obligations.periods(school, from, asOf), ids -> roster.visibleOf(school, ids))) {
            String key = v.scheme() + "|" + v.kind() + "|" + v.period() + "|" + v.basis();
            first.putIfAbsent(key, v);
            long[] r = byObligation.computeIfAbsent(key, k -> new long[2]);
            r[0]++;
            r[1] += v.met() ? 1 : 0;
        }
        Schemes schemes = settings.schemes(school);
        List<ComplianceRow> rows = new ArrayList<>();
        Table.Builder t = Table.builder(texts.zh("report.compliance"), col("scheme"), col("duty"), col("period"), col("basis"), col("due"),
                col("met"), col("rate"));
        for (Map.Entry<String, long[]> e : byObligation.entrySet()) {
            ObligationView v = first.get(e.getKey());
            long[] n = e.getValue();
            ComplianceRow r = new ComplianceRow(v.scheme(), RecordKind.valueOf(v.kind()), Period.valueOf(v.period()), Basis.valueOf(v.basis()),
                    n[0], n[1], rate(n[1], n[0]));
            rows.add(r);
            Optional<Scheme> s = schemes.get(r.scheme());
            t.row(s.map(x -> new Label(x.nameZh(), x.nameEn())).orElse(null), texts.label("recordKind." + r.kind()),
                    texts.label("period." + r.period().name()), texts.label("basis." + r.basis().name()), r.due(), r.met(),
                    Percent.of(r.met(), r.due()));
        }
        return new Report(rows, t.build());
    }

    /**
     * 心级分布: the children the caller sees per current level, and those not assessed (the children the registry counts for
     * the caller, less the assessed ones).
     */
    Report levels(long school) {
        Map<Long, Integer> levels = store.levels(school);
        Map<String, Long> counts = new java.util.LinkedHashMap<>();
        for (String k : List.of("1", "2", "3", "4", "unassessed")) {
            counts.put(k, 0L);
        }
        // the assessed children the caller sees, read by id; the others are counted by the registry, not read
        long assessed = 0;
        for (Child c : roster.visibleOf(school, levels.keySet()).values()) {
            counts.merge(String.valueOf(levels.get(c.id())), 1L, Long::sum);
            assessed++;
        }
        counts.put("unassessed", Math.max(0, roster.count(school) - assessed));
        List<LevelRow> rows = new ArrayList<>();
        Table.Builder t = Table.builder(texts.zh("report.levels"), col("level"), col("children"));
        counts.forEach((level, n) -> {
            rows.add(new LevelRow(level, n));
            t.row(level.equals("unassessed") ? texts.label("level.none") : texts.label("level.n", Integer.valueOf(level)), n);
        });
        return new Report(rows, t.build());
    }
}
