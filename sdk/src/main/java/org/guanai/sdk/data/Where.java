package org.guanai.sdk.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code WHERE} clause of a query with optional filters: its conditions joined by {@code AND}, with their arguments in
 * order. A filter whose value is {@code null} (the caller asked for all) is left out:
 *
 * <pre>{@code
 * Where w = Where.of("school_id = ?", school).filter("semester = ?", semester).filter("status = ?", status);
 * return db.read(sql -> sql.list("SELECT * FROM calls_call " + w + " ORDER BY id DESC", CallStore::call, w.args()));
 * }</pre>
 *
 * @since 1.1
 */
public final class Where {
    private final StringBuilder clause = new StringBuilder("WHERE ");
    private final List<Object> args = new ArrayList<>();

    private Where(String condition, Object... args) {
        clause.append(condition);
        this.args.addAll(Arrays.asList(args));
    }

    /**
     * @param condition the condition every row must meet, with {@code ?} for its arguments
     * @param args      its arguments
     * @return a clause of that condition
     */
    public static Where of(String condition, Object... args) {
        return new Where(condition, args);
    }

    /**
     * @param condition a condition with one {@code ?}, for {@code value}
     * @param value     its argument; {@code null}: no filter
     * @return this clause, with {@code AND condition} unless {@code value} is {@code null}
     */
    public Where filter(String condition, Object value) {
        if (value != null) {
            clause.append(" AND ").append(condition);
            args.add(value);
        }
        return this;
    }

    /**
     * @param column a column (or an aliased one, {@code a.child_id})
     * @param values the values it may have (a page's ids): one {@code ?} each; none: no row
     * @return this clause, with {@code AND column IN (?, …)}, or {@code AND 1 = 0} when {@code values} is empty
     * @since 1.2
     */
    public Where in(String column, java.util.Collection<?> values) {
        if (values.isEmpty()) {
            clause.append(" AND 1 = 0");
            return this;
        }
        clause.append(" AND ").append(column).append(" IN (").append("?, ".repeat(values.size() - 1)).append("?)");
        args.addAll(values);
        return this;
    }

    /** @return the arguments of the conditions, in order, for {@link Sql}'s statements */
    public Object[] args() {
        return args.toArray();
    }

    /** @return the clause, {@code WHERE <condition> AND …} */
    @Override
    public String toString() {
        return clause.toString();
    }
}
