package org.guanai.core.api.programme;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.guanai.core.api.dto.Role;

/**
 * How a programme describes itself.
 *
 * @param id            lower-case id, {@code [a-z][a-z0-9]{1,30}}; prefixes its tables, paths and permissions
 * @param nameZh        中文名称, e.g. 一对一结对帮扶
 * @param nameEn        English name
 * @param descriptionZh 中文简介
 * @param descriptionEn English description
 * @param version       the programme's version (usually its bundle version)
 * @param ui            its page in the web console, or {@code null} if it has none
 * @param permissions   the permissions it defines, ids prefixed with {@code <id>.}; declare at least {@code <id>.read},
 *                      which its {@code GET} routes and page require, and {@code <id>.write}, which its other routes require
 */
public record ProgrammeInfo(String id, String nameZh, String nameEn, String descriptionZh, String descriptionEn,
        String version, UiEntry ui, List<PermissionInfo> permissions) {

    /** The form of a programme id. */
    public static final Pattern ID = Pattern.compile("[a-z][a-z0-9]{1,30}");

    /** Checks the id and copies the permissions. */
    public ProgrammeInfo {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("programme id must match " + ID + ": " + id);
        }
        permissions = permissions == null ? List.of() : List.copyOf(permissions);
    }

    /**
     * The programme's entry in the web console menu.
     *
     * @param menuZh 菜单名称
     * @param menuEn menu label
     * @param module the page's ES module, relative to {@code /ui/programmes/<id>/}, e.g. {@code main.js}
     */
    public record UiEntry(String menuZh, String menuEn, String module) {
    }

    /**
     * A permission a programme defines, e.g. {@code health.read}.
     *
     * @param id     {@code <programme id>.<name>}
     * @param nameZh 中文说明
     * @param nameEn English description
     * @param roles  the roles that hold it unless the role mapping is configured otherwise
     */
    public record PermissionInfo(String id, String nameZh, String nameEn, Set<Role> roles) {
        /** Copies the roles. */
        public PermissionInfo {
            roles = roles == null ? Set.of() : Set.copyOf(roles);
        }
    }
}
