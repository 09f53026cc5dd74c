package org.guanai.core.api;

/**
 * The core's permission ids. A programme defines its own permissions in its
 * {@link org.guanai.core.api.programme.ProgrammeInfo} ({@code <programme id>.<name>}); every programme has at least
 * {@code <id>.read} (its {@code GET} routes and page) and {@code <id>.write} (its other routes). Which role holds which
 * permission is configured in the core (configuration PID {@value #ROLES_PID}).
 */
public interface Permissions {
    /** Configuration PID of the role to permission mapping. */
    String ROLES_PID = "org.guanai.core.roles";

    /** 查看儿童档案: read the child archive (names, classes, guardians) of the caller's schools and classes. */
    String REGISTRY_READ = "registry.read";
    /** 编辑儿童档案: create, change and archive children, parents and guardians. */
    String REGISTRY_WRITE = "registry.write";
    /** 查看完整身份信息: ID numbers and home addresses in full; each such read is audited. */
    String REGISTRY_PERSONAL = "registry.personal";
    /** 查看完整联系电话: phone numbers of parents, guardians and staff in full; each such read is audited. */
    String REGISTRY_CONTACT = "registry.contact";
    /** 查看健康信息: the health fields of the archive (健康状况) in full; each such read is audited. */
    String REGISTRY_HEALTH = "registry.health";
    /** 查看统计: counts and rates, without names or personal data. */
    String REGISTRY_AGGREGATE = "registry.aggregate";
    /** 管理学校: create and change schools. */
    String SCHOOLS_MANAGE = "schools.manage";
    /** 管理班级与教职工: classes and staff of the caller's schools. */
    String CLASSES_MANAGE = "classes.manage";
    /** 管理用户: user accounts. */
    String USERS_MANAGE = "users.manage";
    /** 启用项目: enable or disable programmes for the caller's schools. */
    String PROGRAMMES_ENABLE = "programmes.enable";
    /** 模块管理: install, update, stop and remove code (programme bundles). Distinct from enabling a programme. */
    String MODULES_ADMIN = "modules.admin";
    /** 查看审计日志: the audit log and its verification. */
    String AUDIT_READ = "audit.read";

    /** @return {@code <programme>.read} */
    static String read(String programme) {
        return programme + ".read";
    }

    /** @return {@code <programme>.write} */
    static String write(String programme) {
        return programme + ".write";
    }
}
