package org.guanai.core.api.care;

import java.time.LocalDate;
import java.util.List;

/**
 * 结对帮扶记录: the pairs in force and the contacts recorded, per child, as the pairing programme (一对一结对帮扶) keeps them.
 * Published by that programme; other programmes count it (the 九个一's 一帮一 and 爱心妈妈 items). Answered for the
 * platform, without a caller's limits: a consumer shows it only where its own caller may see the child.
 */
@org.osgi.annotation.versioning.ProviderType
public interface MentoringRecords {
    /** Mentor kind 教职工: registry staff. */
    String TEACHER = "TEACHER";
    /** Mentor kind 爱心妈妈: loving mother. */
    String LOVING_MOTHER = "LOVING_MOTHER";
    /** Mentor kind 代理家长: proxy parent. */
    String PROXY_PARENT = "PROXY_PARENT";
    /** Mentor kind 干部: cadre. */
    String CADRE = "CADRE";
    /** Mentor kind 志愿者: volunteer. */
    String VOLUNTEER = "VOLUNTEER";
    /** Mentor kind 小老师/学习帮手: a pupil. */
    String PEER = "PEER";

    /** Contact kind 谈心: a talk with the child. */
    String TALK = "TALK";
    /** Contact kind 家访: a home visit. */
    String HOME_VISIT = "HOME_VISIT";
    /** Contact kind 与家长通话: a call to the parents away. */
    String PARENT_CALL = "PARENT_CALL";

    /**
     * The children of a school with a pair in force on at least one day of {@code [from, to]} or a contact recorded in
     * it, ordered by child id.
     *
     * @param schoolId the school
     * @param from     first day, inclusive
     * @param to       last day, inclusive
     */
    List<ChildMentoring> forSchool(long schoolId, LocalDate from, LocalDate to);

    /**
     * 职责履行 per mentor (考评, domain §8.4 [002 L91][003 L27]): every mentor of a school with a pair in force on at least
     * one day of {@code [from, to]}, and per kind of contact the obligation periods of the mentor's schemes that ended in
     * the range (today at the latest) and how many of them were met, as the programme's own 职责履行率 counts them.
     * Ordered by mentor name. Answered for the platform, without a caller's limits. Since 1.2.0.
     *
     * @param schoolId the school
     * @param from     first day, inclusive
     * @param to       last day, inclusive
     */
    List<MentorDuties> duties(long schoolId, LocalDate from, LocalDate to);

    /**
     * One mentor's obligations in a range. Since 1.2.0.
     *
     * @param mentorKind  one of the mentor kind constants above
     * @param mentorId    the programme's id of the mentor
     * @param mentorName  the mentor's name
     * @param staffId     the registry's staff id for a {@link #TEACHER}, else {@code null}
     * @param children    the children the mentor was paired with in the range
     * @param pairedDays  the days of the range the mentor's pairs were in force, summed over them
     * @param duties      per contact kind with an obligation: periods due and met
     */
    record MentorDuties(String mentorKind, long mentorId, String mentorName, Long staffId, int children, long pairedDays,
            List<Duty> duties) {
        /** Copies the list. */
        public MentorDuties {
            duties = List.copyOf(duties);
        }

        /**
         * A mentor's duties: what the publishing programme writes instead of the canonical constructor.
         *
         * @param kind one of the mentor kind constants
         * @param id   the programme's id of the mentor
         * @return a builder with the other components unset (no children, no duties)
         */
        public static Builder builder(String kind, long id) {
            return new Builder(kind, id);
        }

        /** Builds a {@link MentorDuties}; a component added later gets a setter here. */
        public static final class Builder {
            private final String kind;
            private final long id;
            private String name;
            private Long staffId;
            private int children;
            private long pairedDays;
            private final List<Duty> duties = new java.util.ArrayList<>();

            private Builder(String kind, long id) {
                this.kind = kind;
                this.id = id;
            }

            /** @return this builder with the mentor's name and, for a teacher, the registry's staff id */
            public Builder name(String value, Long staff) {
                name = value;
                staffId = staff;
                return this;
            }

            /** @return this builder with the children paired and the days their pairs were in force in the range */
            public Builder paired(int childCount, long days) {
                children = childCount;
                pairedDays = days;
                return this;
            }

            /** @return this builder with one more duty: periods due and met of a contact kind */
            public Builder duty(String contactKind, long due, long met) {
                duties.add(new Duty(contactKind, due, met));
                return this;
            }

            /** @return the mentor's duties */
            public MentorDuties build() {
                return new MentorDuties(kind, id, name, staffId, children, pairedDays, duties);
            }
        }
    }

    /**
     * Periods of one kind of contact due and met. Since 1.2.0.
     *
     * @param kind {@link #TALK}, {@link #HOME_VISIT}, {@link #PARENT_CALL}
     * @param due  obligation periods that ended in the range
     * @param met  those with the contacts the scheme asks for
     */
    record Duty(String kind, long due, long met) {
    }

    /**
     * A pair (结对) in force at some time in the range.
     *
     * @param pairId     the programme's id of the pair
     * @param scheme     the scheme's id, e.g. {@code STAFF} (教职工结对), {@code LOVING_MOTHER} (爱心妈妈),
     *                   {@code CADRE_TEACHER} (二对一); schemes are configurable, so match on {@code mentorKind} when
     *                   the kind of mentor is what counts
     * @param mentorKind one of the mentor kind constants above
     * @param mentorId   the programme's id of the mentor
     * @param start      first day
     * @param end        last day, {@code null} while it lasts
     */
    record Mentoring(long pairId, String scheme, String mentorKind, long mentorId, LocalDate start, LocalDate end) {

        /**
         * A pair: what the publishing programme writes instead of the canonical constructor, which changes whenever a
         * pair gains a component.
         *
         * @param pairId the programme's id of the pair
         * @return a builder for that pair, with the other components unset
         */
        public static Builder builder(long pairId) {
            return new Builder(pairId);
        }

        /**
         * Builds a {@link Mentoring}. A component added to the record in a later version gets a setter here, and code
         * written against this builder keeps compiling and linking.
         */
        public static final class Builder {
            private final long pairId;
            private String scheme;
            private String mentorKind;
            private long mentorId;
            private LocalDate start;
            private LocalDate end;

            private Builder(long pairId) {
                this.pairId = pairId;
            }

            /** @return this builder with the scheme's id */
            public Builder scheme(String value) {
                scheme = value;
                return this;
            }

            /** @return this builder with the mentor: a mentor kind constant and the programme's id of the mentor */
            public Builder mentor(String kind, long id) {
                mentorKind = kind;
                mentorId = id;
                return this;
            }

            /** @return this builder with the first and last day ({@code null} while the pair lasts) */
            public Builder period(LocalDate first, LocalDate last) {
                start = first;
                end = last;
                return this;
            }

            /** @return the pair */
            public Mentoring build() {
                return new Mentoring(pairId, scheme, mentorKind, mentorId, start, end);
            }
        }
    }

    /**
     * A contact recorded in the range.
     *
     * @param kind     {@link #TALK}, {@link #HOME_VISIT}, {@link #PARENT_CALL}, or another kind the programme records
     * @param date     the day
     * @param mentorId who made it
     */
    record Contact(String kind, LocalDate date, long mentorId) {
    }

    /**
     * One child's pairs and contacts in the range.
     *
     * @param childId  the registry's child id
     * @param pairs    pairs in force in the range
     * @param contacts contacts in the range, oldest first
     */
    record ChildMentoring(long childId, List<Mentoring> pairs, List<Contact> contacts) {
        /** Copies the lists. */
        public ChildMentoring {
            pairs = List.copyOf(pairs);
            contacts = List.copyOf(contacts);
        }
    }
}
