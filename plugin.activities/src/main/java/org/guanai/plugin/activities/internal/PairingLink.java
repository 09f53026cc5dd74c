package org.guanai.plugin.activities.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.guanai.core.api.care.MentoringRecords;
import org.guanai.core.api.care.MentoringRecords.ChildMentoring;

/**
 * 结对记录 from the pairing programme ({@link MentoringRecords}, core.api), read as the two 九个一 pair items count them:
 * {@value #LOVING_MOTHER} (爱心妈妈) is a pair with a loving-mother mentor, {@value #ONE_HELPS_ONE} (一帮一) a pair with
 * any other mentor; the talks that count are the {@link MentoringRecords#TALK} contacts of those mentors.
 */
final class PairingLink {
    /** 一帮一. */
    static final String ONE_HELPS_ONE = "ONE_HELPS_ONE";
    /** 爱心妈妈. */
    static final String LOVING_MOTHER = "LOVING_MOTHER";

    private PairingLink() {
    }

    /**
     * @param records the pairing programme's records of a school for a range
     * @param scheme  {@link #ONE_HELPS_ONE} or {@link #LOVING_MOTHER}
     * @return per child with such a pair, the days of the talks of its mentors (empty when none)
     */
    static Map<Long, List<LocalDate>> talks(List<ChildMentoring> records, String scheme) {
        boolean mother = LOVING_MOTHER.equals(scheme);
        Map<Long, List<LocalDate>> out = new TreeMap<>();
        for (ChildMentoring c : records) {
            Set<Long> mentors = c.pairs().stream().filter(p -> MentoringRecords.LOVING_MOTHER.equals(p.mentorKind()) == mother)
                    .map(MentoringRecords.Mentoring::mentorId).collect(Collectors.toSet());
            if (mentors.isEmpty()) {
                continue;
            }
            List<LocalDate> days = new ArrayList<>();
            for (MentoringRecords.Contact k : c.contacts()) {
                if (MentoringRecords.TALK.equals(k.kind()) && mentors.contains(k.mentorId())) {
                    days.add(k.date());
                }
            }
            out.put(c.childId(), List.copyOf(days));
        }
        return out;
    }
}
