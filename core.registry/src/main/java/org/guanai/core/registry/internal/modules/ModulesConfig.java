package org.guanai.core.registry.internal.modules;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Module administration ({@code org.guanai.core.modules}): what a jar may hold, and how long an admin's operation waits. */
@ObjectClassDefinition(name = "模块管理 / Module administration",
        description = "Limits on the jars module administration accepts, and how long an admin's operation waits for a programme")
@interface ModulesConfig {
    @AttributeDefinition(description = "Largest total size of a jar's entries once uncompressed, in MiB, counted while"
            + " reading them (the sizes the jar claims are not trusted)")
    int maxUncompressedMiB() default 256;

    @AttributeDefinition(description = "Largest ratio of a jar's uncompressed size to its size; checked once the entries"
            + " expand beyond 1 MiB (a jar of programme code expands about 2 to 5 times)")
    int maxExpansionRatio() default 100;

    @AttributeDefinition(description = "Most entries (files and folders) in a jar")
    int maxEntries() default 10_000;

    @AttributeDefinition(description = "Seconds an admin's install, update or start waits for a programme that neither"
            + " starts nor fails (e.g. it waits for a service no bundle provides); 0: no limit. The programmes shipped"
            + " with the platform, at start and when the platform updates them, wait without limit")
    int programmeStartLimitSeconds() default 300;
}
