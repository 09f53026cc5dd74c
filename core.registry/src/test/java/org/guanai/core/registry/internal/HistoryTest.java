package org.guanai.core.registry.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.ChildFlag;
import org.guanai.core.api.dto.Gender;
import org.guanai.core.api.dto.LeftBehindType;
import org.junit.jupiter.api.Test;

class HistoryTest {
    static Child child(long version, String hobbies, Set<ChildFlag> flags, Instant updated) {
        return new Child(7L, version, "龙思琪", Gender.FEMALE, LocalDate.of(2016, 6, 6), null, null, "苗族", 1L, 2L, null, null, null,
                LeftBehindType.BOTH_AWAY, null, false, null, hobbies, flags, false, Instant.EPOCH, updated);
    }

    @Test
    void diffNamesOnlyTheChangedUserFields() {
        Child before = child(0, "画画", Set.of(ChildFlag.POOR), Instant.EPOCH);
        Child after = child(1, "唱歌", Set.of(ChildFlag.SINGLE_PARENT, ChildFlag.POOR), Instant.now());
        List<History.Change> changes = History.diff(before, after);
        assertEquals(List.of(new History.Change("hobbies", "画画", "唱歌"),
                new History.Change("flags", "POOR", "POOR,SINGLE_PARENT")), changes);
    }

    @Test
    void createdAndRemovedListNonEmptyFields() {
        Child c = child(0, null, Set.of(), Instant.EPOCH);
        List<History.Change> created = History.created(c);
        assertEquals(List.of("name", "gender", "birthDate", "ethnicity", "schoolId", "classId", "leftBehindType"),
                created.stream().map(History.Change::field).toList());
        assertEquals(null, created.get(0).oldValue());
        assertEquals("龙思琪", History.removed(c).get(0).oldValue());
        assertEquals(null, History.removed(c).get(0).newValue());
    }
}
