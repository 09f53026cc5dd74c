package org.guanai.plugin.guardians.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import org.guanai.core.api.GuardianService;
import org.guanai.core.api.SchoolService;
import org.guanai.core.api.dto.ChildQuery;
import org.guanai.core.api.dto.Guardian;
import org.guanai.core.api.dto.GuardianKind;
import org.guanai.core.api.dto.Staff;
import org.guanai.core.api.programme.Programme;
import org.guanai.core.api.programme.ProgrammeDemo;
import org.guanai.plugin.guardians.internal.Model.Attendee;
import org.guanai.plugin.guardians.internal.Model.Kind;
import org.guanai.plugin.guardians.internal.Model.Person;
import org.guanai.plugin.guardians.internal.Model.Session;
import org.guanai.sdk.i18n.Texts;
import org.guanai.sdk.time.CareCalendar;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Demo content for the demo county, per school: a 监护人会议 a month ago and a 委托监护人 training two weeks ago, with
 * about four in five of those invited attending, and a 返乡家长会 today with nothing recorded yet (it shows in the
 * teacher's week). Deterministic (fixed seed).
 */
@Component(service = ProgrammeDemo.class, property = Programme.ID_PROPERTY + "=" + GuardiansProgramme.ID)
public final class GuardiansDemo implements ProgrammeDemo {
    private static final String USER = "demo";
    /** Who a 委托监护人 training is for: the guardians who are not grandparents or a parent at home. */
    private static final Set<GuardianKind> DELEGATES = Set.of(GuardianKind.DELEGATED, GuardianKind.TEMPORARY, GuardianKind.RELATIVE);

    private final SessionStore store;
    private final GuardianService families;
    private final SchoolService schools;
    private final Texts texts;
    private final CareCalendar calendar;

    @Activate
    public GuardiansDemo(@Reference SessionStore store, @Reference GuardianService families, @Reference SchoolService schools,
            @Reference Texts texts, @Reference CareCalendar calendar) {
        this.store = store;
        this.families = families;
        this.schools = schools;
        this.texts = texts;
        this.calendar = calendar;
    }

    @Override
    public void load(List<Long> schoolIds) {
        Random random = new Random(20261207L);
        LocalDate today = calendar.today();
        schoolIds.forEach(school -> load(school, today, random));
    }

    /** A school's parent meeting and training (who attended: about four in five) and the holiday meeting planned for today. */
    private void load(long school, LocalDate today, Random random) {
        List<Attendee> people = new ArrayList<>();
        List<Attendee> delegated = new ArrayList<>();
        families.forEachFamily(ChildQuery.ofSchool(school), f -> {
            List<Attendee> all = GuardiansApi.people(texts, f);
            people.addAll(all);
            Set<Long> ids = f.guardians().stream().filter(g -> DELEGATES.contains(g.kind())).map(Guardian::id).collect(Collectors.toSet());
            all.stream().filter(p -> p.person() == Person.GUARDIAN && ids.contains(p.personId())).forEach(delegated::add);
        });
        Staff organiser = schools.staff(school, false).stream().findFirst().orElse(null);
        Session meeting = session(school, organiser, Kind.GUARDIAN_MEETING, "本学期留守儿童学习与安全情况通报", today.minusDays(30), "学校多功能教室",
                List.of("《致留守儿童家长的一封信》", "学生安全责任书"), "班主任逐一介绍孩子在校表现，发放联系卡");
        store.mark(meeting.id(), attended(people.stream().filter(p -> p.person() == Person.GUARDIAN).toList(), random), USER);
        Session training = session(school, organiser, Kind.TRAINING, "隔代教育与委托监护人的职责", today.minusDays(14), "学校会议室",
                List.of("家庭教育讲座课件", "委托监护人职责条款"), "专题讲座，之后座谈交流");
        store.mark(training.id(), attended(delegated, random), USER);
        session(school, organiser, Kind.HOLIDAY_MEETING, "返乡父母与孩子的沟通", today, "学校操场", List.of("家校联系卡"), null);
    }

    private Session session(long school, Staff organiser, Kind kind, String topic, LocalDate day, String place, List<String> materials, String notes) {
        return store.create(new Session(null, 0, school, null, kind, topic, day, place, organiser == null ? null : organiser.id(),
                organiser == null ? null : organiser.name(), materials, notes, USER, 0, 0));
    }

    private static List<Attendee> attended(List<Attendee> invited, Random random) {
        return invited.stream().limit(40).map(p -> new Attendee(p.childId(), p.childName(), p.person(), p.personId(), p.name(), p.relation(),
                random.nextInt(5) != 0)).toList();
    }
}
