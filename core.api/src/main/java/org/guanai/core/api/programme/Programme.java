package org.guanai.core.api.programme;

import java.util.Map;

/**
 * A care programme. Implemented by programme bundles (one service each, with the service property
 * {@value #ID_PROPERTY}); tracked and called by the core.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface Programme {
    /** Service property carrying the programme id, the same as {@link ProgrammeInfo#id()}. */
    String ID_PROPERTY = "programme.id";
    /** Manifest header naming the programme id of a programme bundle, so the core knows it also when it is stopped. */
    String MANIFEST_HEADER = "Guanai-Programme";

    /** @return what the programme is: names, version, UI entry, permissions */
    ProgrammeInfo info();

    /**
     * The summary answered at {@code GET /api/programmes/<id>/} for one school (e.g. 结对率, open obligations). Called by
     * the core only for a school where the programme is enabled. Must be serialisable to JSON (maps, lists, records).
     *
     * @param schoolId the school the request acts for
     * @return summary values; the default has none
     */
    default Map<String, Object> summary(long schoolId) {
        return Map.of();
    }
}
