package org.guanai.examples.calls.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardResource;

/** Serves the programme's page and its translations from this bundle's {@code /ui} folder at {@code /ui/programmes/calls/}. */
@Component(service = UiResources.class, property = "guanai.route=GET /ui/programmes/calls/main.js")
@HttpWhiteboardResource(pattern = "/ui/programmes/" + CallsProgramme.ID + "/*", prefix = "/ui")
public final class UiResources {
}
