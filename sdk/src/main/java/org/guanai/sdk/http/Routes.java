package org.guanai.sdk.http;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Where a programme declares its routes. A path is relative to {@code /api/programmes/<id>/}: segments separated by
 * {@code /}, each either literal ({@code reports}, {@code calendar.ics}) or a named parameter ({@code {child}}); the
 * empty path is the programme's root, which the core answers itself with the programme's summary (do not declare
 * {@code GET ""}). Two routes may not have the same method and shape. Implemented by the core.
 * <p>
 * Unless {@link Route#permission} says otherwise, {@code GET} routes need {@code <id>.read} and the others
 * {@code <id>.write}.
 */
@ProviderType
public interface Routes {

    /** Declares a {@code GET} route (also answering {@code HEAD}). */
    Route get(String path, Handler handler);

    /** Declares a {@code POST} route. */
    Route post(String path, Handler handler);

    /** Declares a {@code PUT} route. */
    Route put(String path, Handler handler);

    /** Declares a {@code DELETE} route. */
    Route delete(String path, Handler handler);
}
