package org.guanai.core.api.programme;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The installed programmes and which school enabled which (按学校启用). Implemented by the core; enabling or disabling a
 * programme for a school takes effect at once and changes no bundle's lifecycle.
 */
@org.osgi.annotation.versioning.ProviderType
public interface ProgrammeRegistry {

    /** @return every installed programme, ordered by id */
    List<ProgrammeStatus> programmes();

    Optional<ProgrammeStatus> programme(String id);

    /** @return whether the school enabled the programme (a programme is off for a school until it is enabled) */
    boolean isEnabled(long schoolId, String programmeId);

    /**
     * Enables or disables a programme for a school, with optional settings of the programme's own.
     *
     * @throws org.guanai.core.api.NotFoundException for an unknown school or programme
     */
    void setEnabled(long schoolId, String programmeId, boolean enabled, Map<String, String> settings);

    /** @return the school's settings for the programme, empty when none */
    Map<String, String> settings(long schoolId, String programmeId);
}
