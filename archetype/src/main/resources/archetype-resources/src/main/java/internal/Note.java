package ${package}.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;

/**
 * A note on a child, as stored and answered.
 *
 * @param id         database id, {@code null} before it is stored
 * @param childId    the child (core registry id)
 * @param schoolId   the child's school
 * @param day        the day it is about
 * @param text       what was seen or done
 * @param recordedBy who wrote it
 */
public record Note(Long id, long childId, long schoolId, LocalDate day, String text, String recordedBy) {

    /** @return the note of the current row of {@code ${programmeId}_note} */
    static Note of(ResultSet rs) throws SQLException {
        return new Note(rs.getLong("id"), rs.getLong("child_id"), rs.getLong("school_id"), rs.getObject("note_day", LocalDate.class),
                rs.getString("note_text"), rs.getString("recorded_by"));
    }
}
