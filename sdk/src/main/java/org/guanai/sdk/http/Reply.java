package org.guanai.sdk.http;

import java.util.Map;

/**
 * What a handler answers when {@code 200} with a JSON body is not enough.
 *
 * @param status  the HTTP status
 * @param headers extra headers, e.g. {@code Location}
 * @param body    written as JSON, or a {@link Download} written as a file, or {@code null} for none
 */
public record Reply(int status, Map<String, String> headers, Object body) {

    /** Copies the headers. */
    public Reply {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    /** @return {@code 200} with a JSON body */
    public static Reply ok(Object body) {
        return new Reply(200, Map.of(), body);
    }

    /**
     * @param location the new record's path, e.g. from {@link Request#link(String)}
     * @return {@code 201 Created} with a {@code Location} and the record as JSON
     */
    public static Reply created(String location, Object body) {
        return new Reply(201, Map.of("Location", location), body);
    }

    /** @return {@code 204 No Content} */
    public static Reply noContent() {
        return new Reply(204, Map.of(), null);
    }

    /** @return {@code 200} with a file */
    public static Reply file(Download download) {
        return new Reply(200, Map.of(), download);
    }
}
