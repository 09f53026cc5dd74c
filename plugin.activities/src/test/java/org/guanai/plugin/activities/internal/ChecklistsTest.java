package org.guanai.plugin.activities.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.guanai.plugin.activities.internal.Checklists.Cadence;
import org.guanai.plugin.activities.internal.Checklists.Evidence;
import org.guanai.plugin.activities.internal.Checklists.Item;
import org.guanai.plugin.activities.internal.Checklists.Variant;
import org.junit.jupiter.api.Test;

/** The seed checklists (domain §5.1–5.5). */
class ChecklistsTest {

    @Test
    void theNineOnesAreNineItemsWithTheSeedCadences() {
        List<Item> nine = Checklists.seed(Variant.NINE_ONES);
        assertEquals(9, nine.size());
        assertEquals(List.of("home", "phone", "one_helps_one", "loving_mother", "lecture", "outing", "platform", "letter", "deed"),
                nine.stream().map(Item::code).toList());
        // the 爱心妈妈 talks weekly [000 L709]; the rest once per semester
        assertEquals(Cadence.WEEKLY, nine.get(3).cadence());
        assertEquals(8, nine.stream().filter(i -> i.cadence() == Cadence.SEMESTER).count());
        assertEquals("000 L723-725", nine.get(7).source());
    }

    @Test
    void everySeedItemHasAUniqueCodeACitationAndEvidenceThatParses() {
        Pattern code = Pattern.compile("[a-z][a-z0-9_]{1,39}");
        Set<String> codes = new HashSet<>();
        for (Variant v : Variant.values()) {
            for (Item i : Checklists.seed(v)) {
                assertTrue(codes.add(i.code()), i.code());
                assertTrue(code.matcher(i.code()).matches(), i.code());
                assertTrue(i.source().matches("00[0-4] L\\d+(-\\d+)?"), i.source());
                Evidence.parse(i.evidence());
                assertTrue(i.active());
            }
        }
        assertEquals(8, Checklists.seed(Variant.SEVENTEEN).size());
        assertEquals(Cadence.MONTHLY, Checklists.seed(Variant.SEVENTEEN).stream().filter(i -> i.code().equals("s17_book")).findFirst()
                .orElseThrow().cadence());
        assertEquals(5, Checklists.seed(Variant.FIVE_ONES).size());
        assertEquals(3, Checklists.seed(Variant.HOME_THREE_ONES).size());
        assertTrue(Checklists.seed(Variant.CUSTOM).isEmpty());
    }

    @Test
    void evidenceIsCheckedAgainstTheKnownTypes() {
        assertEquals(Set.of("CALL", "VIDEO_CALL"), Evidence.parse("record:call, video_call").values());
        assertEquals("home", Evidence.parse("home").source());
        for (String bad : List.of("", "record:", "record:NOPE", "record:PAIR", "activity:CALL", "pair:ONE_HELPS_ONE,LOVING_MOTHER",
                "pair:FRIEND", "things:CALL", "homes")) {
            assertThrows(IllegalArgumentException.class, () -> Evidence.parse(bad), bad);
        }
        assertFalse(Evidence.parse("activity:LECTURE,OUTING").values().isEmpty());
    }
}
