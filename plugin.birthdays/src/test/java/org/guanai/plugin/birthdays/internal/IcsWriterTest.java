package org.guanai.plugin.birthdays.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;

/** The feed as a calendar application reads it: parsed by ical4j, and the RFC 5545 line rules checked on the bytes. */
class IcsWriterTest {
    private final LunarCalendar lunar = new LunarCalendar();

    private List<Occasion> sample() {
        List<Occasion> list = new ArrayList<>(new OccasionService(null, lunar).festivals(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31)));
        list.add(new Occasion(LocalDate.of(2026, 11, 23), Occasion.CHILD_BIRTHDAY, "CHILD", "欧阳小明，王;小\\红 生日", "Xiaoming's birthday",
                1L, 2L, 3L, 3L, CalendarKind.LUNAR, "十月十五", 10));
        list.add(new Occasion(LocalDate.of(2026, 11, 24), Occasion.ELDER_BIRTHDAY, "GUARDIAN",
                "一个很长很长的名字用来测试折行的规则是否按照八位组计算而不会把一个汉字拆开在两行之间的情况 生日", "A long one", 1L, 2L, 3L, 9L,
                CalendarKind.SOLAR, "十月十六", 66));
        return list;
    }

    @Test
    void parsesAndKeepsTheLineRules() throws Exception {
        byte[] bytes = IcsWriter.write("三年级(2)班 生日与节日", "guanai.example", sample(), Instant.parse("2026-11-23T02:00:00Z"), true);
        String text = new String(bytes, StandardCharsets.UTF_8);
        // CRLF only, and no line longer than 75 octets
        assertFalse(text.replace("\r\n", "").contains("\n"));
        assertFalse(text.replace("\r\n", "").contains("\r"));
        assertTrue(text.endsWith("END:VCALENDAR\r\n"));
        boolean folded = false;
        for (String line : text.split("\r\n")) {
            assertTrue(line.getBytes(StandardCharsets.UTF_8).length <= 75, line);
            folded |= line.startsWith(" ");
        }
        assertTrue(folded, "the long summary is folded");

        Calendar cal = new CalendarBuilder().build(new ByteArrayInputStream(bytes));
        List<VEvent> events = cal.getComponents(Component.VEVENT);
        assertEquals(sample().size(), events.size());
        Set<String> uids = new HashSet<>();
        for (VEvent e : events) {
            uids.add(e.getProperty(Property.UID).orElseThrow().getValue());
            assertEquals("20261123T020000Z", e.getProperty(Property.DTSTAMP).orElseThrow().getValue());
            assertEquals("DATE", e.getProperty(Property.DTSTART).orElseThrow().getParameter("VALUE").orElseThrow().getValue());
        }
        assertEquals(events.size(), uids.size(), "UIDs are unique");
        VEvent kid = events.stream().filter(e -> e.getProperty(Property.UID).orElseThrow().getValue().startsWith("birthdays-child-3-"))
                .findFirst().orElseThrow();
        // escaped text comes back as written, folded lines unfolded
        assertEquals("欧阳小明，王;小\\红 生日", kid.getProperty(Property.SUMMARY).orElseThrow().getValue());
        assertEquals("20261123", kid.getProperty(Property.DTSTART).orElseThrow().getValue());
        assertEquals("20261124", kid.getProperty(Property.DTEND).orElseThrow().getValue());
        VEvent longOne = events.stream().filter(e -> e.getProperty(Property.UID).orElseThrow().getValue().startsWith("birthdays-guardian-9-"))
                .findFirst().orElseThrow();
        assertEquals(sample().get(sample().size() - 1).titleZh(), longOne.getProperty(Property.SUMMARY).orElseThrow().getValue());
        VEvent midAutumn = events.stream().filter(e -> e.getProperty(Property.UID).orElseThrow().getValue().startsWith("birthdays-mid_autumn-"))
                .findFirst().orElseThrow();
        assertEquals("20260925", midAutumn.getProperty(Property.DTSTART).orElseThrow().getValue());
    }
}
