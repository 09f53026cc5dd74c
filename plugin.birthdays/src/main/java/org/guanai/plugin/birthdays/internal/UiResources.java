package org.guanai.plugin.birthdays.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardResource;

/** Serves the programme's page, its style and translations from this bundle's {@code /ui} folder at {@code /ui/programmes/birthdays/}. */
@Component(service = UiResources.class, property = { "guanai.route=GET /ui/programmes/birthdays/main.js",
        "guanai.route=GET /ui/programmes/birthdays/birthdays.css", "guanai.route=GET /ui/programmes/birthdays/i18n/zh.json",
        "guanai.route=GET /ui/programmes/birthdays/i18n/en.json" })
@HttpWhiteboardResource(pattern = "/ui/programmes/" + BirthdaysProgramme.ID + "/*", prefix = "/ui")
public final class UiResources {
}
