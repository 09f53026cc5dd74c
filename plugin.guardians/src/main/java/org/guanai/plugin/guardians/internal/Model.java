package org.guanai.plugin.guardians.internal;

import java.time.LocalDate;
import java.util.List;

/** The programme's records, as stored and answered (codes in JSON; the page and the exports show them in words). */
final class Model {
    private Model() {
    }

    /** 活动类型 (domain §3.4). */
    enum Kind {
        /** 监护人会议 */
        GUARDIAN_MEETING,
        /** 座谈会: 帮扶教师, 留守儿童 and 监护人 */
        FORUM,
        /** 培训/讲座 for 委托监护人 */
        TRAINING,
        /** 返乡家长会, in the holidays and the farming season */
        HOLIDAY_MEETING
    }

    /** Whose attendance a row records: a guardian (监护人) or a parent (家长) of the registry. */
    enum Person {
        GUARDIAN, PARENT
    }

    /** One session of the 家长学校, with its attendance counted ({@code marked} rows, {@code attended} of them). */
    record Session(Long id, long version, long schoolId, Long classId, Kind kind, String topic, LocalDate heldOn, String place,
            Long organiserId, String organiserName, List<String> materials, String notes, String createdBy, int marked, int attended) {
    }

    /** A guardian or parent of a child on a session's sheet; {@code attended} is {@code null} while not marked. */
    record Attendee(long childId, String childName, Person person, long personId, String name, String relation, Boolean attended) {
    }

    /** A session a child's guardian or parent was marked for: the child's guardians' training history. */
    record HistoryItem(long sessionId, Kind kind, String topic, LocalDate heldOn, String place, Person person, long personId,
            String name, String relation, boolean attended) {
    }
}
