package org.guanai.core.api.programme;

import java.util.ArrayList;
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
     * How a programme describes itself, as in {@link Programme#info()}: what a programme writes instead of the canonical
     * constructor, which changes whenever the description gains a component.
     * <pre>{@code
     * return ProgrammeInfo.builder("calls")
     *         .name("亲情电话", "Family calls")
     *         .description("记录留守儿童与外出父母的通话", "Calls between children and their parents away")
     *         .version(version)
     *         .ui("亲情电话", "Family calls", "main.js")
     *         .permission("calls.read", "查看通话记录", "Read call records", Role.SCHOOL_ADMIN, Role.TEACHER)
     *         .permission("calls.write", "登记通话", "Record calls", Role.SCHOOL_ADMIN, Role.TEACHER)
     *         .build();
     * }</pre>
     *
     * @param id the programme id, {@link #ID}
     * @return a builder with no names, no version, no page and no permissions
     */
    public static Builder builder(String id) {
        return new Builder(id);
    }

    /** @return a builder holding this description's values */
    public Builder toBuilder() {
        return new Builder(id).name(nameZh, nameEn).description(descriptionZh, descriptionEn).version(version).ui(ui)
                .permissions(permissions);
    }

    /**
     * Builds a {@link ProgrammeInfo}. A component added to the record in a later version gets a setter here, and code
     * written against this builder keeps compiling and linking. Not thread-safe; {@link #build()} checks the id.
     */
    public static final class Builder {
        private final String id;
        private String nameZh;
        private String nameEn;
        private String descriptionZh;
        private String descriptionEn;
        private String version;
        private UiEntry ui;
        private final List<PermissionInfo> permissions = new ArrayList<>();

        private Builder(String id) {
            this.id = id;
        }

        /** @return this builder with the 中文 and English names */
        public Builder name(String zh, String en) {
            nameZh = zh;
            nameEn = en;
            return this;
        }

        /** @return this builder with the 中文 and English descriptions */
        public Builder description(String zh, String en) {
            descriptionZh = zh;
            descriptionEn = en;
            return this;
        }

        /** @return this builder with the programme's version (usually its bundle version) */
        public Builder version(String value) {
            version = value;
            return this;
        }

        /** @return this builder with the page in the web console, or none for {@code null} */
        public Builder ui(UiEntry value) {
            ui = value;
            return this;
        }

        /** @return this builder with a page in the web console: {@link UiEntry}'s menu labels and module */
        public Builder ui(String menuZh, String menuEn, String module) {
            return ui(new UiEntry(menuZh, menuEn, module));
        }

        /** @return this builder with {@code value} in place of the permissions added so far */
        public Builder permissions(List<PermissionInfo> value) {
            permissions.clear();
            permissions.addAll(value);
            return this;
        }

        /** @return this builder with one more permission */
        public Builder permission(PermissionInfo value) {
            permissions.add(value);
            return this;
        }

        /**
         * @param id     {@code <programme id>.<name>}
         * @param nameZh 中文说明
         * @param nameEn English description
         * @param roles  the roles that hold it unless the role mapping is configured otherwise
         * @return this builder with one more permission
         */
        public Builder permission(String id, String nameZh, String nameEn, Role... roles) {
            return permission(new PermissionInfo(id, nameZh, nameEn, Set.of(roles)));
        }

        /**
         * @return the description
         * @throws IllegalArgumentException if the id is not a programme id
         */
        public ProgrammeInfo build() {
            return new ProgrammeInfo(id, nameZh, nameEn, descriptionZh, descriptionEn, version, ui, permissions);
        }
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
