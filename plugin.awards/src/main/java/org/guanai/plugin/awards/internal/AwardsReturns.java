package org.guanai.plugin.awards.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.guanai.core.api.programme.Programme;
import org.guanai.core.api.returns.ReturnContributor;
import org.guanai.core.api.returns.ReturnFigure;
import org.guanai.core.api.returns.ReturnPeriod;
import org.guanai.plugin.awards.internal.Model.Award;
import org.guanai.sdk.i18n.Texts;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * This programme's rows of a school's return (报表): the awards the county granted in the period, in all and per award,
 * each counted on the day the county approved it.
 */
@Component(service = ReturnContributor.class, property = Programme.ID_PROPERTY + "=" + AwardsProgramme.ID)
public final class AwardsReturns implements ReturnContributor {
    private final NominationStore store;
    private final Texts texts;

    @Activate
    public AwardsReturns(@Reference NominationStore store, @Reference Texts texts) {
        this.store = store;
        this.texts = texts;
    }

    @Override
    public List<ReturnFigure> figures(long schoolId, ReturnPeriod period) {
        Map<Award, Long> granted = store.granted(schoolId, period.first(), period.last());
        List<ReturnFigure> out = new ArrayList<>();
        out.add(texts.figure(AwardsProgramme.ID, "granted").count(granted.values().stream().mapToLong(Long::longValue).sum()).build());
        for (Award a : Award.values()) {
            String award = "award." + a;
            out.add(ReturnFigure.builder(AwardsProgramme.ID, "granted." + a).label(texts.zh(award), texts.en(award))
                    .definition(texts.zh("return.grantedOf.def", texts.zh(award)), texts.en("return.grantedOf.def", texts.en(award)))
                    .count(granted.get(a)).build());
        }
        return out;
    }
}
