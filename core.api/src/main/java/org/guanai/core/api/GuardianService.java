package org.guanai.core.api;

import java.util.List;
import java.util.function.Consumer;

import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.ChildQuery;
import org.guanai.core.api.dto.Guardian;
import org.guanai.core.api.dto.Parent;

/**
 * Parents (家长, with their migrant work) and guardians (监护人: 祖父母, 委托/临时监护人 …) of a child.
 * <p>
 * Implemented by the core registry. Changes are recorded in the child's history and posted as events.
 * At most one guardian of a child is primary: making one primary clears the flag on the others.
 */
@org.osgi.annotation.versioning.ProviderType
public interface GuardianService {

    /** @return the guardians of a child, primary first; {@link NotFoundException} for an unknown child */
    List<Guardian> guardians(long childId);

    Guardian addGuardian(Guardian guardian);

    Guardian updateGuardian(Guardian guardian);

    void removeGuardian(long id, long version);

    /** @return the parents of a child, father first */
    List<Parent> parents(long childId);

    Parent addParent(Parent parent);

    Parent updateParent(Parent parent);

    void removeParent(long id, long version);

    /**
     * A child with its parents and guardians, as {@link #forEachFamily} hands them over.
     *
     * @param child     the child, masked as {@link ChildService#forEach} masks it
     * @param parents   its parents, father first (as {@link #parents})
     * @param guardians its guardians, primary first (as {@link #guardians})
     * @since 1.4
     */
    record Family(Child child, List<Parent> parents, List<Guardian> guardians) {
        public Family {
            parents = List.copyOf(parents);
            guardians = List.copyOf(guardians);
        }
    }

    /**
     * Calls {@code action} for every child {@link ChildService#forEach} would give for {@code query} (the caller's reach,
     * the same order), with its parents and guardians, read in batches of children: a few statements for every few
     * hundred children instead of two reads per child. For a caller, the parents and guardians are list rows: their
     * phones, addresses and health notes always masked (as the child is), so that nothing is disclosed and no read is
     * audited; a programme that needs a contact reads that child's {@link #parents} or {@link #guardians}. For a
     * programme's reports, rosters and jobs over a school or a class.
     *
     * @param query  the filters; {@code page} and {@code size} are ignored
     * @param action called once per child, on the calling thread
     * @since 1.4
     */
    void forEachFamily(ChildQuery query, Consumer<Family> action);

    /**
     * As {@link #forEachFamily(ChildQuery, Consumer)}, for the children with these ids that {@code query} selects
     * ({@link ChildService#forEachOf}), in id order; unknown ids are left out. For a programme that keeps its own list of
     * the children it works with (a few hundred of a school's thousands) and wants them with their families.
     *
     * @param query    the filters; {@code page} and {@code size} are ignored
     * @param childIds the children
     * @param action   called once per child found, on the calling thread
     * @since 1.4
     */
    void forEachFamily(ChildQuery query, java.util.Collection<Long> childIds, Consumer<Family> action);
}
