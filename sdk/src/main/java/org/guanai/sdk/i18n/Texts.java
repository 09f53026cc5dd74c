package org.guanai.sdk.i18n;

import java.util.Set;

import org.guanai.core.api.ValidationException;
import org.guanai.core.api.dto.FieldError;
import org.guanai.core.api.dto.Role;
import org.guanai.core.api.programme.ProgrammeInfo;
import org.guanai.core.api.returns.ReturnFigure;
import org.guanai.sdk.http.ApiException;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The texts of one programme in 中文 and English, from {@code i18n/messages_zh.properties} and
 * {@code i18n/messages_en.properties} in its bundle. Get it with {@code @Reference Texts texts} (a bundle-scoped
 * service: each bundle gets its own texts) or, in a handler, from {@link org.guanai.sdk.http.Request#texts()}. A key
 * missing in a language answers the key itself and is logged once. Implemented by the core.
 */
@ProviderType
public interface Texts {

    /** @return the 中文 text of {@code key}, formatted with {@code args} ({@link java.text.MessageFormat}) */
    String zh(String key, Object... args);

    /** @return the English text of {@code key}, formatted with {@code args} */
    String en(String key, Object... args);

    /** @return both texts of {@code key} */
    Label label(String key, Object... args);

    /** @return a field error: {@code field} and both texts of {@code key} */
    FieldError field(String field, String key, Object... args);

    /**
     * @return the version of the programme these texts belong to: its bundle's version
     * @since 1.3
     */
    String version();

    /**
     * A programme's description from its texts at its bundle's version ({@link #version()}), as
     * {@link #programme(String, String)}: add its permissions by name ({@code permission("read", roles…)}), then
     * {@code build()}.
     *
     * @param id the programme id
     * @return a description with the name, description, version and page set
     * @since 1.3
     */
    default ProgrammeDescription programme(String id) {
        return new ProgrammeDescription(this, id);
    }

    /**
     * A programme's description from its texts, for {@link org.guanai.core.api.programme.Programme#info()}: its name
     * ({@code programme.name}, also its menu entry, the page module {@code main.js}) and description
     * ({@code programme.description}); add its permissions with {@link #permission}, then {@code build()}.
     *
     * @param id      the programme id
     * @param version the programme's version, usually its bundle's
     * @return a builder with the name, description, version and page set
     * @since 1.2
     */
    default ProgrammeInfo.Builder programme(String id, String version) {
        String zh = zh("programme.name");
        String en = en("programme.name");
        return ProgrammeInfo.builder(id).name(zh, en).description(zh("programme.description"), en("programme.description"))
                .version(version).ui(zh, en, "main.js");
    }

    /**
     * @param programme the programme id
     * @param name      the permission's name, e.g. {@code read}: the permission is {@code <programme>.<name>}, described
     *                  by the texts {@code permission.<name>}
     * @param roles     the roles that hold it unless the role mapping is configured otherwise
     * @return the permission, for {@link ProgrammeInfo.Builder#permission(ProgrammeInfo.PermissionInfo)}
     * @since 1.2
     */
    default ProgrammeInfo.PermissionInfo permission(String programme, String name, Role... roles) {
        return new ProgrammeInfo.PermissionInfo(programme + "." + name, zh("permission." + name), en("permission." + name),
                Set.of(roles));
    }

    /**
     * A figure of a school's return, named and defined by the texts {@code return.<key>} and {@code return.<key>.def};
     * set its {@code count} or {@code rate}, then {@code build()}.
     *
     * @param programme the programme id
     * @param key       the figure's key, stable across periods
     * @return a builder with the label and the definition set
     * @since 1.2
     */
    default ReturnFigure.Builder figure(String programme, String key) {
        return ReturnFigure.builder(programme, key).label(zh("return." + key), en("return." + key))
                .definition(zh("return." + key + ".def"), en("return." + key + ".def"));
    }

    /** @return an empty collector of field errors with these texts, to refuse every field at fault at once */
    default FieldErrors errors() {
        return new FieldErrors(this);
    }

    /** @return a {@code 400} refusal naming {@code field}, to throw */
    ValidationException invalid(String field, String key, Object... args);

    /**
     * @param status a {@code 4xx} status
     * @param code   the machine-readable error code
     * @return a refusal with both texts of {@code key}, to throw
     */
    ApiException refuse(int status, String code, String key, Object... args);
}
