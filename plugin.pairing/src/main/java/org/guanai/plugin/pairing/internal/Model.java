package org.guanai.plugin.pairing.internal;

import java.lang.reflect.RecordComponent;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.guanai.plugin.pairing.internal.rules.MentorKind;
import org.guanai.plugin.pairing.internal.rules.Precondition;
import org.guanai.plugin.pairing.internal.rules.RecordKind;
import org.guanai.plugin.pairing.internal.rules.Schemes;
import org.guanai.plugin.pairing.internal.rules.Topic;

/** The programme's records, as stored and as answered in JSON. */
final class Model {
    private Model() {
    }

    /** @return a record's components by name, in order: the record as JSON answers it, to add names to */
    static Map<String, Object> fields(Record r) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (RecordComponent c : r.getClass().getRecordComponents()) {
            try {
                m.put(c.getName(), c.getAccessor().invoke(r));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return m;
    }

    /**
     * 帮扶人: a mentor.
     *
     * @param staffId  the registry staff member, for {@link MentorKind#TEACHER}
     * @param childId  the pupil, for {@link MentorKind#PEER} (小老师)
     * @param classId  the class the mentor is close to: a 班主任's class, a pupil's class
     * @param capacity the most children, {@code null} for the scheme's default
     * @param vettedOn 审查 date, for 代理家长
     * @param active   在岗; false once the mentor left or moved
     */
    record Mentor(Long id, long schoolId, MentorKind kind, Long staffId, Long childId, String name, String phone, String village,
            Long classId, Integer capacity, LocalDate vettedOn, boolean active, LocalDate leftOn, String note) {
        /** @return the most children: the mentor's own capacity, else the default of the school's schemes for its kind */
        int effectiveCapacity(Schemes schemes) {
            return capacity != null ? capacity : schemes.defaultCapacity(kind);
        }
    }

    /** Pair states. */
    enum Status {
        /** waiting for its preconditions */
        PENDING,
        /** in force */
        ACTIVE,
        /** over; kept as history */
        ENDED
    }

    /** Why a pair ended. */
    enum EndReason {
        /** 帮扶人离岗: the mentor left or moved */
        MENTOR_LEFT,
        /** 儿童离校: the child left the registry */
        CHILD_LEFT,
        /** 结束帮扶: ended by an administrator */
        ENDED
    }

    /** 结对: a child with a mentor under a scheme. */
    record Pair(Long id, long schoolId, long childId, long mentorId, String scheme, Status status, LocalDate startsOn,
            LocalDate endsOn, EndReason endReason, String note, String createdBy) {
    }

    /** 心级评估: one assessment; scores 0–3, {@code extra} only when the fifth dimension is configured. */
    record Assessment(Long id, long schoolId, long childId, LocalDate assessedOn, int psych, int physical, int academic,
            int guardianship, Integer extra, int total, int level, String rule, String note, String assessedBy) {
    }

    /** 记录: a talk (谈心记录卡), home visit or call to the parents. */
    record MentorRecord(Long id, long schoolId, long mentorId, Long childId, RecordKind kind, LocalDate occurredOn,
            List<Topic> topics, String notes, String followUp, String recordedBy) {
    }

    /** A precondition on record: for a child, a mentor or a class. */
    record PreconditionRecord(Long id, long schoolId, Precondition kind, Long childId, Long mentorId, Long classId,
            LocalDate recordedOn, String note, String recordedBy) {
    }

    /** A computed proposal. */
    record Proposal(Long id, long schoolId, boolean county, int children, int slots, int assigned, long cost, long millis,
            String createdBy, List<ProposalItem> items) {
    }

    /**
     * One proposed pair, or a child for whom no mentor could be found ({@code mentorId == null}).
     *
     * @param nearness     SAME_CLASS, SAME_VILLAGE or SAME_SCHOOL
     * @param loadAfter    the mentor's number of children with this pair
     * @param replacesPair the ended pair of a mentor who left, which this one replaces
     * @param pairId       the pair made when the item was accepted
     */
    record ProposalItem(Long id, long schoolId, long childId, Long classId, Integer level, Long mentorId, String scheme,
            String nearness, Integer loadAfter, Integer capacity, Long replacesPair, String explainZh, String explainEn,
            Long pairId) {
    }
}
