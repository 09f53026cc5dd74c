/**
 * A child's archive page (一人一档) as the programmes see the child: each programme enabled for the child's school may
 * publish an {@link org.guanai.core.api.archive.ArchiveContributor} (service property {@code programme.id}) answering,
 * for a child the caller reaches, its {@link org.guanai.core.api.archive.ArchiveSection}: a titled list of dated lines
 * in 中文 and English (家长学校: the guardians' training history; 表彰: the child's honours …). The core gathers them on
 * {@code GET /api/children/{id}/sections} and the console shows them on the child's page, under its history.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.guanai.core.api.archive;
