package org.guanai.plugin.health.internal;

import java.util.ArrayList;
import java.util.List;

import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.ChildFlag;
import org.guanai.core.api.dto.Gender;
import org.guanai.core.api.dto.LeftBehindType;
import org.guanai.core.api.dto.Parent;
import org.guanai.plugin.health.internal.Model.Household;

/**
 * 服务对象: the rules that select the programme's population from the registry and the household flags this programme
 * keeps (domain §7; seed 002 篇十七, cited per rule). Reasons are rule codes; a child is in the population when any rule
 * holds, and a key target (重点对象) when {@link #KEY_TARGET} holds.
 */
final class Population {
    /** 独生子女户、女孩户中父母均外出务工的留守儿童: key targets [002 L375]. */
    static final String KEY_TARGET = "KEY_ONE_CHILD_OR_GIRLS_BOTH_AWAY";
    /** 全乡农村外出务工计划生育家庭的留守儿童: LBC of migrant family-planning households [002 L375]. */
    static final String FP_LEFT_BEHIND = "FP_HOUSEHOLD_LEFT_BEHIND";
    /** 女孩、留守儿童家庭: households with girls, surveyed against the out-migrant ledger [002 L383]. */
    static final String GIRL_HOUSEHOLD = "FP_GIRL_HOUSEHOLD";
    /** 计划生育特困家庭: the child or a parent ill or disabled (病残), seriously ill (患重病) or dead (死亡) [002 L383]. */
    static final String HARDSHIP = "FP_HARDSHIP";
    /** 独生子女户、双女绝育户: the four aid policies (教育、医疗、扶贫、生活救助) apply [002 L385]. */
    static final String AID = "AID_ONE_CHILD_OR_TWO_DAUGHTERS";

    /** The outcome for one child. */
    record Assessment(boolean inPopulation, boolean keyTarget, List<String> reasons, boolean pubertyClassEligible) {
    }

    private Population() {
    }

    /**
     * @param child     the registry's record
     * @param household the programme's household flags, or {@code null} when not surveyed yet
     * @param parents   the child's parents from the registry
     * @param grade     the child's grade level, or {@code null}
     */
    static Assessment assess(Child child, Household household, List<Parent> parents, Integer grade) {
        List<String> reasons = new ArrayList<>();
        boolean leftBehind = child.leftBehindType() != null && child.leftBehindType() != LeftBehindType.NONE;
        boolean bothAway = child.leftBehindType() == LeftBehindType.BOTH_AWAY
                || parents.size() >= 2 && parents.stream().filter(p -> !p.deceased()).allMatch(Parent::away);
        if (household != null && household.fpHousehold()) {
            if ((household.oneChild() || household.girlsOnly()) && bothAway) {
                reasons.add(KEY_TARGET);
            }
            if (leftBehind) {
                reasons.add(FP_LEFT_BEHIND);
            }
            if (household.girlsOnly() || child.gender() == Gender.FEMALE) {
                reasons.add(GIRL_HOUSEHOLD);
            }
            boolean parentIllOrDead = parents.stream().anyMatch(p -> p.deceased() || !p.guardianshipCapacity());
            if (household.hardship() || child.flags().contains(ChildFlag.DISABLED) || parentIllOrDead) {
                reasons.add(HARDSHIP);
            }
            if (household.oneChild() || household.twoDaughtersSterilised()) {
                reasons.add(AID);
            }
        }
        // 对五年级以上留守儿童开展青春期知识教育 [002 L377]
        boolean puberty = leftBehind && grade != null && grade >= 5;
        return new Assessment(!reasons.isEmpty(), reasons.contains(KEY_TARGET), reasons, puberty);
    }
}
