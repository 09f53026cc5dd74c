package org.guanai.core.registry.internal.registry;

import org.guanai.core.registry.internal.Messages;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Holds the eligibility rule in force, from configuration PID {@code org.guanai.core.eligibility}. A change of
 * configuration takes effect at once without restarting the registry services.
 */
@Component(service = EligibilityPolicy.class, configurationPid = "org.guanai.core.eligibility")
@Designate(ocd = EligibilityConfig.class)
public final class EligibilityPolicy {
    private final Messages messages = new Messages();
    private volatile EligibilityRule rule;

    @Activate
    public EligibilityPolicy(EligibilityConfig config) {
        modified(config);
    }

    @Modified
    void modified(EligibilityConfig config) {
        if (config.ageCap() < 1 || config.ageCap() > 18 || config.minMonthsAway() < 0) {
            throw new IllegalArgumentException("ageCap must be 1..18 and minMonthsAway >= 0");
        }
        this.rule = new EligibilityRule(config.ageCap(), config.parentRule(), config.minMonthsAway(), messages);
    }

    EligibilityRule rule() {
        return rule;
    }
}
