package org.guanai.plugin.activities.internal;

import static org.guanai.plugin.activities.internal.TestStores.d;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.guanai.plugin.activities.internal.Model.Activity;
import org.guanai.plugin.activities.internal.Model.EvidenceFile;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Activities with their participants and photos, as ActivityStore and EvidenceStore keep them together. */
class ActivityStoreTest {
    @AutoClose
    final TestStores stores = new TestStores();
    final ActivityStore store = stores.activities;
    final EvidenceStore photos = stores.photos;

    @Test
    void anActivityKeepsEachParticipantOnceAndItsPhotosUntilItIsDeleted() throws Exception {
        long s = 4;
        Activity a = store.createActivity(new Activity(null, s, d("2026-10-10"), "LECTURE", "讲座", "王老师", false, null, List.of(3L, 1L, 3L),
                List.of(), "t", null));
        assertEquals(List.of(1L, 3L), a.participants(), "each child once");
        Activity other = store.createActivity(new Activity(null, s, d("2026-10-20"), "OUTING", "游览", null, false, null, List.of(1L), List.of(),
                "t", null));
        EvidenceFile one = photos.addEvidence(a.id(), s, "a.jpg", "image/jpeg", 10, "aa", "t");
        EvidenceFile two = photos.addEvidence(a.id(), s, "b.png", "image/png", 20, "bb", "t");
        assertEquals(one, photos.evidenceFile(one.id()).orElseThrow());

        Activity changed = store.updateActivity(new Activity(a.id(), s, d("2026-10-11"), "OTHER", "周末活动", null, true, "雨天", List.of(2L),
                List.of(), "t", null));
        assertEquals(List.of(2L), changed.participants(), "the participants are replaced");
        assertEquals(List.of(one, two), changed.evidence(), "the photos stay");
        assertEquals(List.of(other, changed), store.activities(s, d("2026-10-01"), d("2026-10-31"), false), "newest first");
        assertEquals(List.of(changed), store.activities(s, d("2026-10-01"), d("2026-10-31"), true), "the home's ledger");
        assertTrue(store.activities(s + 1, d("2026-10-01"), d("2026-10-31"), false).isEmpty(), "another school's");
        assertEquals(Set.of("aa", "bb"), photos.evidenceHashes());

        assertEquals(List.of(one, two), store.deleteActivity(a.id()), "the photos to remove");
        assertTrue(store.activity(a.id()).isEmpty());
        assertTrue(photos.evidenceFile(one.id()).isEmpty());
        assertFalse(photos.evidenceInUse("aa"));
        assertEquals(List.of(other), store.activities(s, d("2026-10-01"), d("2026-10-31"), false));
    }

    @Test
    void aPhotoRowIsDeletedAloneAndItsContentIsInUseWhileAnotherRowNamesIt() throws Exception {
        Activity a = store.createActivity(new Activity(null, 4, d("2026-10-10"), "LECTURE", "讲座", null, false, null, List.of(), List.of(), "t",
                null));
        EvidenceFile one = photos.addEvidence(a.id(), 4, "a.jpg", "image/jpeg", 10, "same", "t");
        EvidenceFile copy = photos.addEvidence(a.id(), 4, "copy.jpg", "image/jpeg", 10, "same", "t");
        photos.deleteEvidence(one.id());
        assertTrue(photos.evidenceInUse("same"), "the copy still names it");
        assertEquals(List.of(copy), store.activity(a.id()).orElseThrow().evidence());
        photos.deleteEvidence(copy.id());
        assertFalse(photos.evidenceInUse("same"));
        assertTrue(photos.evidenceHashes().isEmpty());
    }
}
