package org.guanai.plugin.birthdays.internal;

import org.osgi.service.component.annotations.Component;

/** One {@link LunarCalendar} (and its cache of lunar years) for the bundle's components. */
@Component(service = LunarService.class)
public final class LunarService {
    private final LunarCalendar calendar = new LunarCalendar();

    LunarCalendar calendar() {
        return calendar;
    }
}
