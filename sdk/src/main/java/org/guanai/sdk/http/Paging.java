package org.guanai.sdk.http;

/**
 * The page a list request asks for.
 *
 * @param page zero-based page number
 * @param size records per page, 1–500
 */
public record Paging(int page, int size) {

    /** @return how many records come before this page */
    public long offset() {
        return (long) page * size;
    }
}
