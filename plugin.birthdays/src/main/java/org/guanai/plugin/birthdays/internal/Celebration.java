package org.guanai.plugin.birthdays.internal;

import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * 过生日: one child's birthday celebrated — 赠一张生日贺卡 (card), 写一篇生日感言 (reflection), 送一句生日祝福 (wish)
 * [000 L839-841].
 */
public record Celebration(Long id, long schoolId, Long classId, long childId, Long partyId, LocalDate birthday,
        CalendarKind calendar, boolean card, boolean reflection, boolean wish, String reflectionText, String wishText,
        String note, long version, String recordedBy, OffsetDateTime recordedAt) {

    /** @return whether anything of the celebration happened */
    public boolean celebrated() {
        return card || reflection || wish;
    }
}
