package org.guanai.plugin.awards.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import org.guanai.core.api.Caller;
import org.guanai.core.api.archive.ArchiveQuery;
import org.guanai.core.api.archive.ArchiveSection;
import org.guanai.plugin.awards.internal.Model.Award;
import org.guanai.plugin.awards.internal.Model.Nomination;
import org.guanai.plugin.awards.internal.Model.Nominee;
import org.guanai.plugin.awards.internal.Model.NomineeKind;
import org.guanai.plugin.awards.internal.Model.State;
import org.guanai.sdk.testing.TestDatabase;
import org.guanai.sdk.testing.TestTexts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The child's honours as the section of the child's archive page: granted awards only. */
class AwardsArchiveTest {
    private static final Instant AT = Instant.parse("2026-12-07T02:00:00Z");
    private static final LocalDate TODAY = LocalDate.of(2026, 12, 7);
    private final TestDatabase db = TestDatabase.forProgramme(AwardsProgramme.ID);
    private final NominationStore store = new NominationStore(db);
    private final AwardsArchive archive = new AwardsArchive(store, new TestTexts());

    @AfterEach
    void close() {
        db.close();
    }

    private long nominate(long school, Award award, long child) {
        return store.create(new Nomination(null, 0, school, award, 2026, new Nominee(NomineeKind.CHILD, child, null, null, null, "王小明", null),
                "理由", List.of(), State.NOMINATED, "t", AT, null, null, null, null, null, null)).id();
    }

    private static ArchiveQuery query(long child, String... permissions) {
        return new ArchiveQuery(Caller.builder("head").schoolIds(Set.of(1L)).schoolId(1L).permissions(Set.of(permissions)).build(), 1, child, TODAY);
    }

    @Test
    void listsTheAwardsGrantedToTheChildNotThoseUnderWay() {
        long granted = nominate(1, Award.EXCELLENT_CHILD, 5);
        store.decide(1, granted, 0L, false, true, null, "head", AT, TODAY);
        store.decide(1, granted, 1L, true, true, null, "county", AT, TODAY);
        long schoolOnly = nominate(1, Award.LITTLE_TEACHER, 5);
        store.decide(1, schoolOnly, 0L, false, true, null, "head", AT, TODAY);
        nominate(1, Award.LITTLE_TEACHER, 6);

        ArchiveSection s = archive.section(query(5, "awards.read")).orElseThrow();

        assertEquals("所获表彰", s.titleZh());
        assertEquals(1, s.lines().size(), s.toString());
        assertEquals(TODAY, s.lines().get(0).date());
        assertEquals("获评“优秀留守儿童”（2026–2027 学年）", s.lines().get(0).textZh());
        assertTrue(archive.section(query(6, "awards.read")).isEmpty(), "a nomination under way is not an honour");
        assertTrue(archive.section(query(5, "registry.read")).isEmpty(), "not without awards.read");
    }
}
