package org.guanai.core.registry.internal.registry;

import java.time.LocalDate;
import java.time.Period;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.ChildFlag;
import org.guanai.core.api.dto.EligibilityReport;
import org.guanai.core.api.dto.EligibilityReport.Criterion;
import org.guanai.core.api.dto.LeftBehindType;
import org.guanai.core.api.dto.Parent;
import org.guanai.core.api.dto.ParentRole;
import org.guanai.core.registry.internal.Messages;
import org.guanai.core.registry.internal.registry.EligibilityConfig.ParentRule;

/**
 * Decides whether a child counts as 留守儿童 under one configured rule. Pure: the data and "today" come in.
 * <p>
 * Parents recorded in the archive decide the parent condition; when none are recorded, the child's
 * {@link LeftBehindType} stands in (双亲外出 means both away). A deceased parent, or one without guardianship capacity,
 * counts as "without capacity", and so does a missing other parent of a single-parent child (单亲). The months away are counted from the latest {@code awaySince} of the parents who are
 * away (all of them must have been away that long), else from the child's {@code leftBehindSince}.
 */
final class EligibilityRule {
    private final int ageCap;
    private final ParentRule parentRule;
    private final int minMonthsAway;
    private final Messages messages;

    EligibilityRule(int ageCap, ParentRule parentRule, int minMonthsAway, Messages messages) {
        this.ageCap = ageCap;
        this.parentRule = parentRule;
        this.minMonthsAway = minMonthsAway;
        this.messages = messages;
    }

    String describe() {
        return "age<" + ageCap + "; " + parentRule + "; monthsAway>=" + minMonthsAway;
    }

    EligibilityReport evaluate(Child child, List<Parent> parents, LocalDate today) {
        List<Criterion> criteria = new ArrayList<>();

        int age = Period.between(child.birthDate(), today).getYears();
        boolean ageMet = age < ageCap;
        String metZh = messages.zh(ageMet ? "eligibility.age.met" : "eligibility.age.notMet");
        String metEn = messages.en(ageMet ? "eligibility.age.met" : "eligibility.age.notMet");
        criteria.add(new Criterion("AGE", ageMet, messages.zh("eligibility.age", age, metZh, ageCap),
                messages.en("eligibility.age", age, metEn, ageCap)));

        List<Parent> away = parents.stream().filter(p -> p.away() && !p.deceased()).toList();
        int awayCount = away.size();
        boolean both;
        boolean oneWithoutCapacity;
        if (parents.isEmpty()) {
            both = child.leftBehindType() == LeftBehindType.BOTH_AWAY;
            oneWithoutCapacity = false;
        } else {
            // a recorded parent wins over the child's type; for a parent not recorded (the card filled in for one of
            // them only) the type stands in, as it does when none is recorded
            LeftBehindType type = child.leftBehindType();
            boolean fatherRecorded = parents.stream().anyMatch(p -> p.role() == ParentRole.FATHER);
            boolean motherRecorded = parents.stream().anyMatch(p -> p.role() == ParentRole.MOTHER);
            int implied = (!fatherRecorded && (type == LeftBehindType.BOTH_AWAY || type == LeftBehindType.FATHER_AWAY) ? 1 : 0)
                    + (!motherRecorded && (type == LeftBehindType.BOTH_AWAY || type == LeftBehindType.MOTHER_AWAY) ? 1 : 0);
            awayCount = away.size() + implied;
            both = awayCount >= 2;
            // the parent at home cannot look after the child: recorded without capacity or deceased, or there is no
            // other parent at all (单亲, with only one parent recorded)
            oneWithoutCapacity = awayCount == 1 && (parents.size() == 1 && implied == 0 && child.flags().contains(ChildFlag.SINGLE_PARENT)
                    || parents.stream().filter(p -> !away.contains(p)).anyMatch(p -> p.deceased() || !p.guardianshipCapacity()));
        }
        boolean parentsMet = both || (parentRule == ParentRule.BOTH_AWAY_OR_ONE_WITHOUT_CAPACITY && oneWithoutCapacity);
        String key = both ? "eligibility.parents.both" : oneWithoutCapacity ? "eligibility.parents.oneNoCapacity" : null;
        if (parentsMet) {
            criteria.add(new Criterion("PARENTS_AWAY", true, messages.zh(key), messages.en(key)));
        } else {
            String found = key == null ? awayCount + "/" + Math.max(2, parents.size()) : parentRule.name();
            criteria.add(new Criterion("PARENTS_AWAY", false, messages.zh("eligibility.parents.notMet", found),
                    messages.en("eligibility.parents.notMet", found)));
        }

        if (minMonthsAway > 0) {
            Optional<LocalDate> since = away.stream().map(Parent::awaySince).filter(Objects::nonNull)
                    .max(Comparator.naturalOrder());
            if (since.isEmpty()) {
                since = Optional.ofNullable(child.leftBehindSince());
            }
            if (since.isEmpty()) {
                criteria.add(new Criterion("MONTHS_AWAY", false, messages.zh("eligibility.months.unknown", minMonthsAway),
                        messages.en("eligibility.months.unknown", minMonthsAway)));
            } else {
                long months = ChronoUnit.MONTHS.between(since.get(), today);
                criteria.add(new Criterion("MONTHS_AWAY", months >= minMonthsAway,
                        messages.zh("eligibility.months", months, minMonthsAway),
                        messages.en("eligibility.months", months, minMonthsAway)));
            }
        }
        boolean eligible = criteria.stream().allMatch(Criterion::met);
        return new EligibilityReport(child.id() == null ? 0 : child.id(), eligible, describe(), criteria);
    }
}
