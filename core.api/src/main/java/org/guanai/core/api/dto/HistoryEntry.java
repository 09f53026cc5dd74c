package org.guanai.core.api.dto;

import java.time.Instant;

/**
 * 变更记录: one change of one field of a registry record (who, when, field, old value, new value).
 * The archive must follow every change of the child's situation (domain §2.4).
 *
 * @param id         entry id, increasing
 * @param entityType {@code child}, {@code parent}, {@code guardian}, {@code school}, {@code class} or {@code staff}
 * @param entityId   id of the changed record
 * @param childId    the child the record belongs to, {@code null} for school records
 * @param action     {@code CREATED}, {@code UPDATED}, {@code ARCHIVED} or {@code REMOVED}
 * @param field      the changed field (record component name), {@code null} for whole-record actions
 * @param oldValue   the value before, as text
 * @param newValue   the value after, as text
 * @param actor      who made the change
 * @param at         when
 */
public record HistoryEntry(long id, String entityType, long entityId, Long childId, String action, String field,
        String oldValue, String newValue, String actor, Instant at) {
}
