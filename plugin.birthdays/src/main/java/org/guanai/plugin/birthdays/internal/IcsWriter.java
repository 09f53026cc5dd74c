package org.guanai.plugin.birthdays.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * An iCalendar (RFC 5545) feed of occasions as all-day events: {@code DTSTART;VALUE=DATE} and the next day as
 * {@code DTEND}, a stable {@code UID} per occasion and day (so that a calendar application updates rather than
 * duplicates it on each refresh), {@code DTSTAMP} in UTC, text escaped (§3.3.11), lines ended by CRLF and folded at 75
 * octets without splitting a UTF-8 character (§3.1).
 */
final class IcsWriter {
    private static final DateTimeFormatter DATE = DateTimeFormatter.BASIC_ISO_DATE;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final StringBuilder out = new StringBuilder();

    /** @return the whole calendar, UTF-8 */
    static byte[] write(String name, String host, List<Occasion> occasions, Instant stamp, boolean zh) {
        IcsWriter w = new IcsWriter();
        w.line("BEGIN:VCALENDAR");
        w.line("VERSION:2.0");
        w.line("PRODID:-//Guanai//birthdays//" + (zh ? "ZH" : "EN"));
        w.line("CALSCALE:GREGORIAN");
        w.line("METHOD:PUBLISH");
        w.line("X-WR-CALNAME:" + text(name));
        w.line("REFRESH-INTERVAL;VALUE=DURATION:PT12H");
        w.line("X-PUBLISHED-TTL:PT12H");
        for (Occasion o : occasions) {
            w.line("BEGIN:VEVENT");
            w.line("UID:" + uid(o) + "@" + host);
            w.line("DTSTAMP:" + STAMP.format(stamp));
            w.line("DTSTART;VALUE=DATE:" + DATE.format(o.date()));
            w.line("DTEND;VALUE=DATE:" + DATE.format(o.date().plusDays(1)));
            w.line("SUMMARY:" + text(zh ? o.titleZh() : o.titleEn()));
            w.line("DESCRIPTION:" + text(description(o, zh)));
            w.line("CATEGORIES:" + text(category(o, zh)));
            w.line("TRANSP:TRANSPARENT");
            w.line("END:VEVENT");
        }
        w.line("END:VCALENDAR");
        return w.out.toString().getBytes(StandardCharsets.UTF_8);
    }

    static String uid(Occasion o) {
        String who = o.kind().equals(Occasion.FESTIVAL) ? o.code().toLowerCase() : o.code().toLowerCase() + "-" + o.personId();
        return "birthdays-" + who + "-" + DATE.format(o.date());
    }

    private static String description(Occasion o, boolean zh) {
        String lunar = (zh ? "农历" : "Lunar calendar: ") + o.lunarZh();
        if (o.kind().equals(Occasion.FESTIVAL)) {
            return lunar;
        }
        String cal = o.calendar() == CalendarKind.LUNAR ? (zh ? "按农历过生日" : "birthday kept by the lunar calendar")
                : (zh ? "按公历过生日" : "birthday kept by the solar calendar");
        return cal + "\n" + lunar + (o.age() == null ? "" : zh ? "\n" + o.age() + "岁" : "\nage " + o.age());
    }

    private static String category(Occasion o, boolean zh) {
        return switch (o.kind()) {
        case Occasion.FESTIVAL -> zh ? "节日" : "Festival";
        case Occasion.CHILD_BIRTHDAY -> zh ? "学生生日" : "Pupil's birthday";
        default -> zh ? "长辈生日" : "Elder's birthday";
        };
    }

    /** Escapes a TEXT value: backslash, semicolon, comma and newline. */
    static String text(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
            case '\\' -> b.append("\\\\");
            case ';' -> b.append("\\;");
            case ',' -> b.append("\\,");
            case '\n' -> b.append("\\n");
            case '\r' -> {
            }
            default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** Appends a content line, folded so that no line exceeds 75 octets (continuations begin with a space). */
    void line(String content) {
        int octets = 0;
        int limit = 75;
        for (int i = 0; i < content.length();) {
            int cp = content.codePointAt(i);
            int n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (octets + n > limit) {
                out.append("\r\n ");
                octets = 1;
            }
            out.appendCodePoint(cp);
            octets += n;
            i += Character.charCount(cp);
        }
        out.append("\r\n");
    }
}
