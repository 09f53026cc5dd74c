package org.guanai.plugin.birthdays.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.guanai.core.api.programme.Programme;
import org.guanai.core.api.programme.ProgrammeDemo;
import org.guanai.sdk.time.CareCalendar;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Demo content for the demo county: about a third of the families keep the lunar birthday (农历), and so do most
 * grandparents' and some parents' birthdays; last month's party of each school with its celebrations filled in, and
 * this month's party planned (nothing done yet). Deterministic (fixed seed).
 */
@Component(service = ProgrammeDemo.class, property = Programme.ID_PROPERTY + "=" + BirthdaysProgramme.ID)
public final class BirthdaysDemo implements ProgrammeDemo {
    private static final String USER = "demo";
    private static final String[] WISHES = { "祝你生日快乐，天天开心！", "愿你健康成长，学习进步！", "爸爸妈妈在远方想着你，生日快乐！" };
    private static final String[] REFLECTIONS = { "今天老师和同学们给我过生日，我很开心，我要好好学习。",
            "我给在外打工的妈妈打了电话，她说很想我。我长大一岁了，要更懂事。", "收到了生日贺卡，我会好好珍藏。" };

    private final RosterService rosters;
    private final BirthdayStore store;
    private final CareCalendar calendar;

    @Activate
    public BirthdaysDemo(@Reference RosterService rosters, @Reference BirthdayStore store, @Reference CareCalendar calendar) {
        this.rosters = rosters;
        this.store = store;
        this.calendar = calendar;
    }

    @Override
    public void load(List<Long> schoolIds) {
        Random random = new Random(20261123L);
        YearMonth now = YearMonth.from(calendar.today());
        for (long school : schoolIds) {
            Roster before = rosters.roster(school);
            for (Roster.Person c : before.children()) {
                if (random.nextInt(3) == 0) {
                    store.setCalendar(school, c.id(), BirthdayStore.PersonKind.CHILD, c.id(), CalendarKind.LUNAR, USER);
                }
            }
            for (Roster.Person e : before.elders()) {
                if (random.nextInt(2) == 0) {
                    store.setCalendar(school, e.childId(), e.kind(), e.id(), CalendarKind.LUNAR, USER);
                }
            }
            rosters.invalidate(school);
            Roster r = rosters.roster(school);
            party(r, school, now.minusMonths(1), random, true);
            party(r, school, now, random, false);
        }
    }

    private void party(Roster r, long school, YearMonth month, Random random, boolean held) {
        List<Celebration> planned = new ArrayList<>();
        Instant now = calendar.now();
        r.childIndex().query(month.atDay(1), month.atEndOfMonth(), BirthdayIndex.Mode.FAMILY, p -> true, (p, d, c) -> {
            Roster.Person kid = r.children().get(p);
            boolean done = held && random.nextInt(10) < 8;
            boolean reflection = done && random.nextBoolean();
            planned.add(new Celebration(null, school, kid.classId(), kid.id(), null, d, c, done, reflection, done,
                    reflection ? REFLECTIONS[random.nextInt(REFLECTIONS.length)] : null, done ? WISHES[random.nextInt(WISHES.length)] : null,
                    null, 0, USER, now));
        });
        if (planned.isEmpty()) {
            return;
        }
        LocalDate day = month.atEndOfMonth();
        while (day.getDayOfWeek().getValue() > 5) {
            day = day.minusDays(1);
        }
        store.createParty(new Party(null, school, null, month.toString(), day, month.getMonthValue() + "月集体生日会",
                "学校为本月过生日的留守学生举行生日party：赠贺卡、写感言、送祝福、讲故事", USER, now), planned);
    }
}
