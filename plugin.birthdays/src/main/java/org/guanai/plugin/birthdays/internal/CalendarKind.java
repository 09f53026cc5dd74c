package org.guanai.plugin.birthdays.internal;

/** Which calendar a family keeps a birthday by. */
public enum CalendarKind {
    /** 公历: the Gregorian calendar. */
    SOLAR,
    /** 农历: the Chinese lunar calendar. */
    LUNAR
}
