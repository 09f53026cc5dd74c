package org.guanai.plugin.subsidies.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.guanai.core.api.ChildService;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.ChildQuery;
import org.guanai.core.api.programme.Programme;
import org.guanai.core.api.programme.ProgrammeDemo;
import org.guanai.plugin.subsidies.internal.Model.Application;
import org.guanai.plugin.subsidies.internal.Model.Entry;
import org.guanai.plugin.subsidies.internal.Model.EntryKind;
import org.guanai.plugin.subsidies.internal.Model.Status;
import org.guanai.sdk.time.CareCalendar;
import org.guanai.sdk.time.Semester;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Demo content for the demo county, per school, on its first six children: this semester's 学业+生活 subsidy at each
 * step (submitted, approved by the school, by the county, paid, refused), and a 临时救助 recorded twice by mistake,
 * the second reversed.
 */
@Component(service = ProgrammeDemo.class, property = Programme.ID_PROPERTY + "=" + SubsidiesProgramme.ID)
public final class SubsidiesDemo implements ProgrammeDemo {
    private static final String USER = "demo";
    private static final String FUND = "STUDY_LIVING";

    private final SubsidyStore store;
    private final ChildService children;
    private final CareCalendar calendar;

    @Activate
    public SubsidiesDemo(@Reference SubsidyStore store, @Reference ChildService children, @Reference CareCalendar calendar) {
        this.store = store;
        this.children = children;
        this.calendar = calendar;
    }

    @Override
    public void load(List<Long> schoolIds) {
        LocalDate today = calendar.today();
        Semester semester = calendar.semester(today);
        Instant now = calendar.now();
        for (long school : schoolIds) {
            List<Child> first = new ArrayList<>();
            children.forEach(ChildQuery.ofSchool(school), c -> {
                if (first.size() < 6) {
                    first.add(c);
                }
            });
            for (int i = 0; i < Math.min(5, first.size()); i++) {
                Child c = first.get(i);
                BigDecimal amount = store.amount(FUND, SubsidiesApi.level(c), semester.schoolYear()).orElse(new BigDecimal("500.00"));
                Application a = store.apply(new Application(0, school, c.id(), null, FUND, semester.id(), amount, "父母均外出务工，家庭经济困难",
                        Status.SUBMITTED, USER, now, null, null, null, null, null), true);
                if (i == 4) {
                    store.decide(school, a.id(), false, false, "家庭收入已超过认定标准", USER, now);
                }
                if (i >= 1 && i <= 3) {
                    store.decide(school, a.id(), false, true, null, USER, now);
                }
                if (i >= 2 && i <= 3) {
                    store.decide(school, a.id(), true, true, null, USER, now);
                }
                if (i == 3) {
                    store.pay(school, a.id(), amount, today.minusDays(3), "DEMO-" + school + "-001", USER, now);
                }
            }
            if (first.size() == 6) {
                Child c = first.get(5);
                LocalDate day = semester.contains(today.minusDays(20)) ? today.minusDays(20) : today;
                Entry e = null;
                for (int i = 0; i < 2; i++) {
                    e = store.fact(new Entry(0, school, c.id(), "CA_TEMPORARY", calendar.semester(day).id(), EntryKind.FACT, null, null, null,
                            new BigDecimal("1000.00"), day, "民政临救-2026-17", "房屋受灾后临时救助", USER, now));
                }
                store.reverse(school, e.id(), "重复登记", today, USER, now);
            }
        }
    }
}
