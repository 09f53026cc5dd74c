package org.guanai.plugin.birthdays.internal;

import java.time.LocalDate;
import java.time.Instant;

/**
 * 过生日: one child's birthday celebrated — 赠一张生日贺卡 (card), 写一篇生日感言 (reflection), 送一句生日祝福 (wish)
 * [000 L839-841].
 */
public record Celebration(Long id, long schoolId, Long classId, long childId, Long partyId, LocalDate birthday,
        CalendarKind calendar, boolean card, boolean reflection, boolean wish, String reflectionText, String wishText,
        String note, long version, String recordedBy, Instant recordedAt) {

    /** @return the same celebration, planned for a party (nothing done yet, version 0) */
    Celebration inParty(long party) {
        return new Celebration(null, schoolId, classId, childId, party, birthday, calendar, card, reflection, wish, reflectionText, wishText,
                note, 0, recordedBy, recordedAt);
    }

    /** @return whether anything of the celebration happened */
    public boolean celebrated() {
        return card || reflection || wish;
    }
}
