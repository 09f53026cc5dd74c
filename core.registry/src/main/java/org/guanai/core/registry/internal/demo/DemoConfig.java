package org.guanai.core.registry.internal.demo;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "演示数据 / Demo county",
        description = "Synthetic demo data loaded on the first start of an empty database, in demo mode only")
@interface DemoConfig {
    @AttributeDefinition(description = "Demo mode: load the demo county and the demo users (password public) when the database "
            + "has no school; also on with the framework property guanai.demo=true (GUANAI_DEMO=true or --demo). Off by default")
    boolean enabled() default false;

    @AttributeDefinition(description = "Seed of the generator: the same seed gives the same county")
    long seed() default 20261123L;

    @AttributeDefinition(description = "Number of children to generate")
    int children() default 300;
}
