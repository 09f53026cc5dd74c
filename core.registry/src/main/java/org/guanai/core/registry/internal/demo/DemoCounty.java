package org.guanai.core.registry.internal.demo;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.guanai.core.api.ChildService;
import org.guanai.core.api.GuardianService;
import org.guanai.core.api.SchoolService;
import org.guanai.core.api.dto.BoardingType;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.Assistance;
import org.guanai.core.api.dto.ChildFlag;
import org.guanai.core.api.dto.HealthStatus;
import org.guanai.core.api.dto.IncomeSource;
import org.guanai.core.api.dto.Schooling;
import org.guanai.core.api.dto.ContactFrequency;
import org.guanai.core.api.dto.Gender;
import org.guanai.core.api.dto.Guardian;
import org.guanai.core.api.dto.GuardianKind;
import org.guanai.core.api.dto.LeftBehindType;
import org.guanai.core.api.dto.Parent;
import org.guanai.core.api.dto.ParentRole;
import org.guanai.core.api.dto.School;
import org.guanai.core.api.dto.SchoolClass;
import org.guanai.core.api.dto.Staff;
import org.guanai.core.api.dto.StaffRole;
import org.guanai.core.registry.internal.registry.IdNumber;
import org.guanai.core.registry.internal.registry.SchoolServiceImpl;

/**
 * A synthetic, reproducible demo county in rural Guizhou: two township primary schools with grades 1–6, children with
 * realistic names and valid 公民身份号码 (region 520330), parents working in the coastal provinces and guardians of whom
 * about half are grandparents. Every person is invented; the same seed and day give the same county.
 */
final class DemoCounty {
    static final String REGION = "520330";
    private static final String COUNTY = "贵州省遵义市习水县";

    private static final String[] SURNAMES = { "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高",
            "林", "何", "郭", "马", "罗", "袁", "母", "穆", "龙", "冉", "蔡", "付", "邓", "曾", "彭", "谢", "韩", "唐", "冯", "罗", "宋" };
    private static final String[] BOY = { "浩", "宇", "轩", "杰", "俊", "涛", "明", "鑫", "磊", "博", "豪", "辉", "强", "勇", "文", "鹏",
            "晨", "阳", "睿", "泽", "天", "子", "家", "志", "金", "成", "林", "峰", "建", "伟" };
    private static final String[] GIRL = { "欣", "怡", "婷", "雪", "梦", "佳", "琪", "雨", "思", "萱", "悦", "敏", "静", "丽", "芳", "娟",
            "涵", "彤", "可", "诗", "玉", "秀", "兰", "梅", "燕", "小", "晓", "艳", "嘉", "颖" };
    private static final String[][] WORK = { { "广东省", "东莞市" }, { "广东省", "深圳市" }, { "广东省", "佛山市" }, { "浙江省", "宁波市" },
            { "浙江省", "温州市" }, { "浙江省", "义乌市" }, { "福建省", "晋江市" }, { "福建省", "泉州市" }, { "江苏省", "苏州市" },
            { "上海市", "上海市" }, { "贵州省", "贵阳市" }, { "四川省", "成都市" } };
    private static final String[] TRADES = { "电子有限公司", "鞋业有限公司", "服装厂", "五金制品厂", "建筑工程有限公司", "物流有限公司",
            "家具厂", "塑胶制品有限公司", "餐饮管理有限公司", "纺织有限公司" };
    private static final String[] HOBBIES = { "画画", "唱歌", "跳绳", "篮球", "看书", "踢毽子", "乒乓球", "跑步", "下棋", "手工", "跳舞" };
    private static final String[] GRANDPARENT_HEALTH = { "良好", "良好", "一般", "高血压", "腿脚不便", "视力较差", "慢性支气管炎" };

    record Township(String name, String[] villages, String code) {
    }

    private static final Township[] TOWNSHIPS = {
            new Township("温水镇", new String[] { "大坪村", "青龙村", "中坝村", "黄金村", "群星村" }, "2152033001"),
            new Township("良村镇", new String[] { "太平村", "吼滩村", "白岩村", "长嵌沟村", "龙泉村" }, "2152033002") };

    /** What was loaded. */
    record Summary(int schools, int classes, int children, int parents, int guardians) {
    }

    private final Random random;
    private final LocalDate today;
    private final Set<String> usedIds = new HashSet<>();
    private final Set<String> usedPhones = new HashSet<>();

    DemoCounty(long seed, LocalDate today) {
        this.random = new Random(seed);
        this.today = today;
    }

    Summary load(SchoolService schools, ChildService children, GuardianService guardians, int childCount) {
        int classes = 0;
        int kids = 0;
        int parents = 0;
        int carers = 0;
        int perSchool = childCount / TOWNSHIPS.length;
        for (int t = 0; t < TOWNSHIPS.length; t++) {
            Township town = TOWNSHIPS[t];
            School school = schools.createSchool(new School(null, 0, "习水县" + town.name() + "中心小学", town.code(), COUNTY,
                    town.name(), COUNTY + town.name() + "街上", "0851-2" + digits(6), false));
            schools.createStaff(new Staff(null, 0, school.id(), name(Gender.MALE), StaffRole.PRINCIPAL, Gender.MALE, mobile(),
                    null, true));
            schools.createStaff(new Staff(null, 0, school.id(), name(Gender.FEMALE), StaffRole.COUNSELLOR, Gender.FEMALE,
                    mobile(), "心理健康", true));
            List<SchoolClass> schoolClasses = new ArrayList<>();
            for (int grade = 1; grade <= 6; grade++) {
                Gender g = random.nextInt(3) == 0 ? Gender.MALE : Gender.FEMALE;
                Staff head = schools.createStaff(new Staff(null, 0, school.id(), name(g), StaffRole.HEAD_TEACHER, g, mobile(),
                        grade % 2 == 0 ? "数学" : "语文", true));
                schools.createStaff(new Staff(null, 0, school.id(), name(Gender.FEMALE), StaffRole.TEACHER, Gender.FEMALE,
                        mobile(), grade % 2 == 0 ? "语文" : "数学", true));
                schoolClasses.add(schools.createClass(new SchoolClass(null, 0, school.id(), grade,
                        SchoolServiceImpl.grade(grade).nameZh() + "(1)班", head.id())));
                classes++;
            }
            int n = t == TOWNSHIPS.length - 1 ? childCount - perSchool * t : perSchool;
            for (int i = 0; i < n; i++) {
                SchoolClass klass = schoolClasses.get(i % schoolClasses.size());
                kids++;
                int[] counts = child(children, guardians, school, klass, town);
                parents += counts[0];
                carers += counts[1];
            }
        }
        return new Summary(TOWNSHIPS.length, classes, kids, parents, carers);
    }

    /** @return {parents, guardians} created for one child */
    private int[] child(ChildService children, GuardianService guardians, School school, SchoolClass klass, Township town) {
        Gender gender = random.nextBoolean() ? Gender.MALE : Gender.FEMALE;
        String surname = SURNAMES[random.nextInt(SURNAMES.length)];
        String name = surname + given(gender);
        // School year starts on 1 September: grade g pupils turn 6 + g during the year they entered grade 1 + g - 1.
        int schoolYear = today.getMonthValue() >= 9 ? today.getYear() : today.getYear() - 1;
        LocalDate earliest = LocalDate.of(schoolYear - 6 - klass.gradeLevel(), 9, 1);
        LocalDate birth = earliest.plusDays(random.nextInt(365));
        String id = idNumber(birth, gender);
        LeftBehindType type = pick(new LeftBehindType[] { LeftBehindType.BOTH_AWAY, LeftBehindType.BOTH_AWAY,
                LeftBehindType.BOTH_AWAY, LeftBehindType.BOTH_AWAY, LeftBehindType.BOTH_AWAY, LeftBehindType.FATHER_AWAY,
                LeftBehindType.FATHER_AWAY, LeftBehindType.FATHER_AWAY, LeftBehindType.MOTHER_AWAY, LeftBehindType.MOTHER_AWAY });
        LocalDate since = birth.plusDays(180 + random.nextInt((int) Math.max(1, today.toEpochDay() - birth.toEpochDay() - 180)));
        Set<ChildFlag> flags = EnumSet.noneOf(ChildFlag.class);
        if (random.nextInt(10) == 0) {
            flags.add(ChildFlag.POOR);
        }
        boolean singleParent = random.nextInt(20) == 0;
        if (singleParent) {
            flags.add(ChildFlag.SINGLE_PARENT);
        }
        if (random.nextInt(100) == 0) {
            flags.add(ChildFlag.DISABLED);
        }
        if (random.nextInt(30) == 0) {
            flags.add(ChildFlag.DIFFICULT);
        }
        String village = town.villages()[random.nextInt(town.villages().length)];
        boolean boarding = klass.gradeLevel() >= 4 && random.nextInt(10) < 3;
        Child drawn = new Child(null, 0, name, gender, birth, id, "G" + id, ethnicity(), school.id(),
                klass.id(), boarding ? BoardingType.BOARDING : BoardingType.DAY, COUNTY + town.name() + village
                        + (1 + random.nextInt(9)) + "组",
                village, type, since, random.nextInt(100) == 0, random.nextInt(12) == 0 ? "轻度近视" : "健康",
                HOBBIES[random.nextInt(HOBBIES.length)] + "、" + HOBBIES[random.nextInt(HOBBIES.length)], flags, false, null,
                null);
        // The 民政 登记表 fields follow from what was drawn (no further draws: the demo county stays the same children).
        boolean disabled = flags.contains(ChildFlag.DISABLED);
        Child child = children.create(drawn.toBuilder().hukouRegistered(true).hukouPlace(COUNTY + town.name() + village)
                .health(disabled ? HealthStatus.DISABLED : HealthStatus.HEALTHY)
                .healthNote(disabled && "健康".equals(drawn.healthNote()) ? "肢体残疾四级" : drawn.healthNote())
                .schooling(klass.gradeLevel() >= 7 ? Schooling.JUNIOR : Schooling.PRIMARY)
                .incomeSources(flags.contains(ChildFlag.POOR) ? Set.of(IncomeSource.WAGES, IncomeSource.GOVERNMENT_AID)
                        : Set.of(IncomeSource.WAGES, IncomeSource.FARMING))
                .assistance(flags.contains(ChildFlag.POOR) ? Set.of(Assistance.MINIMUM_LIVING) : Set.of())
                .villageContact(village + "村委会 0851-" + (3100000 + Math.floorMod(village.hashCode(), 900000))).build());

        boolean fatherAway = type != LeftBehindType.MOTHER_AWAY;
        boolean motherAway = type != LeftBehindType.FATHER_AWAY;
        int parents = 0;
        String[] work = WORK[random.nextInt(WORK.length)];
        guardians.addParent(parent(child, ParentRole.FATHER, surname + given(Gender.MALE), birth.minusYears(24 + random.nextInt(12)),
                fatherAway, work, since, !singleParent));
        parents++;
        if (!singleParent || random.nextBoolean()) {
            String motherSurname = SURNAMES[random.nextInt(SURNAMES.length)];
            guardians.addParent(parent(child, ParentRole.MOTHER, motherSurname + given(Gender.FEMALE),
                    birth.minusYears(22 + random.nextInt(12)), motherAway, random.nextInt(3) == 0 ? WORK[random.nextInt(WORK.length)] : work,
                    since, true));
            parents++;
        }

        int carers = 0;
        if (type == LeftBehindType.BOTH_AWAY) {
            int roll = random.nextInt(100);
            GuardianKind kind = roll < 62 ? GuardianKind.GRANDPARENTS : roll < 82 ? GuardianKind.MATERNAL_GRANDPARENTS
                    : roll < 92 ? GuardianKind.RELATIVE : roll < 97 ? GuardianKind.DELEGATED : GuardianKind.TEMPORARY;
            guardians.addGuardian(carer(child, kind, surname, village, town, true));
            carers++;
            if ((kind == GuardianKind.GRANDPARENTS || kind == GuardianKind.MATERNAL_GRANDPARENTS) && random.nextBoolean()) {
                guardians.addGuardian(carer(child, kind, surname, village, town, false));
                carers++;
            }
        } else {
            guardians.addGuardian(carer(child, GuardianKind.PARENT, surname, village, town, true));
            carers++;
            if (random.nextInt(3) == 0) {
                guardians.addGuardian(carer(child, GuardianKind.GRANDPARENTS, surname, village, town, false));
                carers++;
            }
        }
        return new int[] { parents, carers };
    }

    private Parent parent(Child child, ParentRole role, String name, LocalDate birth, boolean away, String[] work, LocalDate since,
            boolean capacity) {
        String employer = away ? work[1].replace("市", "") + pick(new String[] { "宏达", "永兴", "金盛", "华美", "鑫源", "利民", "创新" })
                + TRADES[random.nextInt(TRADES.length)] : null;
        return new Parent(null, 0, child.id(), role, name, mobile(), birth, away, away ? work[0] : null, away ? work[1] : null,
                employer, away ? work[0] + work[1] + pick(new String[] { "工业园区", "经济开发区", "高新区" }) + (1 + random.nextInt(200)) + "号"
                        : null,
                away && random.nextBoolean() ? "0" + (755 + random.nextInt(100)) + "-" + digits(8) : null,
                away ? since : null,
                away ? pick(new ContactFrequency[] { ContactFrequency.YEARLY, ContactFrequency.YEARLY, ContactFrequency.HALF_YEARLY,
                        ContactFrequency.QUARTERLY, ContactFrequency.RARELY }) : null,
                away ? pick(new ContactFrequency[] { ContactFrequency.WEEKLY, ContactFrequency.BIWEEKLY, ContactFrequency.BIWEEKLY,
                        ContactFrequency.MONTHLY, ContactFrequency.HALF_YEARLY }) : null,
                capacity, false);
    }

    private Guardian carer(Child child, GuardianKind kind, String surname, String village, Township town, boolean primary) {
        Gender g = primary ? (random.nextInt(3) == 0 ? Gender.MALE : Gender.FEMALE) : (random.nextBoolean() ? Gender.MALE : Gender.FEMALE);
        String relation;
        String name;
        int age;
        String occupation;
        switch (kind) {
            case GRANDPARENTS -> {
                relation = g == Gender.MALE ? "爷爷" : "奶奶";
                name = (g == Gender.MALE ? surname : SURNAMES[random.nextInt(SURNAMES.length)]) + given(g);
                age = 55 + random.nextInt(20);
                occupation = "务农";
            }
            case MATERNAL_GRANDPARENTS -> {
                relation = g == Gender.MALE ? "外公" : "外婆";
                name = SURNAMES[random.nextInt(SURNAMES.length)] + given(g);
                age = 55 + random.nextInt(20);
                occupation = "务农";
            }
            case PARENT -> {
                relation = child.leftBehindType() == LeftBehindType.FATHER_AWAY ? "母亲" : "父亲";
                g = child.leftBehindType() == LeftBehindType.FATHER_AWAY ? Gender.FEMALE : Gender.MALE;
                name = SURNAMES[random.nextInt(SURNAMES.length)] + given(g);
                age = 30 + random.nextInt(12);
                occupation = pick(new String[] { "务农", "个体经营", "在家照顾老人" });
            }
            case RELATIVE -> {
                relation = pick(new String[] { "伯父", "叔叔", "姑妈", "舅舅", "姨妈" });
                name = SURNAMES[random.nextInt(SURNAMES.length)] + given(g);
                age = 35 + random.nextInt(20);
                occupation = pick(new String[] { "务农", "个体经营", "村医" });
            }
            default -> {
                relation = pick(new String[] { "邻居", "村干部", "亲友" });
                name = SURNAMES[random.nextInt(SURNAMES.length)] + given(g);
                age = 35 + random.nextInt(25);
                occupation = pick(new String[] { "务农", "村委会委员", "退休教师" });
            }
        }
        String health = age >= 55 ? GRANDPARENT_HEALTH[random.nextInt(GRANDPARENT_HEALTH.length)] : "良好";
        return Guardian.builder().childId(child.id()).kind(kind).name(name).relation(relation).occupation(occupation)
                .address(COUNTY + town.name() + village + (1 + random.nextInt(9)) + "组").phone(mobile()).health(health).age(age)
                .primary(primary).build();
    }

    private String name(Gender g) {
        return SURNAMES[random.nextInt(SURNAMES.length)] + given(g);
    }

    private String given(Gender g) {
        String[] pool = g == Gender.MALE ? BOY : GIRL;
        String first = pool[random.nextInt(pool.length)];
        return random.nextInt(4) == 0 ? first : first + pool[random.nextInt(pool.length)];
    }

    private String ethnicity() {
        int r = random.nextInt(100);
        return r < 82 ? "汉族" : r < 90 ? "仡佬族" : r < 96 ? "苗族" : "土家族";
    }

    private String idNumber(LocalDate birth, Gender gender) {
        while (true) {
            int seq = random.nextInt(500) * 2 + (gender == Gender.MALE ? 1 : 0);
            String id = IdNumber.of(REGION, birth, seq);
            if (usedIds.add(id)) {
                return id;
            }
        }
    }

    private String mobile() {
        while (true) {
            String m = pick(new String[] { "13", "15", "18", "17", "19" }) + random.nextInt(10) + digits(8);
            if (usedPhones.add(m)) {
                return m;
            }
        }
    }

    private String digits(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(random.nextInt(10));
        }
        return sb.toString();
    }

    private <T> T pick(T[] values) {
        return values[random.nextInt(values.length)];
    }
}
