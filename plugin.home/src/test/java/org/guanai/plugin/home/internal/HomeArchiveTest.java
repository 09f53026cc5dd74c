package org.guanai.plugin.home.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import org.guanai.core.api.Caller;
import org.guanai.core.api.archive.ArchiveQuery;
import org.guanai.core.api.archive.ArchiveSection;
import org.guanai.plugin.home.internal.Model.Call;
import org.guanai.plugin.home.internal.Model.CallKind;
import org.guanai.plugin.home.internal.Model.Talk;
import org.guanai.sdk.testing.TestDatabase;
import org.guanai.sdk.testing.TestTexts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The child's loans, calls and talks in the home as the section of the child's archive page. */
class HomeArchiveTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 12, 7);
    private final TestDatabase db = TestDatabase.forProgramme(HomeProgramme.ID);
    private final HomeStore store = new HomeStore(db);
    private final HomeArchive archive = new HomeArchive(store, new TestTexts());

    @AfterEach
    void close() {
        db.close();
    }

    private static ArchiveQuery query(long child, String... permissions) {
        return new ArchiveQuery(Caller.builder("head").schoolIds(Set.of(1L)).schoolId(1L).permissions(Set.of(permissions)).build(), 1, child, TODAY);
    }

    @Test
    void showsTheChildsLoansCallsAndTalksNewestFirstWithoutWhatWasSaid() {
        long back = store.lend(1, 5, "草房子", LocalDate.of(2026, 10, 8), LocalDate.of(2026, 10, 22), "t");
        store.giveBack(1, back, LocalDate.of(2026, 10, 20));
        store.lend(1, 5, "城南旧事", LocalDate.of(2026, 11, 2), LocalDate.of(2026, 11, 16), "t");
        store.call(1, new Call(null, 5, null, CallKind.VIDEO_CALL, null, null, "王大山", LocalDate.of(2026, 11, 20).atTime(19, 0), 12), "t");
        store.talk(1, new Talk(null, 5, null, 3, "李老师", LocalDate.of(2026, 12, 1), "想妈妈，夜里哭"), "t");
        store.lend(1, 6, "西游记", LocalDate.of(2026, 11, 3), LocalDate.of(2026, 11, 17), "t");
        store.lend(2, 5, "另一所学校的书", LocalDate.of(2026, 11, 4), LocalDate.of(2026, 11, 18), "t");

        ArchiveSection s = archive.section(query(5, "home.read")).orElseThrow();

        assertEquals(List.of("李老师与儿童谈心（谈话内容在留守儿童之家页面查看）", "视频：与王大山通话 12 分钟",
                "借阅《城南旧事》，应于 2026-11-16 归还，已逾期", "借阅《草房子》，已归还"), s.lines().stream().map(ArchiveSection.Line::textZh).toList());
        assertEquals(LocalDate.of(2026, 12, 1), s.lines().get(0).date());
        assertFalse(s.toString().contains("想妈妈"), "what was said stays on the home's page");
        assertEquals(0, s.more());
        assertTrue(archive.section(query(5, "registry.read")).isEmpty(), "not without home.read");
        assertTrue(archive.section(query(7, "home.read")).isEmpty(), "nothing on a child who never used the home");
    }
}
