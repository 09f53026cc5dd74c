package org.guanai.plugin.subsidies.internal;

import java.util.List;

import org.guanai.core.api.programme.Programme;
import org.guanai.core.api.returns.ReturnContributor;
import org.guanai.core.api.returns.ReturnFigure;
import org.guanai.core.api.returns.ReturnPeriod;
import org.guanai.sdk.i18n.Texts;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * This programme's rows of a school's return (报表): the children supported and the payments made in the period. A
 * return figure is a count or a rate, so the amount in yuan is not one of them (it is in the totals and their xlsx).
 */
@Component(service = ReturnContributor.class, property = Programme.ID_PROPERTY + "=" + SubsidiesProgramme.ID)
public final class SubsidiesReturns implements ReturnContributor {
    private final SubsidyStore store;
    private final Texts texts;

    @Activate
    public SubsidiesReturns(@Reference SubsidyStore store, @Reference Texts texts) {
        this.store = store;
        this.texts = texts;
    }

    @Override
    public List<ReturnFigure> figures(long schoolId, ReturnPeriod period) {
        SubsidyStore.Figures f = store.figures(schoolId, period.first(), period.last());
        return List.of(texts.figure(SubsidiesProgramme.ID, "children").count(f.children()).build(), texts.figure(SubsidiesProgramme.ID, "payments").count(f.payments()).build());
    }
}
