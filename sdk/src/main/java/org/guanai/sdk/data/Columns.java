package org.guanai.sdk.data;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * Reads a column of the current row that may be {@code NULL}, for {@link Row}s: {@code NULL} is {@code null}, where
 * {@link ResultSet#getLong} would answer {@code 0}.
 *
 * @since 1.1
 */
public final class Columns {
    private Columns() {
    }

    /** @return the {@code BIGINT} of {@code column}, or {@code null} */
    public static Long longOrNull(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    /** @return the {@code TIMESTAMP WITH TIME ZONE} of {@code column} as an instant, or {@code null} */
    public static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
