package org.guanai.sdk.http;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One declared route, refined after declaring it. Every method returns this route so calls chain. Implemented by the
 * core.
 */
@ProviderType
public interface Route {

    /**
     * The permission the route needs instead of the default ({@code <id>.read} for {@code GET}, {@code <id>.write}
     * otherwise).
     *
     * @param name a name relative to the programme ({@code manage} is {@code <id>.manage}), which the programme declares
     *             in its {@link org.guanai.core.api.programme.ProgrammeInfo#permissions()}; or the id of a core
     *             permission, which contains a dot ({@code registry.personal})
     * @return this route
     */
    Route permission(String name);

    /**
     * What the route does, for the OpenAPI document and the console's API page.
     *
     * @param zh 中文说明
     * @param en English summary
     * @return this route
     */
    Route summary(String zh, String en);

    /**
     * The JSON body the route reads with {@link Request#body(Class)}, for the OpenAPI document.
     *
     * @param type a record or class Jackson binds
     * @return this route
     */
    Route body(Class<?> type);

    /**
     * What the route answers on success, for the OpenAPI document.
     *
     * @param type a record, class or collection element type
     * @return this route
     */
    Route returns(Class<?> type);

    /**
     * A query parameter the route reads, for the OpenAPI document.
     *
     * @param name the parameter
     * @param type {@code String}, {@code Long}, {@code Integer}, {@code Boolean}, {@code LocalDate} or an enum
     * @param zh   中文说明
     * @param en   English description
     * @return this route
     */
    Route query(String name, Class<?> type, String zh, String en);

    /**
     * The media type of the route's body when it is not JSON (an upload read with {@link Request#bytes(int)}); the
     * core refuses another type with {@code 415}.
     *
     * @param mediaTypes accepted types, a trailing {@code *} matching any subtype ({@code image/*})
     * @return this route
     */
    Route consumes(String... mediaTypes);

    /**
     * The media type the route answers when it is not JSON (a {@link Download}), for the OpenAPI document.
     *
     * @param mediaType e.g. {@code text/csv}
     * @return this route
     */
    Route produces(String mediaType);
}
