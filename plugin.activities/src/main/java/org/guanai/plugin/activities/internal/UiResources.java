package org.guanai.plugin.activities.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardResource;

/** Serves the programme's page, its translations and CSS from this bundle's {@code /ui} folder at {@code /ui/programmes/activities/}. */
@Component(service = UiResources.class, property = { "guanai.route=GET /ui/programmes/activities/main.js",
        "guanai.route=GET /ui/programmes/activities/i18n/zh.json", "guanai.route=GET /ui/programmes/activities/i18n/en.json",
        "guanai.route=GET /ui/programmes/activities/activities.css" })
@HttpWhiteboardResource(pattern = "/ui/programmes/" + ActivityStore.ID + "/*", prefix = "/ui")
public final class UiResources {
}
