package org.guanai.plugin.pairing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import org.guanai.core.api.ValidationException;
import org.guanai.core.api.dto.Child;
import org.guanai.plugin.pairing.internal.Model.Mentor;
import org.guanai.plugin.pairing.internal.Model.Pair;
import org.guanai.plugin.pairing.internal.Model.PreconditionRecord;
import org.guanai.plugin.pairing.internal.Model.Status;
import org.guanai.plugin.pairing.internal.rules.MentorKind;
import org.guanai.plugin.pairing.internal.rules.Precondition;
import org.guanai.plugin.pairing.internal.rules.Scheme;
import org.guanai.plugin.pairing.internal.rules.Schemes;
import org.guanai.sdk.testing.TestCalendar;
import org.guanai.sdk.testing.TestDatabase;
import org.guanai.sdk.testing.TestTexts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The rules of a pair made by hand, on the programme's real tables (the SDK's test database) and texts. */
class PairRulesTest {
    private static final LocalDate DAY = LocalDate.of(2026, 11, 20);
    private final TestDatabase db = TestDatabase.forProgramme("pairing");
    private final PairingStore store = new PairingStore(db, TestCalendar.on(DAY));
    private final TestTexts texts = new TestTexts();
    private final PairRules rules = new PairRules(store, texts);

    @AfterEach
    void close() {
        db.close();
    }

    private Mentor mentor(long school, MentorKind kind, String village, Long pupil, LocalDate vettedOn) {
        return store.insertMentor(new Mentor(null, school, kind, null, pupil, "李老师", null, village, null, null, vettedOn, true, null, null),
                "t");
    }

    private static Child child(long id, long school, Long classId, String village) {
        return Child.builder().id(id).name("王小一").schoolId(school).classId(classId).village(village).build();
    }

    private Schemes schemes(long school) {
        return new Schemes(store.schemes(school, Schemes.defaults()));
    }

    /** Asserts that checking the pair is refused on {@code field} with the text {@code key}. */
    private void refused(String field, String key, String scheme, Child child, Mentor mentor) {
        ValidationException e = assertThrows(ValidationException.class, () -> rules.check(schemes(child.schoolId()), scheme, child, mentor));
        assertEquals(field, e.errors().get(0).field());
        assertEquals(texts.en(key), e.errors().get(0).messageEn());
    }

    @Test
    void theSchemesRulesRefuseWithTheField() {
        Child child = child(100, 1, 9L, "大坪村");
        Mentor mother = mentor(1, MentorKind.LOVING_MOTHER, "大坪村", null, null);
        refused("scheme", "unknownScheme", "NO_SUCH", child, mother);
        refused("mentorId", "kindNotAdmitted", Schemes.STAFF, child, mother);
        refused("mentorId", "otherSchool", Schemes.LOVING_MOTHER_SCHEME, child(101, 2, null, "大坪村"), mother);
        Mentor leaving = mentor(1, MentorKind.LOVING_MOTHER, null, null, null);
        store.mentorLeft(leaving.id(), DAY, "t");
        Mentor left = store.mentor(leaving.id()).orElseThrow();
        refused("mentorId", "mentorInactive", Schemes.LOVING_MOTHER_SCHEME, child, left);
        Mentor pupil = mentor(1, MentorKind.PEER, null, 100L, null);
        refused("mentorId", "selfPair", Schemes.PEER_SCHEME, child, pupil);

        Scheme motherScheme = schemes(1).get(Schemes.LOVING_MOTHER_SCHEME).orElseThrow();
        assertEquals(motherScheme, rules.check(schemes(1), Schemes.LOVING_MOTHER_SCHEME, child, mother));
        store.insertPair(new Pair(null, 1, 100, mother.id(), Schemes.LOVING_MOTHER_SCHEME, Status.ACTIVE, DAY, null, null, null, "t"));
        refused("mentorId", "alreadyPaired", Schemes.LOVING_MOTHER_SCHEME, child, mother);
        refused("scheme", "schemeFull", Schemes.LOVING_MOTHER_SCHEME, child, mentor(1, MentorKind.LOVING_MOTHER, null, null, null));

        store.saveScheme(1, motherScheme.with(false, motherScheme.capacity(), motherScheme.obligations()), "t");
        refused("scheme", "schemeDisabled", Schemes.LOVING_MOTHER_SCHEME, child(102, 1, 9L, null), mother);
    }

    @Test
    void aCadreServesTheVillageOfAnotherSchoolsChildren() {
        Mentor cadre = mentor(2, MentorKind.CADRE, "大坪村", null, null);
        rules.check(schemes(1), Schemes.CADRE_TEACHER, child(100, 1, 9L, "大坪村"), cadre);
        refused("mentorId", "otherVillage", Schemes.CADRE_TEACHER, child(101, 1, 9L, "青龙村"), cadre);
        refused("mentorId", "otherVillage", Schemes.CADRE_TEACHER, child(102, 1, 9L, null), cadre);
    }

    @Test
    void missingPreconditionsOfAChildAMentorAndAClass() {
        Child child = child(100, 1, 9L, "大坪村");
        Scheme proxy = schemes(1).get(Schemes.PROXY_PARENT_SCHEME).orElseThrow();
        Mentor unvetted = mentor(1, MentorKind.PROXY_PARENT, null, null, null);
        assertEquals(Set.of(Precondition.PARENT_CONSENT, Precondition.VETTING), rules.missing(proxy, child, unvetted));
        Mentor vetted = mentor(1, MentorKind.PROXY_PARENT, null, null, DAY.minusDays(3));
        assertEquals(Set.of(Precondition.PARENT_CONSENT), rules.missing(proxy, child, vetted));
        store.insertPrecondition(new PreconditionRecord(null, 1, Precondition.PARENT_CONSENT, 100L, null, null, DAY, null, "t"));
        assertEquals(Set.of(), rules.missing(proxy, child, vetted));
        assertEquals(Set.of(Precondition.PARENT_CONSENT), rules.missing(proxy, child(101, 1, 9L, null), vetted), "another child's consent");

        Scheme peer = schemes(1).get(Schemes.PEER_SCHEME).orElseThrow();
        Mentor pupil = mentor(1, MentorKind.PEER, null, 103L, null);
        assertEquals(Set.of(Precondition.CLASS_TEST, Precondition.SURVEY), rules.missing(peer, child, pupil));
        for (Precondition p : List.of(Precondition.CLASS_TEST, Precondition.SURVEY)) {
            store.insertPrecondition(new PreconditionRecord(null, 1, p, null, null, 9L, DAY, null, "t"));
        }
        assertEquals(Set.of(), rules.missing(peer, child, pupil));
        assertEquals(Set.of(Precondition.CLASS_TEST, Precondition.SURVEY), rules.missing(peer, child(104, 1, 8L, null), pupil), "another class");
        assertEquals(Set.of(), rules.missing(schemes(1).get(Schemes.STAFF).orElseThrow(), child, pupil), "no preconditions");
    }
}
