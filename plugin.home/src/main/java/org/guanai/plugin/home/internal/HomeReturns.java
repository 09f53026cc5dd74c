package org.guanai.plugin.home.internal;

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
 * This programme's rows of a school's return (报表): the home's 八有 met (of eight) at the period's end, the family calls
 * and videos made from it and the children who made them, the books lent and the talks held in the period (domain
 * §8.2, §9.3 item 10).
 */
@Component(service = ReturnContributor.class, property = Programme.ID_PROPERTY + "=" + HomeProgramme.ID)
public final class HomeReturns implements ReturnContributor {
    private final HomeStore store;
    private final Texts texts;

    @Activate
    public HomeReturns(@Reference HomeStore store, @Reference Texts texts) {
        this.store = store;
        this.texts = texts;
    }

    @Override
    public List<ReturnFigure> figures(long schoolId, ReturnPeriod period) {
        HomeStore.Figures f = store.figures(schoolId, period.first(), period.last());
        String id = HomeProgramme.ID;
        return List.of(texts.figure(id, "standard").count(store.metOn(schoolId, period.last())).build(),
                texts.figure(id, "calls").count(f.calls()).build(), texts.figure(id, "callers").count(f.callers()).build(),
                texts.figure(id, "loans").count(f.loans()).build(), texts.figure(id, "talks").count(f.talks()).build());
    }
}
