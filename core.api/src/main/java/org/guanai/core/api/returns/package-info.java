/**
 * 报表 (returns): a school's quarterly and annual figures (季报, 年报, domain §9.1–9.3), gathered from the core and from
 * every programme enabled for the school. A programme publishes a {@link org.guanai.core.api.returns.ReturnContributor}
 * service with the service property {@code programme.id}; for a school and a {@link org.guanai.core.api.returns.ReturnPeriod}
 * the core asks the contributors of the programmes enabled for that school and answers their
 * {@link org.guanai.core.api.returns.ReturnFigure}s with its own on {@code GET /api/schools/{sid}/returns/{period}}. A
 * programme installed later adds its rows without any change to the core.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.guanai.core.api.returns;
