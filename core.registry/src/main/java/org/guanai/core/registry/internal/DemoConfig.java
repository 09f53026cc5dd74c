package org.guanai.core.registry.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "演示数据 / Demo county", description = "Synthetic demo data loaded on the first start of an empty database")
@interface DemoConfig {
    @AttributeDefinition(description = "Load the demo county when the database has no school (also off when guanai.demo=false)")
    boolean enabled() default true;

    @AttributeDefinition(description = "Seed of the generator: the same seed gives the same county")
    long seed() default 20261123L;

    @AttributeDefinition(description = "Number of children to generate")
    int children() default 300;
}
