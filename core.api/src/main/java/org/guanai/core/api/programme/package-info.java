/**
 * The programme SPI: how a care programme bundle (结对帮扶, 九个一, 生日, 计生关爱 …) describes itself to the core.
 * <p>
 * A programme bundle registers one {@link org.guanai.core.api.programme.Programme} service with the service property
 * {@code programme.id}, names its id in the manifest header {@code Guanai-Programme}, registers its HTTP routes under
 * {@code /api/programmes/<id>/} and its page under {@code /ui/programmes/<id>/}, and keeps its tables (prefixed with its
 * id) through {@link org.guanai.core.api.SchemaMigrator}. The core tracks programmes dynamically and never names a
 * programme class; it decides per school whether a programme's routes answer. A programme may add demo records for the
 * demo county through a {@link org.guanai.core.api.programme.ProgrammeDemo} service.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package org.guanai.core.api.programme;
