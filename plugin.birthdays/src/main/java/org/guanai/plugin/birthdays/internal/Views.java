package org.guanai.plugin.birthdays.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** What the routes answer, as JSON: the records' components are the fields, in order. */
final class Views {
    private Views() {
    }

    /** One child's celebration of one birthday; {@code name} only where the answer lists several children. */
    public record CelebrationView(long id, long childId, String name, Long classId, Long partyId, LocalDate birthday, CalendarKind calendar,
            boolean card, boolean reflection, boolean wish, String reflectionText, String wishText, String note, boolean celebrated,
            long version, String recordedBy, Instant recordedAt) {

        static CelebrationView of(Celebration c, String name) {
            return new CelebrationView(c.id(), c.childId(), name, c.classId(), c.partyId(), c.birthday(), c.calendar(), c.card(),
                    c.reflection(), c.wish(), c.reflectionText(), c.wishText(), c.note(), c.celebrated(), c.version(), c.recordedBy(),
                    c.recordedAt());
        }
    }

    /** A birthday in a window: the child, the day it is kept, by which calendar, and its celebration if recorded. */
    public record UpcomingItem(long childId, String name, Long classId, String className, LocalDate birthDate, String lunarBirth,
            CalendarKind calendar, LocalDate date, String dateLunar, CalendarKind keptBy, Integer age, long daysUntil,
            CelebrationView celebration) {
    }

    /** The birthdays of a window; {@code calendar} is {@code family}, {@code solar} or {@code lunar}. */
    public record Upcoming(LocalDate from, LocalDate to, String calendar, List<UpcomingItem> items) {
    }

    /** A class of the school. */
    public record ClassItem(long id, String name, int gradeLevel) {
    }

    /** A day of the month calendar: its lunar name ({@code 腊月廿九}), the short one for the grid, its occasions. */
    public record Day(LocalDate date, String lunar, String lunarDay, List<Occasion> occasions) {
    }

    /** The month calendar. */
    public record Month(String month, List<Day> days) {
    }

    /** A lunar date of birth. */
    public record LunarBirth(int year, int month, boolean leap, int day, String zh, String en) {
    }

    /** An elder of a child with a date of birth; {@code kind} is {@code PARENT} or {@code GUARDIAN}. */
    public record Elder(BirthdayStore.PersonKind kind, long id, String name, String relationZh, String relationEn, LocalDate birthDate,
            CalendarKind calendar, String lunarBirth, LocalDate next) {
    }

    /** A child's birthday: both calendars, the next birthday by each, the celebrations and the elders' birthdays. */
    public record Birthday(long childId, String name, LocalDate birthDate, CalendarKind calendar, LunarBirth lunarBirth, LocalDate nextSolar,
            LocalDate nextLunar, List<CelebrationView> celebrations, List<Elder> elders) {
    }

    /** The calendar now kept for a person. */
    public record CalendarSet(BirthdayStore.PersonKind kind, long id, CalendarKind calendar) {
    }

    /** A party in the list, with how many children it has and how many were celebrated. */
    public record PartyItem(long id, String month, Long classId, String className, LocalDate partyDate, String title, String note,
            String createdBy, Instant createdAt, int children, long celebrated) {
    }

    /** A party with its celebrations. */
    public record PartyDetail(long id, String month, Long classId, String className, LocalDate partyDate, String title, String note,
            String createdBy, Instant createdAt, List<CelebrationView> celebrations) {
    }

    /** One class's (or, without {@code classId}, the unplaced children's) share of the coverage. */
    public record ClassCoverage(Long classId, String className, long children, long birthdaysSoFar, long celebrated, long fullyCelebrated,
            long celebratedSoFar) {
    }

    /**
     * Coverage of a school year: {@code coverage} is the percentage of children celebrated, {@code coverageSoFar} of the
     * children whose birthday has come (the goal: every one of them).
     */
    public record Coverage(int schoolYear, LocalDate from, LocalDate to, long children, long birthdaysSoFar, long celebrated,
            long fullyCelebrated, double coverage, double coverageSoFar, List<ClassCoverage> classes) {
    }
}
