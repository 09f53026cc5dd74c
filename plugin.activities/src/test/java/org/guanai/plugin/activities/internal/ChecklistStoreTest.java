package org.guanai.plugin.activities.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.guanai.plugin.activities.internal.Checklists.Item;
import org.guanai.plugin.activities.internal.Checklists.Variant;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The checklist's SQL on the SDK's test database, migrated with the bundle's real scripts. */
class ChecklistStoreTest {
    @AutoClose
    final TestStores stores = new TestStores();
    final ChecklistStore store = stores.checklists;

    @Test
    void theNineOnesOnFirstUseAndVariantsSwitchedOrAdded() throws Exception {
        assertEquals(9, store.checklist(1).size());
        assertEquals(9, store.checklist(1).size(), "seeded once");
        List<Item> added = store.applyVariant(1, Variant.HOME_THREE_ONES, false);
        assertEquals(12, added.stream().filter(Item::active).count());
        List<Item> switched = store.applyVariant(1, Variant.FIVE_ONES, true);
        assertEquals(5, switched.stream().filter(Item::active).count());
        assertEquals(17, switched.size(), "switched-off items are kept");
        List<Item> back = store.applyVariant(1, Variant.NINE_ONES, true);
        assertEquals(List.of("home", "phone", "one_helps_one", "loving_mother", "lecture", "outing", "platform", "letter", "deed"),
                back.stream().filter(Item::active).map(Item::code).toList());
        assertEquals(9, store.checklist(2).size(), "another school has its own");
    }

    @Test
    void concurrentFirstUsesSeedTheChecklistOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (long school = 100; school < 110; school++) {
                long s = school;
                CountDownLatch go = new CountDownLatch(1);
                List<Future<List<Item>>> all = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    all.add(pool.submit(() -> {
                        go.await();
                        return store.checklist(s);
                    }));
                }
                go.countDown();
                for (Future<List<Item>> f : all) {
                    assertEquals(9, f.get().size());
                }
                assertEquals(9, store.checklist(s).size());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
