package org.guanai.core.registry.internal.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.guanai.core.api.dto.BoardingType;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.ChildFlag;
import org.guanai.core.api.dto.Gender;
import org.guanai.core.api.dto.Guardian;
import org.guanai.core.api.dto.GuardianKind;
import org.guanai.core.api.dto.LeftBehindType;
import org.guanai.core.api.dto.School;
import org.guanai.core.registry.internal.registry.History.Change;
import org.junit.jupiter.api.Test;

class HistoryTest {
    private static final Instant T1 = Instant.parse("2026-11-01T02:00:00Z");
    private static final Instant T2 = Instant.parse("2026-11-23T02:00:00Z");

    private static Child child(Long id, long version, String name, Set<ChildFlag> flags, String health, Instant created,
            Instant updated) {
        return new Child(id, version, name, Gender.FEMALE, LocalDate.of(2015, 6, 1), null, null, "苗族", 1L, 3L,
                BoardingType.DAY, null, "大坪村", LeftBehindType.BOTH_AWAY, null, false, health, null, flags, false, created,
                updated);
    }

    @Test
    void diffIgnoresBookkeepingFields() {
        Child before = child(1L, 0, "王小红", Set.of(), "健康", T1, T1);
        Child after = child(99L, 5, "王小红", Set.of(), "健康", T2, T2);
        assertEquals(List.of(), History.diff(before, after));
    }

    @Test
    void diffReportsChangedFieldsInDeclarationOrderWithOldAndNewText() {
        Child before = child(1L, 0, "王小红", Set.of(), "健康", T1, T1);
        Child after = child(1L, 1, "王晓红", Set.of(ChildFlag.POOR), null, T1, T2);
        assertEquals(List.of(new Change("name", "王小红", "王晓红"), new Change("healthNote", "健康", null),
                new Change("flags", "", "POOR")), History.diff(before, after));
        assertEquals(List.of(new Change("name", "王晓红", "王小红"), new Change("healthNote", null, "健康"),
                new Change("flags", "POOR", "")), History.diff(after, before));
    }

    @Test
    void diffOfEnumsDatesBooleansAndNumbers() {
        Guardian a = new Guardian(1L, 0, 7, GuardianKind.GRANDPARENTS, "李秀兰", "奶奶", null, null, null, null, 66,
                LocalDate.of(1960, 1, 2), true);
        Guardian b = new Guardian(1L, 1, 7, GuardianKind.MATERNAL_GRANDPARENTS, "李秀兰", "外婆", null, null, null, null, 67,
                LocalDate.of(1960, 2, 1), false);
        assertEquals(List.of(new Change("kind", "GRANDPARENTS", "MATERNAL_GRANDPARENTS"), new Change("relation", "奶奶", "外婆"),
                new Change("age", "66", "67"), new Change("birthDate", "1960-01-02", "1960-02-01"),
                new Change("primary", "true", "false")), History.diff(a, b));
    }

    @Test
    void setsAreWrittenSortedWhateverTheirOrder() {
        Set<ChildFlag> insertionOrder = new LinkedHashSet<>(List.of(ChildFlag.POOR, ChildFlag.DIFFICULT, ChildFlag.DISABLED));
        assertEquals("DIFFICULT,DISABLED,POOR", History.text(insertionOrder));
        assertEquals("DIFFICULT,DISABLED,POOR", History.text(EnumSet.of(ChildFlag.POOR, ChildFlag.DISABLED, ChildFlag.DIFFICULT)));
        assertEquals("", History.text(Set.of()));
        Child before = child(1L, 0, "王小红", Set.of(ChildFlag.SINGLE_PARENT), null, T1, T1);
        Child after = child(1L, 0, "王小红", insertionOrder, null, T1, T1);
        assertEquals(List.of(new Change("flags", "SINGLE_PARENT", "DIFFICULT,DISABLED,POOR")), History.diff(before, after));
        // the same set in another order is no change
        Child same = child(1L, 0, "王小红", EnumSet.of(ChildFlag.DISABLED, ChildFlag.POOR, ChildFlag.DIFFICULT), null, T1, T1);
        assertEquals(List.of(), History.diff(after, same));
    }

    @Test
    void textOfValues() {
        assertNull(History.text(null));
        assertEquals("2015-06-01", History.text(LocalDate.of(2015, 6, 1)));
        assertEquals("BOTH_AWAY", History.text(LeftBehindType.BOTH_AWAY));
        assertEquals(1000, History.text("长".repeat(1500)).length(), "the history column holds 1000 characters");
    }

    @Test
    void diffOfDifferentTypesIsRefused() {
        School s = new School(1L, 0, "学校", null, null, null, null, null, false);
        Child c = child(1L, 0, "王小红", Set.of(), null, T1, T1);
        assertThrows(IllegalArgumentException.class, () -> History.diff(s, c));
    }

    @Test
    void createdListsEveryNonEmptyFieldFromNothing() {
        Child c = new Child(5L, 3, "王小红", Gender.FEMALE, LocalDate.of(2015, 6, 1), null, "", "苗族", 1L, null, null, null, null,
                LeftBehindType.MOTHER_AWAY, null, false, null, null, Set.of(ChildFlag.POOR, ChildFlag.DIFFICULT), false, T1, T2);
        List<Change> created = History.created(c);
        assertEquals(List.of(new Change("name", null, "王小红"), new Change("gender", null, "FEMALE"),
                new Change("birthDate", null, "2015-06-01"), new Change("ethnicity", null, "苗族"),
                new Change("schoolId", null, "1"), new Change("leftBehindType", null, "MOTHER_AWAY"),
                new Change("flags", null, "DIFFICULT,POOR")), created,
                "no id, version, timestamps, nulls, empty texts or false flags");
    }

    @Test
    void createdKeepsTrueBooleans() {
        Child c = new Child(5L, 3, "王小红", Gender.FEMALE, LocalDate.of(2015, 6, 1), null, null, null, 1L, null, null, null, null,
                LeftBehindType.NONE, null, true, null, null, null, true, T1, T2);
        List<String> fields = History.created(c).stream().map(Change::field).toList();
        assertTrue(fields.contains("unattended"), fields.toString());
        assertTrue(fields.contains("archived"), fields.toString());
        assertTrue(fields.stream().noneMatch(f -> f.equals("flags")), "an empty set is nothing");
    }

    @Test
    void removedListsEveryNonEmptyFieldToNothing() {
        Guardian g = new Guardian(4L, 2, 7, GuardianKind.RELATIVE, "张伟", "舅舅", null, null, "13812345678", null, 40, null, false);
        assertEquals(List.of(new Change("childId", "7", null), new Change("kind", "RELATIVE", null), new Change("name", "张伟", null),
                new Change("relation", "舅舅", null), new Change("phone", "13812345678", null), new Change("age", "40", null)),
                History.removed(g));
    }
}
