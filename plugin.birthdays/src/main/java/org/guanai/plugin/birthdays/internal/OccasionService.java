package org.guanai.plugin.birthdays.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntPredicate;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The occasions of a school between two days: festivals, children's birthdays and elders' birthdays, each in the
 * calendar the family keeps. Other programmes reach its festivals and elders' birthdays through core.api's
 * {@code org.guanai.core.api.care.Occasions} ({@link OccasionsProvider}).
 */
@Component(service = OccasionService.class)
public final class OccasionService {
    /** Which people's occasions to include, by position in the roster lists. */
    public record Filter(IntPredicate children, IntPredicate elders) {
        static final Filter ALL = new Filter(p -> true, p -> true);
    }

    private final RosterService rosters;
    private final LunarCalendar lunar;

    @Activate
    public OccasionService(@Reference RosterService rosters, @Reference LunarService lunar) {
        this.rosters = rosters;
        this.lunar = lunar.calendar();
    }

    /** For tests and the benchmark. */
    OccasionService(RosterService rosters, LunarCalendar lunar) {
        this.rosters = rosters;
        this.lunar = lunar;
    }

    LunarCalendar lunar() {
        return lunar;
    }

    /** @return the festivals between the two days (inclusive), by date */
    public List<Occasion> festivals(LocalDate from, LocalDate to) {
        List<Occasion> out = new ArrayList<>();
        for (Festival.Dated f : Festival.between(lunar, from, to)) {
            out.add(new Occasion(f.date(), Occasion.FESTIVAL, f.festival().name(), f.festival().zh, f.festival().en, null, null, null,
                    null, f.festival().traditional() ? CalendarKind.LUNAR : CalendarKind.SOLAR, lunar.toLunar(f.date()).zh(), null));
        }
        return out;
    }

    /**
     * @return the occasions of a school between two days (inclusive), by date: festivals, and the birthdays of the
     *         children and elders the filter keeps
     */
    public List<Occasion> occasions(long schoolId, LocalDate from, LocalDate to, boolean festivals, boolean children, boolean elders,
            Filter filter) {
        List<Occasion> out = new ArrayList<>();
        if (festivals) {
            out.addAll(festivals(from, to));
        }
        if (children || elders) {
            Roster r = rosters.roster(schoolId);
            if (children) {
                birthdays(r, r.children(), r.childIndex(), from, to, BirthdayIndex.Mode.FAMILY, filter.children(), out);
            }
            if (elders) {
                birthdays(r, r.elders(), r.elderIndex(), from, to, BirthdayIndex.Mode.FAMILY, filter.elders(), out);
            }
        }
        out.sort(Comparator.comparing(Occasion::date).thenComparing(Occasion::kind).thenComparing(Occasion::titleZh));
        return out;
    }

    /** @return one child's occasions between two days: its birthday and its elders' birthdays, by date */
    public List<Occasion> forChild(long schoolId, long childId, LocalDate from, LocalDate to) {
        Roster r = rosters.roster(schoolId);
        List<Occasion> out = new ArrayList<>();
        birthdays(r, r.children(), r.childIndex(), from, to, BirthdayIndex.Mode.FAMILY, p -> r.children().get(p).id() == childId, out);
        birthdays(r, r.elders(), r.elderIndex(), from, to, BirthdayIndex.Mode.FAMILY, p -> r.elders().get(p).childId() == childId, out);
        out.sort(Comparator.comparing(Occasion::date).thenComparing(Occasion::kind));
        return out;
    }

    /** Adds the birthdays of {@code people} between the days to {@code out}. */
    void birthdays(Roster r, List<Roster.Person> people, BirthdayIndex index, LocalDate from, LocalDate to, BirthdayIndex.Mode mode,
            IntPredicate filter, List<Occasion> out) {
        index.query(from, to, mode, filter, (p, date, cal) -> out.add(occasion(r, people.get(p), date, cal)));
    }

    Occasion occasion(Roster r, Roster.Person person, LocalDate date, CalendarKind cal) {
        boolean child = person.kind() == BirthdayStore.PersonKind.CHILD;
        String[] rel = relation(person);
        String zh;
        String en;
        if (child) {
            zh = person.name() + " 生日";
            en = person.name() + "'s birthday";
        } else {
            String childName = r.children().stream().filter(c -> c.id() == person.childId()).map(Roster.Person::name).findFirst().orElse("");
            zh = childName + "的" + rel[0] + " " + person.name() + " 生日";
            en = "Birthday of " + person.name() + ", " + childName + "'s " + rel[1];
        }
        int age = age(person, date, cal, lunar.toLunar(date), null);
        return new Occasion(date, child ? Occasion.CHILD_BIRTHDAY : Occasion.ELDER_BIRTHDAY, person.kind().name(), zh, en, r.schoolId(),
                person.classId(), person.childId(), person.id(), cal, lunar.toLunar(date).zh(), age);
    }

    /**
     * The age a person turns on a birthday kept on {@code date} by {@code cal}: in solar years, or in lunar years by the
     * lunar calendar.
     *
     * @param dateLunar  the lunar date of {@code date}
     * @param birthLunar the lunar date of the person's birth if known ({@code null}: worked out here)
     */
    int age(Roster.Person person, LocalDate date, CalendarKind cal, LunarCalendar.LunarDate dateLunar, LunarCalendar.LunarDate birthLunar) {
        if (cal == CalendarKind.SOLAR) {
            return date.getYear() - person.birth().getYear();
        }
        return dateLunar.year() - (birthLunar != null ? birthLunar : lunar.toLunar(person.birth())).year();
    }

    /** @return the elder's relation to the child in 中文 and English */
    static String[] relation(Roster.Person p) {
        if (p.kind() == BirthdayStore.PersonKind.PARENT) {
            return "FATHER".equals(p.relation()) ? new String[] { "父亲", "father" } : new String[] { "母亲", "mother" };
        }
        if (p.kind() == BirthdayStore.PersonKind.GUARDIAN) {
            return switch (p.relation() == null ? "" : p.relation()) {
            case "GRANDPARENTS" -> new String[] { "祖父母", "grandparent" };
            case "MATERNAL_GRANDPARENTS" -> new String[] { "外祖父母", "grandparent" };
            case "PARENT", "RELATIVE", "DELEGATED", "TEMPORARY" -> new String[] { "监护人", "guardian" };
            default -> new String[] { p.relation(), "guardian (" + p.relation() + ")" };
            };
        }
        return new String[] { "", "" };
    }
}
