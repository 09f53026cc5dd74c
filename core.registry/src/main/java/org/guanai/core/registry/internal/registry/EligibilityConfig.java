package org.guanai.core.registry.internal.registry;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Which rule decides who counts as 留守儿童 (domain §1: the sources disagree). */
@ObjectClassDefinition(name = "留守儿童认定规则 / Left-behind eligibility rule")
public @interface EligibilityConfig {

    /** The parent condition. */
    enum ParentRule {
        /** 父母双方外出 (village activity room definition). */
        BOTH_AWAY,
        /** 父母双方外出，或一方外出另一方无监护能力 (State Council style). */
        BOTH_AWAY_OR_ONE_WITHOUT_CAPACITY
    }

    @AttributeDefinition(description = "The child must be younger than this many years: 16 (State Council) or 18 (代理家长 scheme)")
    int ageCap() default 16;

    @AttributeDefinition(description = "Parent condition")
    ParentRule parentRule() default ParentRule.BOTH_AWAY_OR_ONE_WITHOUT_CAPACITY;

    @AttributeDefinition(description = "Months the parents must have been away (0: any; 6: the 代理家长 scheme)")
    int minMonthsAway() default 0;
}
