package org.guanai.sdk.data;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Statements on one connection. Parameters are bound by type: {@code null}, {@code String}, numbers, {@code Boolean},
 * {@code java.time.LocalDate}, {@code LocalDateTime}, {@code Instant} and {@code OffsetDateTime} (stored as
 * {@code TIMESTAMP WITH TIME ZONE}), {@code BigDecimal}, enums (by name), {@code byte[]}. Implemented by the core.
 */
@ProviderType
public interface Sql {

    /** @return the connection, for what the helpers do not cover; do not close it, nor commit */
    Connection connection();

    /** @return how many rows an {@code INSERT}, {@code UPDATE} or {@code DELETE} changed */
    int update(String sql, Object... args) throws SQLException;

    /** Runs an {@code INSERT} into a table whose key is an identity column {@code id}; @return the new id */
    long insert(String sql, Object... args) throws SQLException;

    /** Runs the same statement once per argument list, as one batch; @return the rows changed per statement */
    int[] batch(String sql, List<Object[]> argLists) throws SQLException;

    /** @return every row, mapped */
    <T> List<T> list(String sql, Row<T> row, Object... args) throws SQLException;

    /** @return the first row, mapped, if there is one */
    <T> Optional<T> one(String sql, Row<T> row, Object... args) throws SQLException;

    /** @return the {@code long} in the first column of the first row (a {@code COUNT(*)}); 0 without a row or for NULL */
    long count(String sql, Object... args) throws SQLException;
}
