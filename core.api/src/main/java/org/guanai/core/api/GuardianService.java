package org.guanai.core.api;

import java.util.List;

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
}
