package org.guanai.examples.calls.internal;

import java.time.OffsetDateTime;

/**
 * 亲情电话: one call between a child and a parent.
 *
 * @param id         database id
 * @param childId    the child (core registry id)
 * @param schoolId   the child's school
 * @param parentRole FATHER or MOTHER
 * @param calledAt   when
 * @param minutes    how long
 * @param note       what was talked about, optional
 * @param recordedBy who recorded it
 */
public record Call(Long id, long childId, long schoolId, String parentRole, OffsetDateTime calledAt, int minutes, String note,
        String recordedBy) {
}
