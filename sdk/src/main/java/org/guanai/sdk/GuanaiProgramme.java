package org.guanai.sdk;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.annotation.bundle.Header;

/**
 * Marks a bundle as the care programme with the given id: put it on one class of the bundle (usually its
 * {@link org.guanai.core.api.programme.Programme}) with the id as a constant, and bnd writes the
 * {@value org.guanai.core.api.programme.Programme#MANIFEST_HEADER} manifest header. The core then knows the programme
 * of every service the bundle registers ({@link org.guanai.sdk.http.ProgrammeApi},
 * {@link org.guanai.core.api.programme.Programme}, {@link org.guanai.core.api.programme.ProgrammeDemo}) and serves its
 * page files from the bundle's {@code /ui} folder at {@code /ui/programmes/<id>/}. The id is written once.
 * <pre>{@code
 * @GuanaiProgramme(CallsProgramme.ID)
 * @Component(service = Programme.class)
 * public final class CallsProgramme implements Programme {
 *     static final String ID = "calls";
 * }
 * }</pre>
 */
@Retention(RetentionPolicy.CLASS)
@Target({ ElementType.TYPE, ElementType.PACKAGE })
@Header(name = org.guanai.core.api.programme.Programme.MANIFEST_HEADER, value = "${#value}")
public @interface GuanaiProgramme {

    /** @return the programme id, {@code [a-z][a-z0-9]{1,30}}: it prefixes the programme's tables, paths and permissions */
    String value();
}
