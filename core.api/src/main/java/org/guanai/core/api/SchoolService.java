package org.guanai.core.api;

import java.util.List;
import java.util.Optional;

import org.guanai.core.api.dto.Grade;
import org.guanai.core.api.dto.Page;
import org.guanai.core.api.dto.School;
import org.guanai.core.api.dto.SchoolClass;
import org.guanai.core.api.dto.Staff;

/**
 * Schools, their grades and classes (年级/班级) and their staff (教职工).
 * <p>
 * Implemented by the core registry; called by the core's HTTP API and by programme bundles. Every change is kept as
 * history and posted as an event (see {@link RegistryEvents}). Methods throw {@link ValidationException},
 * {@link NotFoundException} or {@link StaleVersionException}; nothing is stored when they do.
 */
@org.osgi.annotation.versioning.ProviderType
public interface SchoolService {

    /** @return schools ordered by name; archived ones only when asked */
    Page<School> schools(boolean includeArchived, int page, int size);

    Optional<School> school(long id);

    /** Creates a school; {@code id} must be {@code null}. */
    School createSchool(School school);

    /** Updates a school at {@code school.version()}. */
    School updateSchool(School school);

    /** @return the grades that have at least one class in the school, ordered by level */
    List<Grade> grades(long schoolId);

    /** @return the classes of a school ordered by grade and name; {@link NotFoundException} for an unknown school */
    List<SchoolClass> classes(long schoolId);

    Optional<SchoolClass> schoolClass(long id);

    SchoolClass createClass(SchoolClass schoolClass);

    SchoolClass updateClass(SchoolClass schoolClass);

    /** Removes a class that no child is in any more; a class with children is refused with {@link ValidationException}. */
    void removeClass(long id, long version);

    /** @return the staff of a school ordered by name, those who left only when asked */
    List<Staff> staff(long schoolId, boolean includeInactive);

    Optional<Staff> staffMember(long id);

    Staff createStaff(Staff staff);

    Staff updateStaff(Staff staff);
}
