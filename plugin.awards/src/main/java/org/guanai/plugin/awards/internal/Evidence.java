package org.guanai.plugin.awards.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.guanai.core.api.care.CareCoverage;
import org.guanai.core.api.care.CareCoverage.ChildCoverage;
import org.guanai.core.api.care.MentoringRecords;
import org.guanai.core.api.care.MentoringRecords.ChildMentoring;
import org.guanai.core.api.care.MentoringRecords.Contact;
import org.guanai.core.api.care.MentoringRecords.Duty;
import org.guanai.core.api.care.MentoringRecords.MentorDuties;
import org.guanai.core.api.care.MentoringRecords.Mentoring;
import org.guanai.plugin.awards.internal.Model.Fact;
import org.guanai.plugin.awards.internal.Model.Nominee;
import org.guanai.sdk.i18n.Texts;
import org.guanai.sdk.time.CareCalendar;
import org.guanai.sdk.time.Term;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The evidence of a nomination, from the other programmes' records through core.api alone: the pairing programme's
 * {@link MentoringRecords} (pairs, contacts, obligations due and met) and the activities' {@link CareCoverage} (九个一),
 * both optional and dynamic: when one is not installed the evidence says so in words and the nomination goes on.
 */
@Component(service = Evidence.class)
public final class Evidence {
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile MentoringRecords mentoring;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile CareCoverage coverage;

    private final Texts texts;
    private final CareCalendar calendar;

    @Activate
    public Evidence(@Reference Texts texts, @Reference CareCalendar calendar) {
        this.texts = texts;
        this.calendar = calendar;
    }

    /** @return the first and last day of a school year (1 September to 31 August), the last no later than today */
    LocalDate[] year(int schoolYear) {
        LocalDate from = calendar.semester(schoolYear, Term.AUTUMN).start();
        LocalDate to = calendar.semester(schoolYear + 1, Term.AUTUMN).start().minusDays(1);
        return new LocalDate[] { from, to.isAfter(calendar.today()) ? calendar.today() : to };
    }

    /** @return the mentors paired in the range, with their duties; empty when the pairing programme is not installed */
    Optional<List<MentorDuties>> duties(long school, LocalDate from, LocalDate to) {
        MentoringRecords m = mentoring;
        return m == null ? Optional.empty() : Optional.of(m.duties(school, from, to));
    }

    /** The facts for a nominee of the school for a school year, each with its source, in words. */
    List<Fact> of(long school, int schoolYear, Nominee n) {
        LocalDate[] y = year(schoolYear);
        List<Fact> out = new ArrayList<>();
        switch (n.kind()) {
            case CHILD -> child(out, school, n.childId(), y[0], y[1]);
            case STAFF -> mentor(out, duties(school, y[0], y[1]), d -> n.staffId().equals(d.staffId()), y);
            case MENTOR -> mentor(out, duties(school, y[0], y[1]), d -> d.mentorKind().equals(n.mentorKind()) && d.mentorId() == n.mentorId(), y);
            case PERSON -> out.add(fact("evidence.byHand"));
        }
        return out;
    }

    private Fact fact(String key, Object... args) {
        return new Fact(texts.zh(key, args), texts.en(key, args));
    }

    private void child(List<Fact> out, long school, long child, LocalDate from, LocalDate to) {
        CareCoverage c = coverage;
        if (c == null) {
            out.add(fact("evidence.noCoverage"));
        } else {
            Optional<ChildCoverage> mine = c.forSchool(school, from, to).stream().filter(x -> x.childId() == child).findFirst();
            out.add(mine.map(x -> fact("evidence.coverage", x.itemsDue(), x.itemsDone(), from, to)).orElseGet(() -> fact("evidence.coverageNone")));
        }
        MentoringRecords m = mentoring;
        if (m == null) {
            out.add(fact("evidence.noPairing"));
            return;
        }
        Optional<ChildMentoring> mine = m.forSchool(school, from, to).stream().filter(x -> x.childId() == child).findFirst();
        if (mine.isEmpty()) {
            out.add(fact("evidence.childNotPaired", from, to));
            return;
        }
        long days = 0;
        Set<Long> mentors = new HashSet<>();
        for (Mentoring p : mine.get().pairs()) {
            LocalDate first = p.start().isBefore(from) ? from : p.start();
            LocalDate last = p.end() == null || p.end().isAfter(to) ? to : p.end();
            days += Math.max(0, last.toEpochDay() - first.toEpochDay() + 1);
            mentors.add(p.mentorId());
        }
        out.add(fact("evidence.childPairs", days, mentors.size(), from, to));
        List<Contact> contacts = mine.get().contacts();
        out.add(fact("evidence.contacts", count(contacts, MentoringRecords.TALK), count(contacts, MentoringRecords.HOME_VISIT),
                count(contacts, MentoringRecords.PARENT_CALL)));
    }

    private static long count(List<Contact> contacts, String kind) {
        return contacts.stream().filter(c -> c.kind().equals(kind)).count();
    }

    private void mentor(List<Fact> out, Optional<List<MentorDuties>> all, java.util.function.Predicate<MentorDuties> who, LocalDate[] y) {
        if (all.isEmpty()) {
            out.add(fact("evidence.noPairing"));
            return;
        }
        Optional<MentorDuties> mine = all.get().stream().filter(who).findFirst();
        if (mine.isEmpty()) {
            out.add(fact("evidence.mentorNotPaired", y[0], y[1]));
            return;
        }
        MentorDuties d = mine.get();
        out.add(fact("evidence.mentorPairs", d.children(), d.pairedDays(), y[0], y[1]));
        for (Duty k : d.duties()) {
            String kind = "contact." + k.kind();
            out.add(new Fact(texts.zh("evidence.duty", texts.zh(kind), k.due(), k.met(), percent(k.met(), k.due())),
                    texts.en("evidence.duty", texts.en(kind), k.due(), k.met(), percent(k.met(), k.due()))));
        }
    }

    /** @return {@code part / whole} as a percentage with one decimal, e.g. {@code 87.5%}; {@code —} when nothing was due */
    static String percent(long part, long whole) {
        return whole == 0 ? "—" : Math.round(1000.0 * part / whole) / 10.0 + "%";
    }
}
