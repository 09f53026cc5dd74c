package org.guanai.core.api.returns;

import java.util.List;

/**
 * A programme's rows of a school's return (季报, 年报). Published by a programme as an OSGi service with the service
 * property {@code programme.id} (its programme id); the core asks it only for schools the programme is enabled for. The
 * figures are aggregates (counts and rates, no personal data). A contributor that throws is logged and its programme
 * reported as missing from the return; the others' figures are still answered.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface ReturnContributor {
    /**
     * @param schoolId the school
     * @param period   the quarter or year the figures are for
     * @return the figures, in the order they are shown, each with this programme's id; empty when there is none
     */
    List<ReturnFigure> figures(long schoolId, ReturnPeriod period);
}
