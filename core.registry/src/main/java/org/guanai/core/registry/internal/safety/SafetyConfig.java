package org.guanai.core.registry.internal.safety;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of {@link SafetyService} (PID {@value SafetyService#PID}). */
@ObjectClassDefinition(name = "Guanai guardianship alerts and incidents")
@interface SafetyConfig {
    /**
     * Domain §3.3 gives no time to arrange a guardian for a child alone (the parents are ordered to return or to name a
     * 委托监护人); the report to the police is due at once. An alert is overdue this many hours after it was opened.
     */
    @AttributeDefinition(description = "Hours after an alert opens until it is overdue and escalated to the county")
    int alertDeadlineHours() default 24;

    /** How often each node looks for what to send or escalate (under the cluster lock, so one node at a time). */
    @AttributeDefinition(description = "Minutes between two sweeps (notifications, escalations; the daily age re-check)")
    int sweepMinutes() default 1;
}
