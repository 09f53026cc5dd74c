package org.guanai.plugin.pairing.internal;

import java.util.EnumSet;

import org.guanai.plugin.pairing.internal.assign.Assigner;
import org.guanai.plugin.pairing.internal.rules.AssessmentRules;
import org.guanai.plugin.pairing.internal.rules.Dimension;
import org.guanai.plugin.pairing.internal.rules.Schemes;
import org.guanai.sdk.i18n.Label;
import org.guanai.sdk.i18n.Texts;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The programme's configuration {@code org.guanai.plugin.pairing} (the 心级 rules, the assignment's weights, how far back
 * duties are overdue) and each school's settings of the schemes.
 */
@Component(service = PairingSettings.class, configurationPid = "org.guanai.plugin.pairing")
@Designate(ocd = PairingConfig.class)
public final class PairingSettings {
    private final PairingStore store;
    private final Texts texts;
    private final AssessmentRules rules;
    private final Assigner.Weights weights;
    private final int overdueDays;

    @Activate
    public PairingSettings(@Reference PairingStore store, @Reference Texts texts, PairingConfig config) {
        this.store = store;
        this.texts = texts;
        EnumSet<Dimension> critical = EnumSet.noneOf(Dimension.class);
        for (String d : config.criticalDimensions()) {
            critical.add(Dimension.valueOf(d.trim()));
        }
        this.rules = new AssessmentRules(config.extraDimensionZh(), config.extraDimensionEn(), critical, config.criticalScore(),
                config.level2Total(), config.level3Total(), config.level4Total());
        this.weights = new Assigner.Weights(config.weightSameClass(), config.weightSameVillage(), config.weightSameSchool(),
                config.weightPerLoad());
        this.overdueDays = config.overdueDays();
    }

    /** @return the 心级 dimensions and thresholds */
    AssessmentRules rules() {
        return rules;
    }

    /** @return the costs the assignment minimises */
    Assigner.Weights weights() {
        return weights;
    }

    /** @return how many days back overdue obligations are listed */
    int overdueDays() {
        return overdueDays;
    }

    /** @return the name of a dimension: {@link Dimension#EXTRA}'s is configured (its English falls back to the text's) */
    Label dimensionName(Dimension d) {
        String key = "dimension." + d;
        return d == Dimension.EXTRA ? new Label(rules.extraLabelZh(), rules.extraLabelEn() != null ? rules.extraLabelEn() : texts.en(key))
                : texts.label(key);
    }

    /** @return the schemes with the school's settings */
    Schemes schemes(long school) {
        return new Schemes(store.schemes(school, Schemes.defaults()));
    }
}
