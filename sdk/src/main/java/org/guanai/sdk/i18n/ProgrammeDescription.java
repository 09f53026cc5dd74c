package org.guanai.sdk.i18n;

import org.guanai.core.api.dto.Role;
import org.guanai.core.api.programme.ProgrammeInfo;

/**
 * A programme's description from its texts, for {@link org.guanai.core.api.programme.Programme#info()}: started by
 * {@link Texts#programme(String)} with its name, description, version and page; add its permissions, then
 * {@link #build()}.
 *
 * @since 1.3
 */
public final class ProgrammeDescription {
    private final Texts texts;
    private final String id;
    private final ProgrammeInfo.Builder info;

    ProgrammeDescription(Texts texts, String id) {
        this.texts = texts;
        this.id = id;
        this.info = texts.programme(id, texts.version());
    }

    /**
     * @param name  the permission's name, e.g. {@code read}: the permission is {@code <id>.<name>}, described by the texts
     *              {@code permission.<name>}
     * @param roles the roles that hold it unless the role mapping is configured otherwise
     * @return this description, with the permission
     */
    public ProgrammeDescription permission(String name, Role... roles) {
        info.permission(texts.permission(id, name, roles));
        return this;
    }

    /** @return the programme's description */
    public ProgrammeInfo build() {
        return info.build();
    }
}
