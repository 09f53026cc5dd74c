package org.guanai.plugin.awards.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.guanai.core.api.ChildService;
import org.guanai.core.api.SchoolService;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.ChildQuery;
import org.guanai.core.api.dto.LeftBehindType;
import org.guanai.core.api.dto.Staff;
import org.guanai.core.api.programme.Programme;
import org.guanai.core.api.programme.ProgrammeDemo;
import org.guanai.plugin.awards.internal.Model.Award;
import org.guanai.plugin.awards.internal.Model.Nomination;
import org.guanai.plugin.awards.internal.Model.Nominee;
import org.guanai.plugin.awards.internal.Model.NomineeKind;
import org.guanai.plugin.awards.internal.Model.State;
import org.guanai.sdk.time.CareCalendar;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Demo content for the demo county, per school, this school year: an 优秀留守儿童 granted by the county (its
 * certificate prints), a 先进工作者 approved by the school and waiting for the county, a 先进爱心妈妈 named by hand
 * waiting for the school, and an 优秀小老师 the school refused. The children are picked with a fixed seed.
 */
@Component(service = ProgrammeDemo.class, property = Programme.ID_PROPERTY + "=" + AwardsProgramme.ID)
public final class AwardsDemo implements ProgrammeDemo {
    private static final String USER = "demo";

    private final NominationStore store;
    private final Evidence evidence;
    private final ChildService children;
    private final SchoolService schools;
    private final CareCalendar calendar;

    @Activate
    public AwardsDemo(@Reference NominationStore store, @Reference Evidence evidence, @Reference ChildService children,
            @Reference SchoolService schools, @Reference CareCalendar calendar) {
        this.store = store;
        this.evidence = evidence;
        this.children = children;
        this.schools = schools;
        this.calendar = calendar;
    }

    @Override
    public void load(List<Long> schoolIds) {
        Random random = new Random(20261207L);
        int year = calendar.schoolYear(calendar.today());
        for (long school : schoolIds) {
            List<Child> kids = new ArrayList<>();
            children.forEach(ChildQuery.ofSchool(school), c -> {
                if (c.leftBehindType() != LeftBehindType.NONE && kids.size() < 40) {
                    kids.add(c);
                }
            });
            Staff staff = schools.staff(school, false).stream().findFirst().orElse(null);
            if (kids.size() >= 2) {
                Child best = kids.remove(random.nextInt(kids.size()));
                Nomination n = nominate(school, year, Award.EXCELLENT_CHILD, child(best), "自立自强，学习刻苦，主动照顾年迈的祖父母，乐于帮助同学");
                decide(school, n, false, true, null);
                decide(school, n, true, true, null);
                Child peer = kids.get(random.nextInt(kids.size()));
                decide(school, nominate(school, year, Award.LITTLE_TEACHER, child(peer), "课后辅导同桌数学"), false, false,
                        "本学年帮扶记录不足，下学年再推荐");
            }
            if (staff != null) {
                decide(school, nominate(school, year, Award.ADVANCED_WORKER, new Nominee(NomineeKind.STAFF, null, staff.id(), null, null,
                        staff.name(), null), "坚持每月谈心、每周家访，建立留守儿童成长档案"), false, true, null);
            }
            nominate(school, year, Award.LOVING_MOTHER, new Nominee(NomineeKind.PERSON, null, null, null, null, "陈秀英", "村妇联主任"),
                    "结对三名留守儿童，每周谈心，节假日接到家中照顾");
        }
    }

    private static Nominee child(Child c) {
        return new Nominee(NomineeKind.CHILD, c.id(), null, null, null, c.name(), null);
    }

    private Nomination nominate(long school, int year, Award award, Nominee who, String reason) {
        return store.create(new Nomination(null, 0, school, award, year, who, reason, evidence.of(school, year, who), State.NOMINATED, USER,
                calendar.now(), null, null, null, null, null, null));
    }

    private void decide(long school, Nomination n, boolean county, boolean approve, String refusal) {
        Instant now = calendar.now();
        store.decide(school, n.id(), null, county, approve, refusal, USER, now, calendar.today());
    }
}
