package org.guanai.plugin.guardians.internal;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.guanai.core.api.ChildService;
import org.guanai.core.api.dto.ChildQuery;
import org.guanai.core.api.programme.Programme;
import org.guanai.core.api.returns.ReturnContributor;
import org.guanai.core.api.returns.ReturnFigure;
import org.guanai.core.api.returns.ReturnPeriod;
import org.guanai.sdk.i18n.Texts;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * This programme's rows of a school's return (报表): sessions held in the period, guardians and parents who attended,
 * and the children on the school's roll whose guardian or parent attended, with their share of the roll (家教知识普及,
 * domain §3.4 and §9.2).
 */
@Component(service = ReturnContributor.class, property = Programme.ID_PROPERTY + "=" + GuardiansProgramme.ID)
public final class GuardiansReturns implements ReturnContributor {
    private final SessionStore store;
    private final ChildService children;
    private final Texts texts;

    @Activate
    public GuardiansReturns(@Reference SessionStore store, @Reference ChildService children, @Reference Texts texts) {
        this.store = store;
        this.children = children;
        this.texts = texts;
    }

    @Override
    public List<ReturnFigure> figures(long schoolId, ReturnPeriod period) {
        SessionStore.Figures f = store.figures(schoolId, period.first(), period.last());
        Set<Long> came = new HashSet<>(f.children());
        long[] roll = new long[2];
        children.forEach(ChildQuery.ofSchool(schoolId), c -> {
            roll[0]++;
            roll[1] += came.contains(c.id()) ? 1 : 0;
        });
        return List.of(texts.figure(GuardiansProgramme.ID, "sessions").count(f.sessions()).build(), texts.figure(GuardiansProgramme.ID, "people").count(f.people()).build(),
                texts.figure(GuardiansProgramme.ID, "reached").count(roll[1]).build(), texts.figure(GuardiansProgramme.ID, "reachedRate").rate(roll[1], roll[0]).build());
    }
}
