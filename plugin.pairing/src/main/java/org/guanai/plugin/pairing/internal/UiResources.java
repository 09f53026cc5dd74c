package org.guanai.plugin.pairing.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardResource;

/** Serves the programme's page, styles and translations from this bundle's {@code /ui} folder at {@code /ui/programmes/pairing/}. */
@Component(service = UiResources.class, property = { "guanai.route=GET /ui/programmes/pairing/main.js",
        "guanai.route=GET /ui/programmes/pairing/pairing.css", "guanai.route=GET /ui/programmes/pairing/i18n/zh.json",
        "guanai.route=GET /ui/programmes/pairing/i18n/en.json" })
@HttpWhiteboardResource(pattern = "/ui/programmes/" + PairingProgramme.ID + "/*", prefix = "/ui")
public final class UiResources {
}
