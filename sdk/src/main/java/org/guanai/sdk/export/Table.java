package org.guanai.sdk.export;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A table to export.
 *
 * @param title   the sheet's name (中文, at most 31 characters in xlsx)
 * @param columns the columns, in order
 * @param rows    the rows, each with one cell per column
 */
public record Table(String title, List<Column> columns, List<List<Object>> rows) {

    /** Checks that every row has one cell per column and copies the lists (cells may be {@code null}). */
    public Table {
        columns = List.copyOf(columns);
        List<List<Object>> copy = new ArrayList<>(rows.size());
        for (List<Object> row : rows) {
            if (row.size() != columns.size()) {
                throw new IllegalArgumentException("a row of " + row.size() + " cells in a table of " + columns.size() + " columns");
            }
            copy.add(java.util.Collections.unmodifiableList(new ArrayList<>(row)));
        }
        rows = java.util.Collections.unmodifiableList(copy);
    }

    /** @return a table with the given columns and no rows yet; add them with {@link Builder#row} */
    public static Builder builder(String title, Column... columns) {
        return new Builder(title, Arrays.asList(columns));
    }

    /** Collects rows. */
    public static final class Builder {
        private final String title;
        private final List<Column> columns;
        private final List<List<Object>> rows = new ArrayList<>();

        Builder(String title, List<Column> columns) {
            this.title = title;
            this.columns = List.copyOf(columns);
        }

        /** Adds a row, one cell per column. */
        public Builder row(Object... cells) {
            rows.add(Arrays.asList(cells));
            return this;
        }

        /** @return the table */
        public Table build() {
            return new Table(title, columns, rows);
        }
    }
}
