package org.guanai.core.registry.internal.programmes;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.guanai.sdk.i18n.Texts;
import org.osgi.framework.Bundle;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ServiceScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A programme's texts ({@link Texts}) from {@code i18n/messages_zh.properties} and {@code i18n/messages_en.properties}
 * in its bundle (read as UTF-8 from the bundle's entries, so a bundle that is not resolved yet or has no class loader
 * still has texts), formatted by {@link PropertyTexts}, with the bundle's version. Bundle-scoped: each bundle that asks gets the instance of its own texts.
 */
@Component(service = Texts.class, scope = ServiceScope.BUNDLE)
public final class BundleTexts extends PropertyTexts {
    private static final Logger LOG = LoggerFactory.getLogger(BundleTexts.class);
    static final String ZH = "i18n/messages_zh.properties";
    static final String EN = "i18n/messages_en.properties";

    private final String owner;
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    @Activate
    public BundleTexts(ComponentContext context) {
        this(context.getUsingBundle());
    }

    BundleTexts(Bundle bundle) {
        this(bundle.getSymbolicName(), load(bundle, ZH), load(bundle, EN), bundle.getVersion().toString());
    }

    BundleTexts(String owner, Properties zh, Properties en, String version) {
        super(zh, en, version);
        this.owner = owner;
    }

    private static Properties load(Bundle bundle, String path) {
        Properties p = new Properties();
        URL url = bundle.getEntry(path);
        if (url == null) {
            return p;
        }
        try (InputStream in = url.openStream(); InputStreamReader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            LOG.error("Texts {} of bundle {} could not be read", path, bundle.getSymbolicName(), e);
        }
        return p;
    }

    /** The platform does not fail for a missing text: it logs it once and shows the key. */
    @Override
    protected String missing(Locale locale, String key) {
        if (reported.add(locale.getLanguage() + ":" + key)) {
            LOG.warn("{} has no {} text for '{}'", owner, locale.getDisplayLanguage(Locale.ENGLISH), key);
        }
        return key;
    }
}
