package org.guanai.plugin.home.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.guanai.core.api.GuardianService;
import org.guanai.core.api.SchoolService;
import org.guanai.core.api.dto.ChildQuery;
import org.guanai.core.api.dto.Guardian;
import org.guanai.core.api.dto.Parent;
import org.guanai.core.api.dto.SchoolClass;
import org.guanai.core.api.dto.Staff;
import org.guanai.core.api.programme.Programme;
import org.guanai.core.api.programme.ProgrammeDemo;
import org.guanai.plugin.home.internal.Model.Call;
import org.guanai.plugin.home.internal.Model.CallKind;
import org.guanai.plugin.home.internal.Model.Duty;
import org.guanai.plugin.home.internal.Model.Equipment;
import org.guanai.plugin.home.internal.Model.Hours;
import org.guanai.plugin.home.internal.Model.Item;
import org.guanai.plugin.home.internal.Model.Range;
import org.guanai.plugin.home.internal.Model.Standard;
import org.guanai.plugin.home.internal.Model.Talk;
import org.guanai.plugin.home.internal.Model.Tv;
import org.guanai.sdk.time.CareCalendar;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Demo content for the demo county, per school: a home with six of the 八有 met (no 活动计划 and no 经费保障 yet), its
 * equipment partly short of the checklist, open at noon and after school on weekdays and all day at the weekend, a
 * weekday duty roster, loans of the last weeks (one overdue), family calls and videos, a talk and a TV log.
 * Deterministic (fixed seed).
 */
@Component(service = ProgrammeDemo.class, property = Programme.ID_PROPERTY + "=" + HomeProgramme.ID)
public final class HomeDemo implements ProgrammeDemo {
    private static final String USER = "demo";
    private static final Map<Item, String> EVIDENCE = Map.of(Item.SIGN, "门口悬挂统一制作的“留守儿童之家”标牌", Item.SITE, "教学楼一楼东侧专用活动室两间",
            Item.EQUIPMENT, "亲情电话、视频电脑、电视、图书、档案柜已配备，部分数量不足", Item.STAFF, "兼职管理教师一名，值班表上墙",
            Item.FILES, "一人一档，按班级存放于档案柜", Item.LEDGER, "借阅、通话、视频、电视记录按日登记");
    private static final Map<String, Integer> PRESENT = Map.of("PHONE", 2, "PC", 1, "TV", 1, "BOOKS", 180, "CABINET", 4, "WHISPER", 1,
            "CINEMA", 0, "BOARD_GAMES", 1, "SPORTS", 1);
    private static final String[] BOOKS = { "《安徒生童话》", "《十万个为什么》", "《小英雄雨来》", "《草房子》", "《西游记》（少儿版）", "《昆虫记》" };

    private final HomeStore store;
    private final GuardianService families;
    private final SchoolService schools;
    private final CareCalendar calendar;

    @Activate
    public HomeDemo(@Reference HomeStore store, @Reference GuardianService families, @Reference SchoolService schools,
            @Reference CareCalendar calendar) {
        this.store = store;
        this.families = families;
        this.schools = schools;
        this.calendar = calendar;
    }

    @Override
    public void load(List<Long> schoolIds) {
        Random random = new Random(20261207L);
        LocalDate today = calendar.today();
        for (long school : schoolIds) {
            EVIDENCE.forEach((item, text) -> store.check(school, new Standard(item, true, text, today.minusDays(20), USER)));
            store.check(school, new Standard(Item.PLAN, false, "本学年活动计划尚未制定", today.minusDays(20), USER));
            for (Equipment e : store.equipment(school)) {
                store.setPresent(school, e.id(), PRESENT.getOrDefault(e.code(), e.required()));
            }
            List<Range> ranges = new ArrayList<>();
            for (int day = 1; day <= 5; day++) {
                ranges.add(new Range(day, "12:00", "13:30"));
                ranges.add(new Range(day, "16:30", "18:00"));
            }
            ranges.add(new Range(6, "09:00", "16:00"));
            ranges.add(new Range(7, "09:00", "16:00"));
            store.setHours(school, new Hours(ranges, "节假日开放，由值班教师负责；寒暑假每周二、五开放"));
            List<Staff> staff = schools.staff(school, false);
            List<SchoolClass> classes = schools.classes(school);
            for (int day = 1; day <= 5 && !staff.isEmpty(); day++) {
                Staff s = staff.get((day - 1) % staff.size());
                SchoolClass c = classes.isEmpty() ? null : classes.get((day - 1) % classes.size());
                store.addDuty(school, new Duty(null, s.id(), s.name(), null, day, c == null ? null : c.id(), null));
            }
            List<GuardianService.Family> kids = new ArrayList<>();
            families.forEachFamily(ChildQuery.ofSchool(school), f -> {
                if (kids.size() < 8) {
                    kids.add(f);
                }
            });
            for (int i = 0; i < kids.size(); i++) {
                long child = kids.get(i).child().id();
                LocalDate lent = today.minusDays(3 + 5L * i);
                long loan = store.lend(school, child, BOOKS[i % BOOKS.length], lent, lent.plusDays(14), USER);
                if (i >= 3 && i != 5) {
                    store.giveBack(school, loan, lent.plusDays(10));
                }
                // a parent away, else the first guardian, as the registry has them
                Parent p = kids.get(i).parents().stream().filter(x -> !x.deceased()).findFirst().orElse(null);
                Guardian g = p != null ? null : kids.get(i).guardians().stream().findFirst().orElse(null);
                if ((p != null || g != null) && i % 4 != 3) {
                    store.call(school, new Call(null, child, null, i % 2 == 0 ? CallKind.CALL : CallKind.VIDEO_CALL, g == null ? null : g.id(),
                            p == null ? null : p.id(), p != null ? p.name() : g.name(), today.minusDays(2 + 3L * i).atTime(16, 40 + random.nextInt(15)),
                            5 + random.nextInt(20)), USER);
                }
            }
            if (!kids.isEmpty() && !staff.isEmpty()) {
                store.talk(school, new Talk(null, kids.get(0).child().id(), null, staff.get(0).id(), staff.get(0).name(), today.minusDays(4),
                        "想念在外打工的妈妈，最近作业常拖延；约定每周五在之家给妈妈打电话，班主任多关注"), USER);
            }
            String[] shows = { "《新闻联播》", "《动物世界》", "《大风车》" };
            for (int i = 0; i < shows.length; i++) {
                store.tv(school, new Tv(null, today.minusDays(1 + 2L * i), shows[i], 30, 10 + random.nextInt(15)), USER);
            }
        }
    }
}
