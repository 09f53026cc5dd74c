/**
 * The contract between the Guanai core and programme bundles.
 * <p>
 * The core ({@code org.guanai.core.registry}) implements every {@code @ProviderType} service here; programme bundles
 * call them and never implement them. The package holds interfaces, records and the three exception types the
 * services throw ({@link org.guanai.core.api.ValidationException}, {@link org.guanai.core.api.NotFoundException},
 * {@link org.guanai.core.api.StaleVersionException}); it depends on nothing beyond the JDK and OSGi annotations.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.5.0")
package org.guanai.core.api;
