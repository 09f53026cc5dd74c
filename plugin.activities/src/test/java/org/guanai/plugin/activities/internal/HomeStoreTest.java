package org.guanai.plugin.activities.internal;

import static org.guanai.plugin.activities.internal.TestStores.d;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.guanai.plugin.activities.internal.Model.Home;
import org.guanai.plugin.activities.internal.Model.Resource;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The 留守儿童之家 and its resources on the SDK's test database. */
class HomeStoreTest {
    @AutoClose
    final TestStores stores = new TestStores();
    final HomeStore store = stores.homes;

    @Test
    void aSchoolHasOneHomeWhoseResourcesAreListedByKind() throws Exception {
        assertTrue(store.home(6).isEmpty());
        store.putHome(new Home(6, "之家", d("2025-09-01"), "王老师", null, null));
        Home h = store.putHome(new Home(6, "留守儿童之家", null, "李老师", "周末开放", null));
        assertEquals(List.of("留守儿童之家", "李老师", "周末开放"), List.of(h.name(), h.manager(), h.note()), "changed, not added");
        assertNull(h.openedOn());
        assertEquals(h, store.home(6).orElseThrow());

        Resource phone = store.putResource(new Resource(null, 6, "PHONE", "亲情电话机", 1, null, null));
        Resource books = store.putResource(new Resource(null, 6, "BOOKS", "图书", 600, null, null));
        Resource more = store.putResource(new Resource(books.id(), 6, "BOOKS", "图书", 620, "阅览区", null));
        assertEquals(books.id(), more.id());
        assertEquals(List.of(more, phone), store.resources(6), "by kind");
        assertEquals(more, store.resource(books.id()).orElseThrow());
        store.deleteResource(phone.id());
        assertEquals(List.of(more), store.resources(6));
        assertTrue(store.resources(7).isEmpty(), "another school's");
        assertTrue(store.home(7).isEmpty());
    }
}
