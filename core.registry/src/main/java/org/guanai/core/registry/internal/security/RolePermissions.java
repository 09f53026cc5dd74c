package org.guanai.core.registry.internal.security;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.guanai.core.api.Permissions;
import org.guanai.core.api.dto.Role;
import org.guanai.core.api.programme.Programme;
import org.guanai.core.api.programme.ProgrammeInfo;
import org.guanai.core.api.programme.ProgrammeInfo.PermissionInfo;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Which role holds which permission (角色权限).
 * <p>
 * By default each role holds the core permissions the security model gives it and every programme permission whose
 * {@link PermissionInfo#roles()} names the role. Configuration PID {@value Permissions#ROLES_PID} replaces a role's
 * whole set: property {@code <role id>} (e.g. {@code teacher}) is a list of permission ids, where {@code *} matches
 * any text ({@code pairing.*}, {@code *.read}); programme permissions installed later are matched too.
 */
@Component(service = RolePermissions.class, configurationPid = Permissions.ROLES_PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = RolesConfig.class)
public final class RolePermissions {

    /**
     * 数据备份: make and download backups of the whole data folder (database, its password, the audit key). Defined
     * here, not in {@code core.api}: no programme needs it.
     */
    static final String SYSTEM_BACKUP = "system.backup";

    /**
     * 管理本校用户: the accounts of the caller's own schools only (list, read, a new password, unlock, create and change
     * accounts with school roles for those schools); {@code users.manage} is every account. Held by the school
     * administrator by default. Defined here, not in {@code core.api}: no programme needs it.
     */
    static final String USERS_MANAGE_SCHOOL = "users.manage.school";

    /**
     * 导入学生名单: import a roster (学籍 export) into a school of the caller (issue 16). Held by the school and county
     * administrators by default. Defined here, not in {@code core.api}: no programme needs it.
     */
    public static final String REGISTRY_IMPORT = "registry.import";

    /**
     * 查看监护预警与事件: guardianship alerts, incidents and the mandatory-report log of the caller's schools and classes
     * (issue 19). Held by the county and school administrators and the class teacher by default; not by the health
     * worker, nor by the officer, who sees counts only ({@code registry.aggregate}). Defined here: no programme needs it.
     */
    public static final String SAFETY_READ = "safety.read";

    /** 记录事件与通知: record incidents, the notices given for them and police reports (issue 19); as {@link #SAFETY_READ}. */
    public static final String SAFETY_WRITE = "safety.write";

    /**
     * 报送报表: submit a school's quarterly or annual return (issue 20) for the caller's schools. Held by the school
     * administrator by default. Reading a return needs {@code registry.aggregate} only: its figures are counts and rates.
     */
    public static final String RETURNS_SUBMIT = "returns.submit";

    /** 审核报表: accept a school's submitted return or send it back with a comment (issue 20). The county administrator's. */
    public static final String RETURNS_REVIEW = "returns.review";

    /** The core's permissions with their names, for the administration pages. */
    static final Map<String, String[]> CORE;

    static {
        Map<String, String[]> core = new LinkedHashMap<>();
        core.put(Permissions.REGISTRY_READ, new String[] { "查看儿童档案", "Read the child archive" });
        core.put(Permissions.REGISTRY_WRITE, new String[] { "编辑儿童档案", "Edit the child archive" });
        core.put(Permissions.REGISTRY_PERSONAL, new String[] { "查看完整身份证号与住址", "See ID numbers and addresses in full" });
        core.put(Permissions.REGISTRY_CONTACT, new String[] { "查看完整联系电话", "See phone numbers in full" });
        core.put(Permissions.REGISTRY_HEALTH, new String[] { "查看健康状况", "See health notes" });
        core.put(Permissions.REGISTRY_AGGREGATE, new String[] { "查看统计数据", "See counts and rates" });
        core.put(REGISTRY_IMPORT, new String[] { "导入学生名单（学籍表）", "Import a roster (学籍 export)" });
        core.put(Permissions.SCHOOLS_MANAGE, new String[] { "管理学校", "Manage schools" });
        core.put(Permissions.CLASSES_MANAGE, new String[] { "管理班级与教职工", "Manage classes and staff" });
        core.put(Permissions.USERS_MANAGE, new String[] { "管理用户", "Manage users" });
        core.put(USERS_MANAGE_SCHOOL, new String[] { "管理本校用户（新密码、解锁、本校教职工账号）",
                "Manage the accounts of one's own schools (new passwords, unlocking, staff accounts)" });
        core.put(Permissions.PROGRAMMES_ENABLE, new String[] { "为学校启用项目", "Enable programmes for a school" });
        core.put(Permissions.MODULES_ADMIN, new String[] { "模块管理（安装、更新、卸载）", "Module administration (install, update, remove)" });
        core.put(SAFETY_READ, new String[] { "查看监护预警、事件与强制报告", "See guardianship alerts, incidents and mandatory reports" });
        core.put(SAFETY_WRITE, new String[] { "记录事件、通知与报案", "Record incidents, notices and police reports" });
        core.put(RETURNS_SUBMIT, new String[] { "报送报表（季报、年报）", "Submit returns (quarterly, annual)" });
        core.put(RETURNS_REVIEW, new String[] { "审核学校报送的报表", "Review the returns schools submit" });
        core.put(Permissions.AUDIT_READ, new String[] { "查看审计日志", "Read the audit log" });
        core.put(SYSTEM_BACKUP, new String[] { "备份数据（含数据库密码和审计密钥）", "Back up the data (with the database password and audit key)" });
        CORE = java.util.Collections.unmodifiableMap(core);
    }

    /** The default core permissions of each role. */
    public static final Map<Role, Set<String>> DEFAULTS;

    static {
        Map<Role, Set<String>> defaults = new EnumMap<>(Role.class);
        defaults.put(Role.COUNTY_ADMIN, Set.of(Permissions.REGISTRY_READ, Permissions.REGISTRY_WRITE,
                Permissions.REGISTRY_PERSONAL, Permissions.REGISTRY_CONTACT, Permissions.REGISTRY_HEALTH,
                Permissions.REGISTRY_AGGREGATE, Permissions.SCHOOLS_MANAGE, Permissions.CLASSES_MANAGE,
                Permissions.USERS_MANAGE, Permissions.PROGRAMMES_ENABLE, Permissions.MODULES_ADMIN, Permissions.AUDIT_READ,
                SYSTEM_BACKUP, REGISTRY_IMPORT, SAFETY_READ, SAFETY_WRITE, RETURNS_REVIEW));
        defaults.put(Role.SCHOOL_ADMIN, Set.of(Permissions.REGISTRY_READ, Permissions.REGISTRY_WRITE,
                Permissions.REGISTRY_PERSONAL, Permissions.REGISTRY_CONTACT, Permissions.REGISTRY_HEALTH,
                Permissions.REGISTRY_AGGREGATE, Permissions.CLASSES_MANAGE, Permissions.PROGRAMMES_ENABLE,
                USERS_MANAGE_SCHOOL, REGISTRY_IMPORT, SAFETY_READ, SAFETY_WRITE, RETURNS_SUBMIT));
        defaults.put(Role.TEACHER, Set.of(Permissions.REGISTRY_READ, Permissions.REGISTRY_WRITE, Permissions.REGISTRY_CONTACT,
                SAFETY_READ, SAFETY_WRITE));
        defaults.put(Role.HEALTH_WORKER, Set.of(Permissions.REGISTRY_READ, Permissions.REGISTRY_CONTACT,
                Permissions.REGISTRY_HEALTH));
        defaults.put(Role.OFFICER, Set.of(Permissions.REGISTRY_AGGREGATE));
        DEFAULTS = java.util.Collections.unmodifiableMap(defaults);
    }

    private final Map<String, ProgrammeInfo> programmes = new ConcurrentHashMap<>();
    private volatile Map<Role, List<String>> configured = Map.of();
    private volatile Map<Set<Role>, Set<String>> cache = new ConcurrentHashMap<>();

    @Activate
    public RolePermissions(Map<String, Object> config) {
        modified(config);
    }

    @Modified
    void modified(Map<String, Object> config) {
        Map<Role, List<String>> out = new EnumMap<>(Role.class);
        for (Role r : Role.values()) {
            Object v = config.get(r.id());
            if (v instanceof String s) {
                out.put(r, List.of(s.split("\\s*,\\s*")));
            } else if (v instanceof String[] a) {
                out.put(r, List.of(a));
            } else if (v instanceof java.util.Collection<?> c) {
                out.put(r, c.stream().map(String::valueOf).toList());
            }
        }
        configured = out;
        cache = new ConcurrentHashMap<>();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addProgramme(Programme p, Map<String, Object> props) {
        try {
            ProgrammeInfo info = p.info();
            programmes.put(info.id(), info);
        } catch (RuntimeException e) {
            return; // a programme that cannot describe itself defines no permissions; the registry reports it
        }
        cache = new ConcurrentHashMap<>();
    }

    /**
     * A programme's service goes away (stopped, being updated, uninstalled): its permissions are kept, so that a request
     * during an update gets the gate's 503 rather than 403, and those of an uninstalled programme guard nothing.
     */
    void removeProgramme(Programme p, Map<String, Object> props) {
        // keep the last known permissions
    }

    /** @return whether a programme with this id has been seen since start */
    boolean knows(String programme) {
        return programmes.containsKey(programme);
    }

    /** @return the permissions of a user with these roles */
    Set<String> permissions(Set<Role> roles) {
        return cache.computeIfAbsent(Set.copyOf(roles), rs -> {
            Set<String> out = new TreeSet<>();
            for (Role r : rs) {
                out.addAll(of(r));
            }
            return Set.copyOf(out);
        });
    }

    /** @return the permissions of one role */
    Set<String> of(Role role) {
        Set<String> out = new TreeSet<>();
        List<String> patterns = configured.get(role);
        if (patterns != null) {
            for (String id : catalogue().keySet()) {
                for (String p : patterns) {
                    if (glob(p).matcher(id).matches()) {
                        out.add(id);
                    }
                }
            }
            return out;
        }
        out.addAll(DEFAULTS.get(role));
        for (ProgrammeInfo info : programmes.values()) {
            for (PermissionInfo pi : info.permissions()) {
                if (pi.roles().contains(role)) {
                    out.add(pi.id());
                }
            }
        }
        return out;
    }

    /** @return every permission id known now (core and active programmes) with its 中文 and English names */
    public Map<String, String[]> catalogue() {
        Map<String, String[]> out = new LinkedHashMap<>(CORE);
        List<ProgrammeInfo> infos = new ArrayList<>(programmes.values());
        infos.sort((a, b) -> a.id().compareTo(b.id()));
        for (ProgrammeInfo info : infos) {
            for (PermissionInfo pi : info.permissions()) {
                out.put(pi.id(), new String[] { pi.nameZh(), pi.nameEn() });
            }
        }
        return out;
    }

    /** @return every role with its permissions */
    public Map<Role, Set<String>> roles() {
        Map<Role, Set<String>> out = new EnumMap<>(Role.class);
        for (Role r : EnumSet.allOf(Role.class)) {
            out.put(r, of(r));
        }
        return out;
    }

    private static Pattern glob(String p) {
        List<String> parts = new ArrayList<>();
        for (String part : p.trim().split("\\*", -1)) {
            parts.add(Pattern.quote(part));
        }
        return Pattern.compile(String.join(".*", parts));
    }
}
