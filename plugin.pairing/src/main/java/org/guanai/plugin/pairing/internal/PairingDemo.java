package org.guanai.plugin.pairing.internal;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.guanai.core.api.SchoolService;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.Gender;
import org.guanai.core.api.dto.Staff;
import org.guanai.core.api.dto.StaffRole;
import org.guanai.core.api.programme.Programme;
import org.guanai.core.api.programme.ProgrammeDemo;
import org.guanai.plugin.pairing.internal.Model.Mentor;
import org.guanai.plugin.pairing.internal.Model.MentorRecord;
import org.guanai.plugin.pairing.internal.Model.Pair;
import org.guanai.plugin.pairing.internal.Model.PreconditionRecord;
import org.guanai.plugin.pairing.internal.rules.Dimension;
import org.guanai.plugin.pairing.internal.rules.MentorKind;
import org.guanai.plugin.pairing.internal.rules.Precondition;
import org.guanai.plugin.pairing.internal.rules.RecordKind;
import org.guanai.plugin.pairing.internal.rules.Schemes;
import org.guanai.plugin.pairing.internal.rules.Topic;
import org.guanai.sdk.time.CareCalendar;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * 演示数据 for the demo county, entered as a user would, through the programme's components: every child assessed (about one in
 * twenty at 心级 4), subject teachers, 爱心妈妈 of the children's villages and village cadres enough for every child,
 * a few pairs started six weeks ago with their talks, calls and home visits — one teacher made only one home visit in
 * the last full week (overdue) — a 代理家长 waiting for the parents' consent, a 小老师 after the class test and survey,
 * and a 爱心妈妈 who left (her child is proposed a replacement). The rest is left for the assignment proposal.
 */
@Component(property = Programme.ID_PROPERTY + "=" + PairingProgramme.ID)
public final class PairingDemo implements ProgrammeDemo {
    private static final String BY = "demo";
    private static final String[] SURNAMES = { "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "罗" };
    private static final String[] GIVEN = { "芳", "敏", "静", "丽", "娟", "霞", "秀兰", "桂英", "玉梅", "红", "艳", "萍" };
    private static final String[] SUBJECTS = { "语文", "数学", "英语", "科学", "音乐", "美术", "体育", "道德与法治" };

    private final PairingStore store;
    private final SchoolService schools;
    private final PairingSettings settings;
    private final Roster roster;
    private final CareCalendar calendar;
    private final Recording recording;
    private final StaffMentors staffMentors;
    private final Pairs pairs;

    @Activate
    public PairingDemo(@Reference PairingStore store, @Reference SchoolService schools, @Reference PairingSettings settings,
            @Reference Roster roster, @Reference CareCalendar calendar, @Reference Recording recording,
            @Reference StaffMentors staffMentors, @Reference Pairs pairs) {
        this.store = store;
        this.schools = schools;
        this.settings = settings;
        this.roster = roster;
        this.calendar = calendar;
        this.recording = recording;
        this.staffMentors = staffMentors;
        this.pairs = pairs;
    }

    @Override
    public void load(List<Long> schoolIds) {
        Random random = new Random(20261123L);
        LocalDate today = calendar.today();
        for (int i = 0; i < schoolIds.size(); i++) {
            loadSchool(schoolIds.get(i), i == 0, random, today);
        }
    }

    /** Demo data for one school; {@code showcase} adds the existing pairs and records. */
    void loadSchool(long school, boolean showcase, Random random, LocalDate today) {
        List<Child> kids = roster.children(school);
        if (kids.isEmpty()) {
            return;
        }
        // 心级: about one child in twenty at level 4 (监护 3), the rest levels 1–3 [002 L371]
        List<Child> levelFour = new ArrayList<>();
        for (int k = 0; k < kids.size(); k++) {
            Child c = kids.get(k);
            Map<Dimension, Integer> s = new EnumMap<>(Dimension.class);
            boolean four = k % 20 == 7;
            s.put(Dimension.PSYCH, random.nextInt(3));
            s.put(Dimension.PHYSICAL, random.nextInt(2));
            s.put(Dimension.ACADEMIC, random.nextInt(3));
            s.put(Dimension.GUARDIANSHIP, four ? 3 : random.nextInt(2));
            if (settings.rules().extraEnabled()) {
                s.put(Dimension.EXTRA, random.nextInt(2));
            }
            if (!four && s.get(Dimension.PSYCH) == 2 && s.get(Dimension.ACADEMIC) == 2) {
                s.put(Dimension.PHYSICAL, 0);
            }
            if (recording.assess(c, s, today.minusDays(40 + random.nextInt(10)), null, BY).level() == 4) {
                levelFour.add(c);
            }
        }
        // subject teachers (任课教师) join the head teachers as staff mentors [000 L563], at least six and enough for every
        // child to have a member of staff
        Schemesless cap = new Schemesless(settings.schemes(school));
        List<Mentor> staff = staffMentors.syncStaff(school, BY);
        int subjectTeachers = Math.max(6, (int) Math.ceil(kids.size() / (double) cap.teacher) - staff.size());
        for (int t = 0; t < subjectTeachers; t++) {
            schools.createStaff(new Staff(null, 0, school, name(random), StaffRole.TEACHER, Gender.FEMALE,
                    "139" + String.format("%08d", random.nextInt(100_000_000)), SUBJECTS[t % SUBJECTS.length], true));
        }
        staff = staffMentors.syncStaff(school, BY);
        // 爱心妈妈 from the children's villages, one for every child with room to spare [000 L707-709]
        Map<String, Integer> villages = new LinkedHashMap<>();
        kids.forEach(c -> villages.merge(c.village() == null ? "" : c.village(), 1, Integer::sum));
        int mothers = (int) Math.ceil(kids.size() / (double) cap.mother) + 3;
        List<String> villageNames = new ArrayList<>(villages.keySet());
        List<Mentor> motherList = new ArrayList<>();
        for (int m = 0; m < mothers; m++) {
            String v = villageNames.get(m % villageNames.size());
            motherList.add(store.insertMentor(new Mentor(null, school, MentorKind.LOVING_MOTHER, null, null, name(random) + "妈妈",
                    "138" + String.format("%08d", random.nextInt(100_000_000)), v.isEmpty() ? null : v, null, null, null, true, null,
                    null), BY));
        }
        // 责任干部 of the villages of the level-4 children, one for every two children [002 L371]
        Map<String, Integer> fourByVillage = new LinkedHashMap<>();
        levelFour.forEach(c -> fourByVillage.merge(c.village() == null ? "" : c.village(), 1, Integer::sum));
        for (Map.Entry<String, Integer> e : fourByVillage.entrySet()) {
            if (e.getKey().isEmpty()) {
                continue;
            }
            int n = (int) Math.ceil(e.getValue() / (double) cap.cadre);
            for (int k = 0; k < n; k++) {
                store.insertMentor(new Mentor(null, school, MentorKind.CADRE, null, null, name(random) + "（村干部）",
                        "137" + String.format("%08d", random.nextInt(100_000_000)), e.getKey(), null, null, null, true, null, null), BY);
            }
        }
        if (!showcase) {
            return;
        }
        showcase(school, kids, staff, motherList, levelFour, random, today);
    }

    private void showcase(long school, List<Child> kids, List<Mentor> staff, List<Mentor> mothers, List<Child> levelFour, Random random,
            LocalDate today) {
        // six full weeks ago, a Monday
        LocalDate start = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).minusWeeks(6);
        Mentor head = staff.stream().filter(m -> m.classId() != null).findFirst().orElse(staff.get(0));
        List<Child> ownClass = kids.stream().filter(c -> !levelFour.contains(c) && c.classId() != null && c.classId().equals(head.classId()))
                .limit(3).toList();
        List<Pair> headPairs = new ArrayList<>();
        for (Child c : ownClass) {
            headPairs.add(pairs.createPair(c, head, Schemes.STAFF, start, null, BY));
        }
        // the head teacher's records: a monthly 谈心 with each child, calls every two weeks, two home visits a week
        // except in the last full week, when only one was made (overdue)
        LocalDate lastWeek = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).minusWeeks(1);
        for (Pair p : headPairs) {
            for (LocalDate d = start.plusDays(3); !d.isAfter(today); d = d.plusMonths(1)) {
                store.insertRecord(new MentorRecord(null, school, head.id(), p.childId(), RecordKind.TALK, d,
                        List.of(Topic.STUDY, Topic.MOOD, Topic.FRIENDS), "谈心：学习有进步，想念在外打工的妈妈", "下周与奶奶沟通作业情况", BY));
            }
            for (LocalDate d = start.plusDays(1); !d.isAfter(today); d = d.plusWeeks(2)) {
                store.insertRecord(new MentorRecord(null, school, head.id(), p.childId(), RecordKind.PARENT_CALL, d, List.of(),
                        "与孩子母亲通电话，介绍在校情况", null, BY));
            }
        }
        for (LocalDate w = start; w.isBefore(today); w = w.plusWeeks(1)) {
            int visits = w.equals(lastWeek) ? 1 : 2;
            for (int v = 0; v < visits && w.plusDays(1 + 2L * v).isBefore(today); v++) {
                Pair p = headPairs.get((v + random.nextInt(headPairs.size())) % headPairs.size());
                store.insertRecord(new MentorRecord(null, school, head.id(), p.childId(), RecordKind.HOME_VISIT, w.plusDays(1 + 2L * v),
                        List.of(), "家访：与临时监护人交流孩子的生活与学习", null, BY));
            }
        }
        // a 爱心妈妈 who left: her child is open again, and the proposal names a replacement
        List<Child> rest = kids.stream().filter(c -> !levelFour.contains(c) && !ownClass.contains(c)).toList();
        if (rest.size() < 3 || mothers.size() < 2) {
            return;
        }
        Mentor leaving = mothers.get(mothers.size() - 1);
        pairs.createPair(rest.get(0), leaving, Schemes.LOVING_MOTHER_SCHEME, start, null, BY);
        pairs.mentorLeft(leaving, today.minusDays(3), BY);
        // a 代理家长, vetted, waiting for the parents' consent [002 L178-184]
        Mentor proxy = store.insertMentor(new Mentor(null, school, MentorKind.PROXY_PARENT, null, null, name(random) + "（代理家长）",
                "136" + String.format("%08d", random.nextInt(100_000_000)), rest.get(1).village(), null, null, today.minusDays(20), true,
                null, "关工委推荐，已审查"), BY);
        pairs.createPair(rest.get(1), proxy, Schemes.PROXY_PARENT_SCHEME, today.minusDays(10), null, BY);
        // a 小老师 after the class's grade test and survey [000 L705]
        Child helper = rest.get(2);
        List<Child> classmates = kids.stream().filter(c -> c != helper && c.classId() != null && c.classId().equals(helper.classId()))
                .toList();
        if (!classmates.isEmpty()) {
            for (Precondition p : List.of(Precondition.CLASS_TEST, Precondition.SURVEY)) {
                store.insertPrecondition(new PreconditionRecord(null, school, p, null, null, helper.classId(), today.minusDays(30), null, BY));
            }
            Mentor peer = store.insertMentor(new Mentor(null, school, MentorKind.PEER, null, helper.id(), helper.name(), null, helper.village(),
                    helper.classId(), null, null, true, null, "品学兼优"), BY);
            pairs.createPair(classmates.get(classmates.size() - 1), peer, Schemes.PEER_SCHEME, today.minusDays(21), null, BY);
        }
    }

    private static String name(Random random) {
        return SURNAMES[random.nextInt(SURNAMES.length)] + GIVEN[random.nextInt(GIVEN.length)];
    }

    /** The default capacities of a school's schemes. */
    private static final class Schemesless {
        final int teacher;
        final int mother;
        final int cadre;

        Schemesless(Schemes s) {
            teacher = s.defaultCapacity(MentorKind.TEACHER);
            mother = s.defaultCapacity(MentorKind.LOVING_MOTHER);
            cadre = s.defaultCapacity(MentorKind.CADRE);
        }
    }
}
