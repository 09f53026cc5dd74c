package org.guanai.plugin.birthdays.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.guanai.core.api.AuditTrail;
import org.guanai.core.api.Caller;
import org.guanai.core.api.GuardianService;
import org.guanai.core.api.NotFoundException;
import org.guanai.core.api.dto.Child;
import org.guanai.plugin.birthdays.internal.BirthdayStore.PersonKind;
import org.guanai.plugin.birthdays.internal.Views.CalendarSet;
import org.guanai.plugin.birthdays.internal.Views.CelebrationView;
import org.guanai.plugin.birthdays.internal.Views.PartyDetail;
import org.guanai.sdk.http.ApiException;
import org.guanai.sdk.i18n.Texts;
import org.guanai.sdk.time.CareCalendar;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/**
 * What the programme records: the calendar a family keeps, a child's celebration, a party batch with its celebrations,
 * what happened at a celebration. Each change is checked against the school's roster and the caller's classes, audited
 * and, once stored, posted as an event ({@value #TOPIC_PARTY_CREATED}, {@value #TOPIC_CELEBRATION}).
 */
@Component(service = Celebrations.class)
public final class Celebrations {
    /** Posted after a party batch was created: {@code id}, {@code schoolId}, {@code classId} (if any), {@code month}, {@code children}. */
    static final String TOPIC_PARTY_CREATED = "org/guanai/programmes/birthdays/party/CREATED";
    /** Posted after a celebration was recorded or changed: {@code id}, {@code schoolId}, {@code childId}, {@code birthday}, {@code celebrated}. */
    static final String TOPIC_CELEBRATION = "org/guanai/programmes/birthdays/celebration/UPDATED";

    /** The body of {@code PUT …/birthday}: the calendar the family keeps the birthday by. */
    public record CalendarChoice(CalendarKind calendar) {
    }

    /** What was done for a birthday: 贺卡 (card), 生日感言 (reflection), 生日祝福 (wish). */
    public record CelebrationInput(LocalDate birthday, boolean card, boolean reflection, boolean wish, String reflectionText, String wishText,
            String note) {
    }

    /** What was done, at the version the caller read. */
    public record CelebrationUpdate(Long version, boolean card, boolean reflection, boolean wish, String reflectionText, String wishText,
            String note) {
    }

    /** A party batch: the month ({@code 2026-11}), its class (none: the whole school) and day. */
    public record PartyInput(String month, Long classId, LocalDate partyDate, String title, String note) {
    }

    private final BirthdayStore store;
    private final RosterService rosters;
    private final BirthdayViews views;
    private final GuardianService guardians;
    private final CareCalendar calendar;
    private final AuditTrail audit;
    private final Texts texts;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin events;

    @Activate
    public Celebrations(@Reference BirthdayStore store, @Reference RosterService rosters, @Reference BirthdayViews views,
            @Reference GuardianService guardians, @Reference CareCalendar calendar, @Reference AuditTrail audit, @Reference Texts texts) {
        this.store = store;
        this.rosters = rosters;
        this.views = views;
        this.guardians = guardians;
        this.calendar = calendar;
        this.audit = audit;
        this.texts = texts;
    }

    /** @return the id of a parent ({@code PARENT}) or guardian ({@code GUARDIAN}) of the child; 404 if not one of the child's */
    long elder(Child child, PersonKind kind, long person) {
        boolean known = kind == PersonKind.PARENT ? guardians.parents(child.id()).stream().anyMatch(x -> x.id() == person)
                : guardians.guardians(child.id()).stream().anyMatch(x -> x.id() == person);
        if (!known) {
            throw new NotFoundException(kind.name().toLowerCase(Locale.ROOT), person);
        }
        return person;
    }

    /** Sets the calendar the child's family keeps a birthday by: the child's own, or an {@link #elder}'s. */
    CalendarSet setCalendar(Caller caller, Child child, PersonKind kind, long person, CalendarChoice in) {
        if (in.calendar() == null) {
            throw texts.invalid("calendar", "calendarKind");
        }
        store.setCalendar(child.schoolId(), child.id(), kind, person, in.calendar(), caller.user());
        rosters.invalidate(child.schoolId());
        audit.record("UPDATE", "birthdays.calendar", kind.name().toLowerCase(Locale.ROOT) + ":" + person, child.id(), child.schoolId(),
                in.calendar().name());
        return new CalendarSet(kind, person, in.calendar());
    }

    /** Records one child's celebration outside a party; the day must be a birthday of the child by either calendar. */
    CelebrationView record(Caller caller, Child child, CelebrationInput in) {
        LocalDate day = in.birthday();
        if (day == null) {
            throw texts.invalid("birthday", "date");
        }
        if (child.birthDate() == null || day.isBefore(child.birthDate()) || day.getYear() >= LunarCalendar.MAX_YEAR) {
            throw texts.invalid("birthday", "notBirthday");
        }
        CalendarKind kept = null;
        for (CalendarKind k : List.of(CalendarKind.LUNAR, CalendarKind.SOLAR)) {
            if (day.equals(views.next(child.birthDate(), k, day))) {
                kept = k;
            }
        }
        if (kept == null) {
            throw texts.invalid("birthday", "notBirthday");
        }
        if (day.isAfter(calendar.today().plusDays(31))) {
            throw texts.invalid("birthday", "future");
        }
        Celebration saved = store.record(new Celebration(null, child.schoolId(), child.classId(), child.id(), null, day, kept, in.card(),
                in.reflection(), in.wish(), text("reflectionText", in.reflectionText(), 2000), text("wishText", in.wishText(), 500),
                text("note", in.note(), 1000), 0, caller.user(), calendar.now()))
                .orElseThrow(() -> new ApiException(409, "duplicate", texts.zh("duplicate"), texts.en("duplicate"),
                        List.of(texts.field("birthday", "duplicate"))));
        audit.record("CREATE", "birthdays.celebration", String.valueOf(saved.id()), child.id(), child.schoolId(), null);
        posted(saved);
        return CelebrationView.of(saved, child.name());
    }

    /** Records what happened at a celebration the caller sees; 409 if someone changed it since the caller read it. */
    CelebrationView update(Caller caller, long school, long id, CelebrationUpdate in) {
        Celebration c = store.celebration(id).filter(x -> x.schoolId() == school && caller.maySee(school, x.classId()))
                .orElseThrow(() -> new NotFoundException("birthdays.celebration", id));
        if (in.version() == null) {
            throw texts.invalid("version", "version");
        }
        Celebration saved = store.update(new Celebration(c.id(), c.schoolId(), c.classId(), c.childId(), c.partyId(), c.birthday(),
                c.calendar(), in.card(), in.reflection(), in.wish(), text("reflectionText", in.reflectionText(), 2000),
                text("wishText", in.wishText(), 500), text("note", in.note(), 1000), in.version(), caller.user(), calendar.now()));
        audit.record("UPDATE", "birthdays.celebration", String.valueOf(id), c.childId(), school, null);
        posted(saved);
        return CelebrationView.of(saved, null);
    }

    /**
     * Groups the month's birthday children (by their family's calendar) of a class, or of the school for a caller who
     * sees every class, into a party, with each one's celebration record to fill.
     */
    PartyDetail createParty(Caller caller, long school, PartyInput in) {
        YearMonth ym = month(in.month());
        Roster r = rosters.roster(school);
        Long classId = null;
        if (in.classId() != null) {
            classId = r.visibleClass(in.classId(), caller).orElseThrow(() -> texts.invalid("classId", "classId")).id();
        } else if (!caller.allClasses()) {
            throw texts.invalid("classId", "classRequired");
        }
        if (in.partyDate() == null) {
            throw texts.invalid("partyDate", "date");
        }
        if (Math.abs(ChronoUnit.DAYS.between(ym.atDay(15), in.partyDate())) > 45) {
            throw texts.invalid("partyDate", "partyDate");
        }
        String title = text("title", in.title(), 200);
        String note = text("note", in.note(), 1000);
        List<Celebration> planned = new ArrayList<>();
        String user = caller.user();
        Instant now = calendar.now();
        r.childIndex().query(ym.atDay(1), ym.atEndOfMonth(), BirthdayIndex.Mode.FAMILY, r.visible(r.children(), caller,
                classId == null ? null : Set.of(classId)), (p, d, c) -> {
                    Roster.Person kid = r.children().get(p);
                    planned.add(new Celebration(null, school, kid.classId(), kid.id(), null, d, c, false, false, false, null, null, null, 0, user, now));
                });
        if (planned.isEmpty()) {
            throw texts.invalid("month", "noBirthdays");
        }
        Party saved = store.createParty(new Party(null, school, classId, ym.toString(), in.partyDate(),
                title == null ? texts.zh("party.title", String.valueOf(ym.getMonthValue())) : title, note, user, now), planned);
        audit.record("CREATE", "birthdays.party", String.valueOf(saved.id()), null, school, planned.size() + " children");
        Map<String, Object> props = new HashMap<>(Map.of("id", saved.id(), "schoolId", school, "month", saved.month(), "children", planned.size()));
        if (classId != null) {
            props.put("classId", classId);
        }
        post(TOPIC_PARTY_CREATED, props);
        return views.party(caller, school, saved.id());
    }

    /** @return a month such as {@code 2026-11} of the years the lunar calendar covers; else 400 naming {@code month} */
    YearMonth month(String value) {
        YearMonth ym;
        try {
            ym = YearMonth.parse(value == null ? "" : value.strip());
        } catch (DateTimeParseException e) {
            throw texts.invalid("month", "month");
        }
        if (ym.getYear() < LunarCalendar.MIN_YEAR || ym.getYear() >= LunarCalendar.MAX_YEAR) {
            throw texts.invalid("month", "yearRange");
        }
        return ym;
    }

    /** @return the text stripped, {@code null} when empty; 400 naming the field when longer than {@code max} */
    private String text(String field, String value, int max) {
        String s = value == null ? "" : value.strip();
        if (s.length() > max) {
            throw texts.invalid(field, "tooLong", String.valueOf(max));
        }
        return s.isEmpty() ? null : s;
    }

    private void posted(Celebration c) {
        post(TOPIC_CELEBRATION, Map.of("id", c.id(), "schoolId", c.schoolId(), "childId", c.childId(), "birthday", c.birthday().toString(),
                "celebrated", c.celebrated()));
    }

    private void post(String topic, Map<String, Object> props) {
        EventAdmin e = events;
        if (e != null) {
            e.postEvent(new Event(topic, props));
        }
    }
}
