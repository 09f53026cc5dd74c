package org.guanai.core.registry.internal.security;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The role permissions ({@link org.guanai.core.api.Permissions#ROLES_PID}) as the Metatype service describes them. A
 * role left out keeps its default set; a role given replaces its whole set. {@link RolePermissions} reads the
 * configuration as a map because "left out" and "given empty" differ.
 */
@ObjectClassDefinition(name = "角色权限 / Role permissions",
        description = "A role's whole set of permissions, replacing its default; a role left out keeps its default")
public @interface RolesConfig {
    @AttributeDefinition(name = "county_admin", required = false,
            description = "Permission ids of 县级管理员 (county administrator); * matches any text, e.g. pairing.*")
    String[] county__admin(); // "__" is "_" in the attribute id: county_admin

    @AttributeDefinition(name = "school_admin", required = false, description = "Permission ids of 学校管理员 (school administrator)")
    String[] school__admin();

    @AttributeDefinition(name = "teacher", required = false, description = "Permission ids of 班主任/教师 (class teacher)")
    String[] teacher();

    @AttributeDefinition(name = "health_worker", required = false, description = "Permission ids of 计生/卫生人员 (health worker)")
    String[] health__worker();

    @AttributeDefinition(name = "officer", required = false, description = "Permission ids of 督导/统计人员 (officer)")
    String[] officer();
}
