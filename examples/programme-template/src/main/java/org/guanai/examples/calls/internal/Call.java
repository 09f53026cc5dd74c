package org.guanai.examples.calls.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;

import org.guanai.core.api.dto.ParentRole;

/**
 * 亲情电话: one call between a child and a parent, as stored and answered.
 *
 * @param id         database id, {@code null} before it is stored
 * @param childId    the child (core registry id)
 * @param schoolId   the child's school
 * @param parentRole the parent called
 * @param calledAt   when
 * @param minutes    how long
 * @param note       what was talked about, optional
 * @param recordedBy who recorded it
 */
public record Call(Long id, long childId, long schoolId, ParentRole parentRole, Instant calledAt, int minutes, String note,
        String recordedBy) {

    /** @return the call of the current row of {@code calls_call} */
    static Call of(ResultSet rs) throws SQLException {
        return new Call(rs.getLong("id"), rs.getLong("child_id"), rs.getLong("school_id"), ParentRole.valueOf(rs.getString("parent_role")),
                rs.getObject("called_at", OffsetDateTime.class).toInstant(), rs.getInt("minutes"), rs.getString("note"),
                rs.getString("recorded_by"));
    }
}
