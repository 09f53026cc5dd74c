package org.guanai.plugin.pairing.internal;

import org.guanai.core.api.dto.Role;
import org.guanai.core.api.notify.Audience;
import org.guanai.core.api.notify.Notice;
import org.guanai.core.api.notify.Notifications;
import org.guanai.sdk.i18n.Texts;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.guanai.core.api.dto.Child;
import org.guanai.plugin.pairing.internal.Model.Mentor;
import org.guanai.plugin.pairing.internal.Model.Pair;
import org.guanai.plugin.pairing.internal.Model.Status;
import org.guanai.plugin.pairing.internal.rules.Compliance;
import org.guanai.plugin.pairing.internal.rules.Scheme;
import org.guanai.plugin.pairing.internal.rules.Schemes;
import org.guanai.sdk.time.CareCalendar;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The schemes' obligations (duties such as the monthly 谈心 or two 家访 a week) checked against the records: every
 * complete period of a school's pairs, met or not, with names; the overdue ones (within {@code overdueDays}), each
 * posted once as {@code obligation/OVERDUE} and queued once as a notice ({@code OBLIGATION_OVERDUE}, issue 19) to the
 * school's administrators, through the platform's {@link Notifications} when it has one (optional, dynamic).
 */
@Component(service = Obligations.class)
public final class Obligations {
    private final PairingStore store;
    private final PairingSettings settings;
    private final CareCalendar calendar;
    private final PairingEvents events;
    private final Texts texts;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Notifications notifications;

    @Activate
    public Obligations(@Reference PairingStore store, @Reference PairingSettings settings, @Reference CareCalendar calendar,
            @Reference PairingEvents events, @Reference Texts texts) {
        this.texts = texts;
        this.store = store;
        this.settings = settings;
        this.calendar = calendar;
        this.events = events;
    }

    /** One overdue (or, for reports, any) obligation period with names. */
    record ObligationView(String scheme, String kind, String period, int min, String basis, long mentorId, String mentorName,
            String mentorKind, Long childId, String childName, Long pairId, LocalDate start, LocalDate end, int done, boolean met,
            String source) {
    }

    /** Every complete obligation period of the school's pairs between {@code from} and {@code asOf}. */
    List<Compliance.Item> periods(long school, LocalDate from, LocalDate asOf) {
        return periods(school, from, asOf, List.of());
    }

    /**
     * Every complete obligation period between {@code from} and {@code asOf} of the school's pairs and of {@code more}
     * spans that are no pair in the store (the class teacher as default mentor of an unpaired child, {@link PairingTodo}).
     */
    List<Compliance.Item> periods(long school, LocalDate from, LocalDate asOf, List<Compliance.PairSpan> more) {
        Schemes schemes = settings.schemes(school);
        List<Compliance.PairSpan> spans = new ArrayList<>(store.pairsOfSchool(school, false).stream()
                .filter(p -> p.status() != Status.PENDING)
                .map(p -> new Compliance.PairSpan(p.id(), p.childId(), p.mentorId(), p.scheme(), p.startsOn(), p.endsOn())).toList());
        spans.addAll(more);
        List<Compliance.Entry> entries = store.records(school, from.minusDays(31), asOf, null, null).stream()
                .map(r -> new Compliance.Entry(r.mentorId(), r.childId(), r.kind(), r.occurredOn())).toList();
        Function<String, Scheme> lookup = c -> schemes.get(c).orElse(null);
        return Compliance.periods(spans, lookup, entries, from, asOf);
    }

    /**
     * The overdue obligations of a school as of a day, for the children the caller sees ({@code visible} gives those of
     * a set of ids, {@link Roster#visibleOf}; per-mentor obligations when the mentor has a pair with one of them);
     * {@code visible == null}: all.
     */
    List<ObligationView> overdue(long school, LocalDate asOf, Function<Set<Long>, Map<Long, Child>> visible) {
        List<Compliance.Item> items = periods(school, asOf.minusDays(settings.overdueDays()), asOf).stream().filter(i -> !i.met()).toList();
        return views(school, items, visible);
    }

    /**
     * The periods with the names of mentors and children, for the children the caller sees ({@code visibleOf} gives
     * those of a set of ids; per-mentor periods when the mentor has a pair with one of them); {@code visibleOf == null}:
     * all, without the children's names.
     */
    List<ObligationView> views(long school, List<Compliance.Item> items, Function<Set<Long>, Map<Long, Child>> visibleOf) {
        Map<Long, Mentor> mentors = store.mentorsById(items.stream().map(Compliance.Item::mentorId).distinct().toList());
        Set<Long> visibleMentors = new HashSet<>();
        Map<Long, Child> visible = null;
        if (visibleOf != null) {
            // only the children of the school's pairs and of the items are looked at: those are read, not the whole school
            List<Pair> pairs = store.pairsOfSchool(school, false);
            Set<Long> ids = new HashSet<>();
            pairs.forEach(p -> ids.add(p.childId()));
            items.stream().map(Compliance.Item::childId).filter(java.util.Objects::nonNull).forEach(ids::add);
            visible = visibleOf.apply(ids);
            for (Pair p : pairs) {
                if (visible.containsKey(p.childId())) {
                    visibleMentors.add(p.mentorId());
                }
            }
        }
        List<ObligationView> out = new ArrayList<>();
        for (Compliance.Item i : items) {
            if (visible != null && (i.childId() != null ? !visible.containsKey(i.childId()) : !visibleMentors.contains(i.mentorId()))) {
                continue;
            }
            Mentor m = mentors.get(i.mentorId());
            Child c = i.childId() == null || visible == null ? null : visible.get(i.childId());
            out.add(new ObligationView(i.scheme(), i.obligation().kind().name(), i.obligation().period().name(), i.obligation().min(),
                    i.obligation().basis().name(), i.mentorId(), m == null ? null : m.name(), m == null ? null : m.kind().name(),
                    i.childId(), c == null ? null : c.name(), i.pairId(), i.start(), i.end().minusDays(1), i.done(), i.met(),
                    i.obligation().source()));
        }
        return out;
    }

    /** An overdue period as a notice to the school's administrators. */
    static Notice notice(Texts texts, long school, ObligationView v, String key) {
        String kind = "recordKind." + v.kind();
        String mentor = v.mentorName() == null ? "" : v.mentorName();
        return Notice.builder(PairingProgramme.ID, "OBLIGATION_OVERDUE").about(school, v.childId())
                .kindLabel(texts.zh("notice.overdue.kind"), texts.en("notice.overdue.kind"))
                .to(Audience.roles(Role.SCHOOL_ADMIN))
                .subject(texts.zh("notice.overdue.subject", texts.zh(kind)), texts.en("notice.overdue.subject", texts.en(kind)))
                .body(texts.zh("notice.overdue.body", mentor, texts.zh(kind), v.start().toString(), v.end().toString(), v.done(), v.min()),
                        texts.en("notice.overdue.body", mentor, texts.en(kind), v.start().toString(), v.end().toString(), v.done(),
                                v.min()))
                .link("/#/p/" + PairingProgramme.ID).dedupKey(PairingProgramme.ID + ":overdue:" + key).build();
    }

    /** Posts each overdue period of the school as an event once; @return how many were new. */
    int postOverdue(long school) {
        int n = 0;
        for (ObligationView v : overdue(school, calendar.today(), null)) {
            String key = school + "/" + v.mentorId() + "/" + (v.childId() == null ? "-" : v.childId()) + "/" + v.kind() + "/" + v.period()
                    + "/" + v.start();
            if (store.notice(key)) {
                Notifications notices = notifications;
                if (notices != null) {
                    notices.send(notice(texts, school, v, key));
                }
                events.post("obligation/OVERDUE", "schoolId", school, "childId", v.childId(), "mentorId", v.mentorId(), "kind", v.kind(),
                        "period", v.period(), "start", v.start().toString(), "done", v.done(), "min", v.min());
                n++;
            }
        }
        return n;
    }
}
