package org.guanai.plugin.activities.internal;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/** The programme's records. */
final class Model {
    private Model() {
    }

    /**
     * 活动: an event of the school, with the children who took part.
     *
     * @param id           database id
     * @param schoolId     the school
     * @param heldOn       date held
     * @param type         {@link Checklists.ActivityType}
     * @param title        what it was
     * @param organiser    who organised it (teacher, 学生处, 团委 …)
     * @param atHome       held in the 留守儿童之家 (part of its ledger)
     * @param note         optional
     * @param participants child ids
     * @param evidence     photos
     * @param createdBy    user
     * @param createdAt    when entered
     */
    record Activity(Long id, long schoolId, LocalDate heldOn, String type, String title, String organiser, boolean atHome,
            String note, List<Long> participants, List<EvidenceFile> evidence, String createdBy, OffsetDateTime createdAt) {
    }

    /** 活动照片: one evidence file of an activity; the bytes are kept by {@link EvidenceFiles}. */
    record EvidenceFile(long id, long activityId, long schoolId, String fileName, String mediaType, long size, String sha256,
            String uploadedBy, OffsetDateTime uploadedAt) {
    }

    /**
     * 个人记录: a per-child record (亲情电话, 书信, 有意义的事, 谈心, 结对 …).
     *
     * @param kind        {@link Checklists.RecordKind}
     * @param occurredOn  the day (for a pair: its first day)
     * @param untilOn     for a pair: its last day, {@code null} while it lasts
     * @param scheme      for a pair or a talk: {@link Checklists.Scheme}, else {@code null}
     * @param counterpart to or with whom (父亲, 爱心妈妈 name, partner …)
     * @param occasion    for a letter: {@link Checklists.Occasion}
     * @param minutes     for a call: its length
     */
    record ChildRecord(Long id, long schoolId, long childId, String kind, LocalDate occurredOn, LocalDate untilOn, String scheme,
            String counterpart, String occasion, Integer minutes, String note, String createdBy, OffsetDateTime createdAt) {
    }

    /** 留守儿童之家 of a school. */
    record Home(long schoolId, String name, LocalDate openedOn, String manager, String note, OffsetDateTime updatedAt) {
    }

    /** A resource of the home (亲情电话机, 电脑, 图书 …). */
    record Resource(Long id, long schoolId, String kind, String name, int quantity, String note, OffsetDateTime updatedAt) {
    }
}
