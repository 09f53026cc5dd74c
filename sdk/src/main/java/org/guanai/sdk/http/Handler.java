package org.guanai.sdk.http;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Answers one request to a declared route. Implemented by programmes, usually as a method reference. The core has
 * already signed the caller in, checked the route's permission, and checked that the programme is enabled for the
 * school the request acts for ({@link Request#school()}).
 */
@ConsumerType
@FunctionalInterface
public interface Handler {

    /**
     * @param request the request
     * @return {@code null} for {@code 204 No Content}; a {@link Reply} for another status, headers or a file; anything
     *         else is written as JSON with {@code 200}
     * @throws Exception mapped to a status by the core (see the package documentation); anything not foreseen answers
     *                   {@code 500} for this request only, logged with a request id that the answer carries
     */
    Object handle(Request request) throws Exception;
}
