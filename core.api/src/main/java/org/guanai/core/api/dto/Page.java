package org.guanai.core.api.dto;

import java.util.List;

/**
 * One page of a query result.
 *
 * @param items the records of this page
 * @param total how many records match in all
 * @param page  zero-based page number
 * @param size  page size asked for
 * @param <T>   record type
 */
public record Page<T>(List<T> items, long total, int page, int size) {
    /** Copies the item list. */
    public Page {
        items = List.copyOf(items);
    }
}
