package org.guanai.plugin.awards.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import org.guanai.core.api.care.MentoringRecords;

/** The programme's records, as stored and answered (codes in JSON; the page, the certificate and the exports show words). */
final class Model {
    private Model() {
    }

    /** Who may be nominated: a child or staff member of the registry, a mentor of the pairing programme, or a person named by hand. */
    enum NomineeKind {
        CHILD, STAFF, MENTOR, PERSON
    }

    /**
     * The awards (domain §8.4), per school year; each says whom it is for. {@code mentorKinds}: the pairing programme's
     * kinds of mentor it fits (empty: no mentor).
     */
    enum Award {
        /** 留守儿童关爱奖 for 校外辅导员, 代理家长 and 心理健康辅导教师 [000 L849]. */
        CARE_AWARD(Set.of(NomineeKind.STAFF, NomineeKind.MENTOR, NomineeKind.PERSON),
                Set.of(MentoringRecords.PROXY_PARENT, MentoringRecords.VOLUNTEER, MentoringRecords.CADRE, MentoringRecords.TEACHER)),
        /** 优秀留守儿童 [000 L239][000 L517][000 L765]. */
        EXCELLENT_CHILD(Set.of(NomineeKind.CHILD), Set.of()),
        /** 优秀小老师: a pupil who helps another [000 L765]. */
        LITTLE_TEACHER(Set.of(NomineeKind.CHILD, NomineeKind.MENTOR), Set.of(MentoringRecords.PEER)),
        /** 先进爱心妈妈 [000 L765]. */
        LOVING_MOTHER(Set.of(NomineeKind.MENTOR, NomineeKind.PERSON), Set.of(MentoringRecords.LOVING_MOTHER)),
        /** 留守儿童工作先进工作者 [000 L263]: staff, paired teachers and cadres. */
        ADVANCED_WORKER(Set.of(NomineeKind.STAFF, NomineeKind.MENTOR, NomineeKind.PERSON),
                Set.of(MentoringRecords.TEACHER, MentoringRecords.CADRE));

        final Set<NomineeKind> nominees;
        final Set<String> mentorKinds;

        Award(Set<NomineeKind> nominees, Set<String> mentorKinds) {
            this.nominees = nominees;
            this.mentorKinds = mentorKinds;
        }

        /** @return whether a nominee of this kind (and, for a mentor, of this kind of mentor) fits the award */
        boolean fits(NomineeKind kind, String mentorKind) {
            return nominees.contains(kind) && (kind != NomineeKind.MENTOR || mentorKinds.contains(mentorKind));
        }
    }

    /** Where a nomination stands: nominated, approved by the school, approved by the county (granted), refused. */
    enum State {
        NOMINATED, SCHOOL_APPROVED, APPROVED, REFUSED
    }

    /** Who is nominated, as a client names them; exactly the ids of its kind. */
    record Nominee(NomineeKind kind, Long childId, Long staffId, String mentorKind, Long mentorId, String name, String role) {
    }

    /** One line of evidence: a figure and its source, in words, in both languages. */
    record Fact(String zh, String en) {
    }

    /** A nomination, with the nominee's name and the evidence as they were when nominated. */
    record Nomination(Long id, long version, long schoolId, Award award, int schoolYear, Nominee nominee, String reason, List<Fact> evidence,
            State state, String nominatedBy, Instant nominatedAt, String schoolBy, Instant schoolAt, String countyBy, Instant countyAt,
            LocalDate grantedOn, String refusal) {
        Nomination {
            evidence = List.copyOf(evidence);
        }
    }
}
