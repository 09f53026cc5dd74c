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
import org.guanai.plugin.activities.internal.Coverage.PairEvidence;

/**
 * 结对记录 from the pairing programme ({@link MentoringRecords}, core.api), read as the two 九个一 pair items count them:
 * {@value #LOVING_MOTHER} (爱心妈妈, item (4) [000 L707-709]) is a pair with a loving-mother mentor, {@value #ONE_HELPS_ONE}
 * (一帮一, item (3) [000 L703-705]) a pair with a pupil, the 小老师 the item names (a teacher's pair, 二对一 included, does not
 * count for it); the talks that count are the {@link MentoringRecords#TALK} contacts of those mentors, due from the day
 * the earliest such pair started.
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
     * @return per child with such a pair, since when it is in force and the days of the talks of its mentors
     */
    static Map<Long, PairEvidence> talks(List<ChildMentoring> records, String scheme) {
        String kind = LOVING_MOTHER.equals(scheme) ? MentoringRecords.LOVING_MOTHER : MentoringRecords.PEER;
        Map<Long, PairEvidence> out = new TreeMap<>();
        for (ChildMentoring c : records) {
            List<MentoringRecords.Mentoring> pairs = c.pairs().stream().filter(p -> kind.equals(p.mentorKind())).toList();
            if (pairs.isEmpty()) {
                continue;
            }
            Set<Long> mentors = pairs.stream().map(MentoringRecords.Mentoring::mentorId).collect(Collectors.toSet());
            LocalDate since = pairs.stream().map(MentoringRecords.Mentoring::start).filter(d -> d != null).min(LocalDate::compareTo)
                    .orElse(null);
            List<LocalDate> days = new ArrayList<>();
            for (MentoringRecords.Contact k : c.contacts()) {
                if (MentoringRecords.TALK.equals(k.kind()) && mentors.contains(k.mentorId())) {
                    days.add(k.date());
                }
            }
            out.put(c.childId(), new PairEvidence(since, days));
        }
        return out;
    }
}
