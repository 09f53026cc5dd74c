package org.guanai.core.registry.internal;

import java.lang.annotation.Annotation;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Set;

import javax.sql.DataSource;

import org.guanai.core.api.dto.BoardingType;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.ChildFlag;
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
import org.guanai.core.registry.internal.audit.AuditLog;
import org.guanai.core.registry.internal.registry.ChildServiceImpl;
import org.guanai.core.registry.internal.registry.EligibilityConfig;
import org.guanai.core.registry.internal.registry.EligibilityConfig.ParentRule;
import org.guanai.core.registry.internal.registry.EligibilityPolicy;
import org.guanai.core.registry.internal.registry.GuardianServiceImpl;
import org.guanai.core.registry.internal.registry.IdNumber;
import org.guanai.core.registry.internal.registry.SchoolServiceImpl;
import org.guanai.core.registry.internal.security.RequestCallerContext;

/**
 * The three registry services on one fresh in-memory database, wired by hand as the component runtime would, with a
 * recording Event Admin and the fixed clock of {@link TestSupport}. Also builds valid records for the tests.
 */
public final class TestRegistry {
    public final DataSource db;
    public final RecordingEventAdmin events;
    public final CurrentActor actor;
    public final SchoolServiceImpl schools;
    public final ChildServiceImpl children;
    public final GuardianServiceImpl guardians;
    /** The caller of the services: none (the platform itself) unless a test enters one. */
    public final RequestCallerContext callers;
    public final AuditLog audit;

    public TestRegistry(String purpose) {
        this(TestSupport.migratedDatabase(purpose), TestSupport.CLOCK, new RecordingEventAdmin(), new CurrentActor(),
                new RequestCallerContext(), null);
    }

    /** @param shared the audit log to share ({@code null}: a new one); it writes alone, as in the platform */
    private TestRegistry(DataSource db, Clock clock, RecordingEventAdmin events, CurrentActor actor,
            RequestCallerContext callers, AuditLog shared) {
        this.db = db;
        this.events = events;
        this.actor = actor;
        this.callers = callers;
        this.audit = shared != null ? shared : new AuditLog(db, actor, clock);
        this.schools = SchoolServiceImpl.forTests(db, events, actor, clock, callers, audit);
        this.children = ChildServiceImpl.forTests(db, events, actor, new EligibilityPolicy(eligibility(16,
                ParentRule.BOTH_AWAY_OR_ONE_WITHOUT_CAPACITY, 0)), clock, callers, audit);
        this.guardians = GuardianServiceImpl.forTests(db, events, actor, clock, callers, audit);
    }

    /** The same database, events, actor and audit log, seen through services whose clock reads {@code clock}. */
    public TestRegistry at(Clock clock) {
        return new TestRegistry(db, clock, events, actor, callers, audit);
    }

    /** Runs {@code work} as {@code caller}. */
    public <T> T as(org.guanai.core.api.Caller caller, java.util.function.Supplier<T> work) {
        org.guanai.core.api.Caller previous = callers.enter(caller);
        try {
            return work.get();
        } finally {
            callers.restore(previous);
        }
    }

    public void close() {
        TestSupport.shutdown(db);
    }

    /** The eligibility configuration annotation, implemented as the component runtime would. */
    public static EligibilityConfig eligibility(int ageCap, ParentRule parentRule, int minMonthsAway) {
        return new EligibilityConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return EligibilityConfig.class;
            }

            @Override
            public int ageCap() {
                return ageCap;
            }

            @Override
            public ParentRule parentRule() {
                return parentRule;
            }

            @Override
            public int minMonthsAway() {
                return minMonthsAway;
            }
        };
    }

    // ---- records

    public School school(String name) {
        return schools.createSchool(new School(null, 0, name, null, "贵州省遵义市习水县", "温水镇", "温水镇街上", "0851-2123456", false));
    }

    public Staff teacher(long schoolId, String name) {
        return schools.createStaff(new Staff(null, 0, schoolId, name, StaffRole.HEAD_TEACHER, Gender.FEMALE, "13912345678", "语文",
                true));
    }

    public SchoolClass schoolClass(long schoolId, int grade, String name) {
        return schools.createClass(new SchoolClass(null, 0, schoolId, grade, name, null));
    }

    /** A valid new child; the ID number agrees with birth date and gender. */
    public static Child newChild(String name, Gender gender, LocalDate birth, int sequence, long schoolId, Long classId,
            LeftBehindType type) {
        int seq = gender == Gender.MALE ? (sequence * 2 + 1) % 1000 : (sequence * 2) % 1000;
        return new Child(null, 0, name, gender, birth, IdNumber.of("520330", birth, seq), null, "汉族", schoolId, classId,
                BoardingType.DAY, "贵州省遵义市习水县温水镇大坪村3组", "大坪村", type, null, false, "健康", "画画", Set.of(), false, null,
                null);
    }

    public Child child(String name, Gender gender, LocalDate birth, int sequence, long schoolId, Long classId, LeftBehindType type) {
        return children.create(newChild(name, gender, birth, sequence, schoolId, classId, type));
    }

    public static Child withName(Child c, String name) {
        return new Child(c.id(), c.version(), name, c.gender(), c.birthDate(), c.idNumber(), c.studentNumber(), c.ethnicity(),
                c.schoolId(), c.classId(), c.boarding(), c.homeAddress(), c.village(), c.leftBehindType(), c.leftBehindSince(),
                c.unattended(), c.healthNote(), c.hobbies(), c.flags(), c.archived(), c.createdAt(), c.updatedAt());
    }

    public static Child withIdNumber(Child c, String idNumber) {
        return new Child(c.id(), c.version(), c.name(), c.gender(), c.birthDate(), idNumber, c.studentNumber(), c.ethnicity(),
                c.schoolId(), c.classId(), c.boarding(), c.homeAddress(), c.village(), c.leftBehindType(), c.leftBehindSince(),
                c.unattended(), c.healthNote(), c.hobbies(), c.flags(), c.archived(), c.createdAt(), c.updatedAt());
    }

    public static Child inClass(Child c, Long schoolId, Long classId) {
        return new Child(c.id(), c.version(), c.name(), c.gender(), c.birthDate(), c.idNumber(), c.studentNumber(), c.ethnicity(),
                schoolId, classId, c.boarding(), c.homeAddress(), c.village(), c.leftBehindType(), c.leftBehindSince(),
                c.unattended(), c.healthNote(), c.hobbies(), c.flags(), c.archived(), c.createdAt(), c.updatedAt());
    }

    public static Child withFlagsAndHobbies(Child c, Set<ChildFlag> flags, String hobbies) {
        return new Child(c.id(), c.version(), c.name(), c.gender(), c.birthDate(), c.idNumber(), c.studentNumber(), c.ethnicity(),
                c.schoolId(), c.classId(), c.boarding(), c.homeAddress(), c.village(), c.leftBehindType(), c.leftBehindSince(),
                c.unattended(), c.healthNote(), hobbies, flags, c.archived(), c.createdAt(), c.updatedAt());
    }

    public static Parent newParent(long childId, ParentRole role, String name, boolean away, LocalDate awaySince, boolean capacity) {
        return new Parent(null, 0, childId, role, name, null, null, away, away ? "广东省" : null, away ? "东莞市" : null, null, null,
                null, awaySince, null, null, capacity, false);
    }

    public static Guardian newGuardian(long childId, GuardianKind kind, String name, boolean primary) {
        return new Guardian(null, 0, childId, kind, name, "奶奶", "务农", "温水镇大坪村3组", "15912345678", "良好", 66, null, primary);
    }

    public static Guardian primary(Guardian g, boolean primary) {
        return new Guardian(g.id(), g.version(), g.childId(), g.kind(), g.name(), g.relation(), g.occupation(), g.address(),
                g.phone(), g.health(), g.age(), g.birthDate(), primary);
    }
}
