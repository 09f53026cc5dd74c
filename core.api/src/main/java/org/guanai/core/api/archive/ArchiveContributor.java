package org.guanai.core.api.archive;

import java.util.Optional;

/**
 * A programme's section on a child's archive page. Published by a programme as an OSGi service with the service property
 * {@code programme.id} (its programme id). The core asks it only for a child the caller reaches and only when the
 * programme is enabled for the child's school, on the request's thread, so the registry services answer for the
 * query's caller as in any route of the programme. A contributor that throws is logged and named as failed; the other
 * sections are still answered.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface ArchiveContributor {
    /**
     * @param query who asks, about which child of which school
     * @return the section, its lines newest first; empty when the programme has nothing on the child
     */
    Optional<ArchiveSection> section(ArchiveQuery query);
}
