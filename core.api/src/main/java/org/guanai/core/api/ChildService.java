package org.guanai.core.api;

import java.util.List;
import java.util.Optional;

import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.ChildQuery;
import org.guanai.core.api.dto.EligibilityReport;
import org.guanai.core.api.dto.HistoryEntry;
import org.guanai.core.api.dto.Page;

/**
 * The child archive (一人一档).
 * <p>
 * Implemented by the core registry; called by the HTTP API and by programme bundles. Validation covers the
 * 公民身份号码 (GB 11643 check digit, agreement with birth date and gender), the school and class, and required fields.
 * Every change is kept as field-level history and posted as an event ({@link RegistryEvents}).
 */
@org.osgi.annotation.versioning.ProviderType
public interface ChildService {

    /** @return the children matching the query, ordered by school, class and name */
    Page<Child> find(ChildQuery query);

    /**
     * Calls {@code action} for every child matching {@code query} that the caller may see (masked as {@link #find} masks
     * a list), in id order, read from the database a page at a time; the query's {@code page} and {@code size} are
     * ignored. For a programme's reports and jobs over a school or a class, instead of a paging loop of its own.
     *
     * @param query  the filters
     * @param action called once per child, on the calling thread
     */
    void forEach(ChildQuery query, java.util.function.Consumer<Child> action);

    /**
     * Calls {@code action} for each child with one of these ids that {@link #forEach} would give for {@code query} (its
     * school, class and filters, archived children only if it includes them, the caller's reach), masked as
     * {@link #find} masks a list (so no read is audited), in id order, read a few hundred at a time; unknown ids are left
     * out. For a programme that keeps its own list of the children it works with (pairs, follow-ups, …) and needs their
     * names and classes, instead of going through the whole school.
     *
     * @param query  the filters, e.g. {@link ChildQuery#ofSchool}; {@code page} and {@code size} are ignored
     * @param ids    the children
     * @param action called once per child found, on the calling thread
     * @since 1.4
     */
    void forEachOf(ChildQuery query, java.util.Collection<Long> ids, java.util.function.Consumer<Child> action);

    /** @return the child, archived or not */
    Optional<Child> get(long id);

    /** Creates a child; {@code id} must be {@code null}. */
    Child create(Child child);

    /** Updates a child at {@code child.version()}; {@link StaleVersionException} if someone changed it first. */
    Child update(Child child);

    /** Archives a child (归档: graduated, moved away). The record and its history are kept. */
    Child archive(long id, long version);

    /**
     * 联系卡核对: records that the child's archive and contact card were checked with the family and found current,
     * without changing them (the county checks and updates the database once a quarter). Saving a change counts as a
     * check too. Kept in the child's history.
     *
     * @return when it was recorded
     */
    java.time.Instant confirmContactCard(long childId);

    /** @return every change of the child and of its parents and guardians, oldest first */
    List<HistoryEntry> history(long childId);

    /** @return whether the child counts as 留守儿童 under the configured eligibility rule */
    EligibilityReport eligibility(long childId);

    /**
     * The children among {@code childIds} who count as 留守儿童 today under the configured eligibility rule (the rule of
     * {@link #eligibility(long)}), of those the caller may see; archived children and unknown ids never. For a
     * programme that serves left-behind children only and must leave out a child who is not, or no longer, one (非留守,
     * 16 or older, parents back): proposals of mentors, birthday lists. Read in batches: any number of ids.
     *
     * @param childIds registry child ids
     * @return the eligible ones among them
     * @since 1.5
     */
    java.util.Set<Long> eligibleAmong(java.util.Collection<Long> childIds);
}
