package org.guanai.plugin.pairing.internal;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.guanai.core.api.ChildService;
import org.guanai.core.api.dto.Child;
import org.guanai.plugin.pairing.internal.Model.EndReason;
import org.guanai.plugin.pairing.internal.Model.Mentor;
import org.guanai.plugin.pairing.internal.Model.Pair;
import org.guanai.plugin.pairing.internal.Model.Status;
import org.guanai.plugin.pairing.internal.rules.Precondition;
import org.guanai.plugin.pairing.internal.rules.Scheme;
import org.guanai.plugin.pairing.internal.rules.Schemes;
import org.guanai.sdk.i18n.Texts;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Makes and ends pairs by hand (under {@link PairRules} and the mentor's capacity), ends a leaving mentor's pairs, and
 * activates pending pairs once their preconditions are on record; each change is posted as an event.
 */
@Component(service = Pairs.class)
public final class Pairs {
    private final PairingStore store;
    private final PairRules rules;
    private final PairingSettings settings;
    private final ChildService children;
    private final Texts texts;
    private final PairingEvents events;

    @Activate
    public Pairs(@Reference PairingStore store, @Reference PairRules rules, @Reference PairingSettings settings,
            @Reference ChildService children, @Reference Texts texts, @Reference PairingEvents events) {
        this.store = store;
        this.rules = rules;
        this.settings = settings;
        this.children = children;
        this.texts = texts;
        this.events = events;
    }

    /** Checks the scheme's rules and capacity and makes the pair, PENDING while preconditions are missing. */
    Pair createPair(Child child, Mentor mentor, String schemeCode, LocalDate start, String note, String by) {
        long school = child.schoolId();
        Scheme scheme = rules.check(settings.schemes(school), schemeCode, child, mentor);
        int cap = mentor.effectiveCapacity(settings.schemes(mentor.schoolId()));
        Status status = rules.missing(scheme, child, mentor).isEmpty() ? Status.ACTIVE : Status.PENDING;
        long id = store.tx(c -> {
            if (store.load(c, mentor.id()) >= cap) {
                throw texts.invalid("mentorId", "mentorFull");
            }
            return store.insertPair(c, new Pair(null, school, child.id(), mentor.id(), scheme.code(), status, start, null, null, note, by));
        });
        Pair p = store.pair(id).orElseThrow();
        events.post("pair/CREATED", "id", p.id(), "childId", p.childId(), "schoolId", school, "actor", by, "scheme", scheme.code());
        return p;
    }

    /** @return the preconditions a pair of the child's school's scheme {@code schemeCode} waits for */
    Set<Precondition> missing(Child child, Mentor mentor, String schemeCode) {
        return rules.missing(settings.schemes(child.schoolId()).get(schemeCode).orElseThrow(), child, mentor);
    }

    /** Ends a pair by hand on {@code on}; refused ({@code 409}) when it has ended already. @return the pair as it is now */
    Pair endPair(Pair p, LocalDate on, String by) {
        if (on.isBefore(p.startsOn())) {
            throw texts.invalid("on", "endBeforeStart");
        }
        if (!store.endPair(p.id(), on, EndReason.ENDED, by)) {
            throw texts.refuse(409, "pair_ended", "pairEnded");
        }
        events.post("pair/ENDED", "id", p.id(), "childId", p.childId(), "schoolId", p.schoolId(), "actor", by, "reason", EndReason.ENDED.name());
        return store.pair(p.id()).orElseThrow();
    }

    /** Marks the mentor as gone on {@code on} and ends their pairs ({@code MENTOR_LEFT}); @return the pairs ended */
    List<Pair> mentorLeft(Mentor m, LocalDate on, String by) {
        List<Pair> ended = store.mentorLeft(m.id(), on, by);
        events.post("mentor/LEFT", "id", m.id(), "schoolId", m.schoolId(), "actor", by, "pairs", ended.size());
        for (Pair p : ended) {
            events.post("pair/ENDED", "id", p.id(), "childId", p.childId(), "schoolId", p.schoolId(), "actor", by, "reason",
                    EndReason.MENTOR_LEFT.name());
        }
        return ended;
    }

    /** Activates the school's pending pairs whose preconditions are now on record; @return how many */
    int activatePending(long school) {
        int n = 0;
        Schemes schemes = settings.schemes(school);
        for (Pair p : store.pairsOfSchool(school, true)) {
            if (p.status() != Status.PENDING) {
                continue;
            }
            Optional<Scheme> s = schemes.get(p.scheme());
            Optional<Child> c = children.get(p.childId());
            Optional<Mentor> m = store.mentor(p.mentorId());
            if (s.isPresent() && c.isPresent() && m.isPresent() && rules.missing(s.get(), c.get(), m.get()).isEmpty()) {
                store.activate(p.id());
                n++;
            }
        }
        return n;
    }
}
