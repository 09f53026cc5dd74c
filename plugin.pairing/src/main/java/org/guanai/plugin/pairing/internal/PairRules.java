package org.guanai.plugin.pairing.internal;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.guanai.core.api.dto.Child;
import org.guanai.plugin.pairing.internal.Model.Mentor;
import org.guanai.plugin.pairing.internal.Model.Pair;
import org.guanai.plugin.pairing.internal.Model.PreconditionRecord;
import org.guanai.plugin.pairing.internal.Model.Status;
import org.guanai.plugin.pairing.internal.rules.MentorKind;
import org.guanai.plugin.pairing.internal.rules.Precondition;
import org.guanai.plugin.pairing.internal.rules.Scheme;
import org.guanai.plugin.pairing.internal.rules.Schemes;
import org.guanai.sdk.i18n.Texts;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The rules a pair made by hand keeps: its scheme is enabled and admits the mentor's kind, the mentor serves the child's
 * school (a cadre: the child's village), a slot of the kind is open; and which of the scheme's preconditions are not on
 * record yet (the pair is PENDING until they are).
 */
@Component(service = PairRules.class)
public final class PairRules {
    private final PairingStore store;
    private final Texts texts;

    @Activate
    public PairRules(@Reference PairingStore store, @Reference Texts texts) {
        this.store = store;
        this.texts = texts;
    }

    /**
     * Refuses (400 naming the field) a pair of the child's school the scheme's rules do not allow; the mentor's capacity
     * is checked when the pair is written.
     *
     * @return the scheme
     */
    Scheme check(Schemes schemes, String schemeCode, Child child, Mentor mentor) {
        long school = child.schoolId();
        Scheme scheme = schemes.get(schemeCode).orElseThrow(() -> texts.invalid("scheme", "unknownScheme"));
        if (!scheme.enabled()) {
            throw texts.invalid("scheme", "schemeDisabled");
        }
        if (!mentor.active()) {
            throw texts.invalid("mentorId", "mentorInactive");
        }
        if (!scheme.admits(mentor.kind())) {
            throw texts.invalid("mentorId", "kindNotAdmitted");
        }
        if (mentor.kind() == MentorKind.CADRE) {
            if (mentor.schoolId() != school && (child.village() == null || !child.village().equals(mentor.village()))) {
                throw texts.invalid("mentorId", "otherVillage");
            }
        } else if (mentor.schoolId() != school) {
            throw texts.invalid("mentorId", "otherSchool");
        }
        if (mentor.childId() != null && mentor.childId().equals(child.id())) {
            throw texts.invalid("mentorId", "selfPair");
        }
        List<Pair> open = store.pairsOfChild(child.id()).stream().filter(p -> p.status() != Status.ENDED).toList();
        if (open.stream().anyMatch(p -> p.mentorId() == mentor.id())) {
            throw texts.invalid("mentorId", "alreadyPaired");
        }
        long slotsForKind = scheme.slots().stream().filter(s -> s.contains(mentor.kind())).count();
        Map<Long, Mentor> mentorsOfOpen = store.mentorsById(open.stream().map(Pair::mentorId).toList());
        long taken = open.stream().filter(p -> p.scheme().equals(scheme.code()) && mentorsOfOpen.get(p.mentorId()).kind() == mentor.kind()).count();
        if (taken >= slotsForKind) {
            throw texts.invalid("scheme", "schemeFull");
        }
        return scheme;
    }

    /** @return the preconditions of the scheme that are not on record for this child and mentor */
    Set<Precondition> missing(Scheme scheme, Child child, Mentor mentor) {
        Set<Precondition> out = EnumSet.noneOf(Precondition.class);
        if (scheme.preconditions().isEmpty()) {
            return out;
        }
        List<PreconditionRecord> recs = store.preconditions(child.schoolId());
        for (Precondition p : scheme.preconditions()) {
            boolean ok = switch (p.subject()) {
                case CHILD -> recs.stream().anyMatch(r -> r.kind() == p && child.id().equals(r.childId()));
                case MENTOR -> p == Precondition.VETTING && mentor.vettedOn() != null
                        || recs.stream().anyMatch(r -> r.kind() == p && mentor.id().equals(r.mentorId()));
                case CLASS -> recs.stream().anyMatch(r -> r.kind() == p && r.classId() != null && r.classId().equals(child.classId()));
            };
            if (!ok) {
                out.add(p);
            }
        }
        return out;
    }
}
