package org.guanai.core.api.archive;

import java.time.LocalDate;
import java.util.Objects;

import org.guanai.core.api.Caller;

/**
 * What an {@link ArchiveContributor} is asked: the core built it, having checked that the caller reaches the child.
 *
 * @param caller   who asks
 * @param schoolId the child's school
 * @param childId  the registry's child id
 * @param today    today in China (Asia/Shanghai)
 */
public record ArchiveQuery(Caller caller, long schoolId, long childId, LocalDate today) {
    public ArchiveQuery {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(today, "today");
    }
}
