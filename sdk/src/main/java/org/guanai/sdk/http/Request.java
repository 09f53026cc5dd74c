package org.guanai.sdk.http;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.guanai.core.api.Caller;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.SchoolClass;
import org.guanai.core.api.dto.Staff;
import org.guanai.sdk.i18n.Texts;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One request to a declared route, with typed access to what it carries. Every accessor refuses bad input the same
 * way for every programme, before the handler sees it: a path parameter that is not a record of the request's school
 * answers {@code 404}; a bad query parameter or body field answers {@code 400} naming it, in 中文 and English. Nothing
 * here returns an unchecked value. Implemented by the core; valid only during the handler call.
 */
@ProviderType
public interface Request {

    /** Largest JSON body {@link #body(Class)} reads (1 MiB); a larger one answers {@code 413}. */
    int MAX_JSON_BYTES = 1 << 20;
    /** Largest number of elements of any JSON array in a body; a longer one answers {@code 400} naming it. */
    int MAX_LIST_SIZE = 1000;
    /** Earliest date accepted anywhere in a request (a body field or a query parameter). */
    LocalDate MIN_DATE = LocalDate.of(1900, 1, 1);
    /** Latest date accepted anywhere in a request. */
    LocalDate MAX_DATE = LocalDate.of(2100, 12, 31);

    /** @return {@code GET}, {@code POST}, {@code PUT} or {@code DELETE} */
    String method();

    /** @return who is asking, with their roles, permissions and reach */
    Caller caller();

    /** @return the caller's user name, for "recorded by" fields */
    String user();

    /** @return the school the request acts for; programme routes always have one */
    long school();

    /**
     * @param permission a name relative to the programme ({@code manage}) or a core permission id
     *                   ({@code registry.personal})
     * @return whether the caller holds it
     */
    boolean has(String permission);

    /** @throws org.guanai.core.api.ForbiddenException ({@code 403}) unless the caller holds the permission */
    void require(String permission);

    // ---- path

    /**
     * @param name a parameter of the route's path, e.g. {@code semester} for {@code semesters/{semester}}
     * @return its decoded value
     */
    String path(String name);

    /**
     * @param name a path parameter holding a record id
     * @return the id, a positive {@code long}; anything else answers {@code 404}
     */
    long id(String name);

    /**
     * @param name a path parameter holding a child id, e.g. {@code child} for {@code children/{child}/calls}
     * @return the child, masked as the caller may see it, if it belongs to the request's school and the caller reaches
     *         it (a teacher: her classes); else {@code 404}
     */
    Child child(String name);

    /** @return the class named by a path parameter, if it belongs to the request's school; else {@code 404} */
    SchoolClass schoolClass(String name);

    /** @return the staff member named by a path parameter, if they belong to the request's school; else {@code 404} */
    Staff staff(String name);

    // ---- references in a body

    /**
     * A child referred to by a body field, e.g. {@code childId}.
     *
     * @param field the field's name, for the error
     * @param id    the id sent
     * @return the child, masked as the caller may see it, if it belongs to the request's school and the caller reaches
     *         it; else {@code 400} naming the field
     */
    Child childRef(String field, long id);

    /** A class referred to by a body field; {@code 400} naming the field if it is not one of the request's school. */
    SchoolClass classRef(String field, long id);

    /** A staff member referred to by a body field; {@code 400} naming the field if not of the request's school. */
    Staff staffRef(String field, long id);

    // ---- query

    /** @return the query parameter, trimmed, or empty when absent or blank */
    Optional<String> query(String name);

    /** @return the parameter as a {@code long}; {@code 400} naming it when it is not one */
    Optional<Long> longQuery(String name);

    /**
     * @return the parameter as an {@code int} within {@code [min, max]}, {@code dflt} when absent; {@code 400} naming
     *         it when it is not a number in range
     */
    int intQuery(String name, int dflt, int min, int max);

    /** @return {@code true}/{@code 1}, {@code false}/{@code 0}, or {@code false} when absent; else {@code 400} */
    boolean flag(String name);

    /**
     * @return the parameter as an ISO date ({@code 2026-12-06}) between {@link #MIN_DATE} and {@link #MAX_DATE};
     *         {@code 400} naming it otherwise
     */
    Optional<LocalDate> date(String name);

    /** @return the parameter as a constant of {@code type}; {@code 400} naming it and the allowed values otherwise */
    <E extends Enum<E>> Optional<E> enumQuery(String name, Class<E> type);

    /** @return {@code page} (from 0, default 0) and {@code size} (1–500, default 20) */
    Paging paging();

    // ---- body

    /**
     * Reads the JSON body into {@code type} under the platform's request contract: the content type must be
     * {@code application/json} ({@code 415}), at most {@link #MAX_JSON_BYTES} ({@code 413}), a JSON object, without
     * fields {@code type} does not have, with values of the right type, dates between {@link #MIN_DATE} and
     * {@link #MAX_DATE} and arrays of at most {@link #MAX_LIST_SIZE} elements ({@code 400} naming the field).
     *
     * @param type a record or class Jackson can bind
     * @return the body
     */
    <T> T body(Class<T> type);

    /**
     * Reads a JSON array body into a list of {@code type}, under the same contract as {@link #body(Class)}.
     */
    <T> List<T> bodyList(Class<T> type);

    /**
     * Reads a raw body (an upload), whose media type the route declared with {@link Route#consumes}.
     *
     * @param maxBytes the largest body accepted; a larger one answers {@code 413}
     * @return the bytes, never empty ({@code 400} naming {@code body} when empty)
     */
    byte[] bytes(int maxBytes);

    /** @return the request's media type without parameters, lower case, if it has one */
    Optional<String> contentType();

    /** @return a request header */
    Optional<String> header(String name);

    // ---- texts and links

    /** @return the programme's texts in 中文 and English, for errors and labels */
    Texts texts();

    /**
     * @param relativePath a path relative to the programme's API root, e.g. {@code children/5/calls/9}
     * @return the absolute path, e.g. {@code /api/programmes/calls/children/5/calls/9}, for a {@code Location}
     */
    String link(String relativePath);
}
