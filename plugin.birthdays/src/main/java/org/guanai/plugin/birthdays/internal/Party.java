package org.guanai.plugin.birthdays.internal;

import java.time.Instant;
import java.time.LocalDate;

/** 生日会 (生日party): a month's birthday children of a school or one class, celebrated together [000 L839]. */
public record Party(Long id, long schoolId, Long classId, String month, LocalDate partyDate, String title, String note,
        String createdBy, Instant createdAt) {

    /** @return the same party with its id */
    Party withId(long newId) {
        return new Party(newId, schoolId, classId, month, partyDate, title, note, createdBy, createdAt);
    }
}
