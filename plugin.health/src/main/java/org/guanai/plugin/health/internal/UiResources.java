package org.guanai.plugin.health.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardResource;

/** Serves the programme's page, its translations and style from this bundle's {@code /ui} folder at {@code /ui/programmes/health/}. */
@Component(service = UiResources.class, property = { "guanai.route=GET /ui/programmes/health/main.js",
        "guanai.route=GET /ui/programmes/health/health.css", "guanai.route=GET /ui/programmes/health/i18n/zh.json",
        "guanai.route=GET /ui/programmes/health/i18n/en.json" })
@HttpWhiteboardResource(pattern = "/ui/programmes/" + HealthProgramme.ID + "/*", prefix = "/ui")
public final class UiResources {
}
