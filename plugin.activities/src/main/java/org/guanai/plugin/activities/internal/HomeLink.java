package org.guanai.plugin.activities.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.guanai.core.api.care.HomeRecords;
import org.guanai.core.api.care.HomeRecords.ChildHomeUse;
import org.guanai.plugin.activities.internal.Coverage.ChildEvidence;

/**
 * The home programme's logs ({@link HomeRecords}, core.api) as the 九个一 counts them, beside this programme's own
 * records: any use of the 留守儿童之家 (a book borrowed, a family call or video, a talk) is evidence for {@code home}
 * (item (1), [000 L697]: activities in the home), and a use of a kind is evidence for {@code record:KIND} of the same
 * kind ({@code CALL}, {@code VIDEO_CALL}: item (2), the family phone, [000 L699-701]; {@code TALK}: the talks). A book
 * borrowed is not a book read ({@code record:BOOK}).
 */
final class HomeLink {
    private HomeLink() {
    }

    /**
     * @param own  this programme's evidence per child
     * @param uses the home programme's uses of a school for the same range
     * @return the evidence with the uses added (a new map; {@code own} is left as it is)
     */
    static Map<Long, ChildEvidence> add(Map<Long, ChildEvidence> own, List<ChildHomeUse> uses) {
        Map<Long, ChildEvidence> out = new HashMap<>(own);
        for (ChildHomeUse c : uses) {
            ChildEvidence e = out.getOrDefault(c.childId(), ChildEvidence.empty());
            List<LocalDate> home = new ArrayList<>(e.home());
            Map<String, List<LocalDate>> records = new HashMap<>(e.records());
            for (HomeRecords.Use u : c.uses()) {
                home.add(u.date());
                List<LocalDate> days = new ArrayList<>(records.getOrDefault(u.kind(), List.of()));
                days.add(u.date());
                records.put(u.kind(), days);
            }
            out.put(c.childId(), new ChildEvidence(e.activities(), home, records, e.pairs()));
        }
        return out;
    }
}
