package org.guanai.core.api.programme;

import java.util.Set;

/**
 * An installed programme as the core sees it.
 *
 * @param id             programme id
 * @param info           its description; {@code null} while it is not active (only the id is known then)
 * @param bundle         symbolic name of its bundle
 * @param bundleVersion  version of its bundle
 * @param state          运行状态
 * @param error          why it is {@link ProgrammeState#FAILED}, else {@code null}
 * @param enabledSchools the schools that enabled it
 */
public record ProgrammeStatus(String id, ProgrammeInfo info, String bundle, String bundleVersion, ProgrammeState state,
        String error, Set<Long> enabledSchools) {

    /** Copies the set. */
    public ProgrammeStatus {
        enabledSchools = Set.copyOf(enabledSchools);
    }
}
