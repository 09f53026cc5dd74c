package org.guanai.plugin.pairing.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration {@code org.guanai.plugin.pairing}: the 心级 rules and the assignment's weights. */
@ObjectClassDefinition(name = "结对帮扶 / Mentoring", description = "心级 rules and assignment weights")
@interface PairingConfig {
    @AttributeDefinition(description = "第五个评估维度（中文名），空则不评估 / fifth assessment dimension (Chinese label); empty: not assessed")
    String extraDimensionZh() default "";

    @AttributeDefinition(description = "Fifth dimension, English label")
    String extraDimensionEn() default "";

    @AttributeDefinition(description = "Dimensions that alone make level 4 (PSYCH, PHYSICAL, ACADEMIC, GUARDIANSHIP, EXTRA)")
    String[] criticalDimensions() default { "PSYCH", "GUARDIANSHIP" };

    @AttributeDefinition(description = "Score (1–3) at which a critical dimension makes level 4")
    int criticalScore() default 3;

    @AttributeDefinition(description = "Total score from which a child is level 2")
    int level2Total() default 3;

    @AttributeDefinition(description = "Total score from which a child is level 3")
    int level3Total() default 6;

    @AttributeDefinition(description = "Total score from which a child is level 4")
    int level4Total() default 9;

    @AttributeDefinition(description = "Cost of a mentor of the child's own class")
    int weightSameClass() default 0;

    @AttributeDefinition(description = "Cost of a mentor of the child's village")
    int weightSameVillage() default 2;

    @AttributeDefinition(description = "Cost of another mentor of the school")
    int weightSameSchool() default 4;

    @AttributeDefinition(description = "Cost per child already on the mentor (load balancing)")
    int weightPerLoad() default 1;

    @AttributeDefinition(description = "How many days back overdue obligations are listed")
    int overdueDays() default 92;

    @AttributeDefinition(description = "Hours between two checks that post overdue obligations as events (0: never)")
    int checkHours() default 24;
}
