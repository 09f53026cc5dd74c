/**
 * Plain data of the registry: Java records and enums, no behaviour.
 * <p>
 * The core creates and returns them; programme bundles read them and pass them back to the services of
 * {@link org.guanai.core.api}. A record passed to a {@code create} method carries {@code id == null}; one passed to an
 * {@code update} method carries the id and the {@code version} the caller last read (optimistic locking).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.3.0")
package org.guanai.core.api.dto;
