package org.guanai.sdk.data;

import java.sql.SQLException;

/** A database failure outside the programme's control (answered {@code 500}); wraps the {@link SQLException}. */
public final class DataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DataException(SQLException cause) {
        super(cause.getMessage(), cause);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }

    /** @return the SQL state of the failure, if it came from the database */
    public String sqlState() {
        return getCause() instanceof SQLException s ? s.getSQLState() : null;
    }

    /** @return whether a unique key or primary key was violated ({@code 23505}) */
    public boolean uniqueViolation() {
        return "23505".equals(sqlState());
    }
}
