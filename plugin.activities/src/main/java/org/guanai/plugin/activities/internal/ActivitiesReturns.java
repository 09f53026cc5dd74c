package org.guanai.plugin.activities.internal;

import java.time.LocalDate;
import java.util.List;

import org.guanai.core.api.programme.Programme;
import org.guanai.core.api.returns.ReturnContributor;
import org.guanai.core.api.returns.ReturnFigure;
import org.guanai.core.api.returns.ReturnPeriod;
import org.guanai.plugin.activities.internal.Coverage.Grid;
import org.guanai.sdk.i18n.Texts;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * This programme's rows of a school's return (报表, issue 20): 九个一 coverage of the semester the period ends in (or of
 * today's, for the period in progress), as the coverage grid counts it: the children counted, those with every item
 * done, and the share of the items due that were done.
 */
@Component(service = ReturnContributor.class, property = Programme.ID_PROPERTY + "=" + ActivitiesProgramme.ID)
public final class ActivitiesReturns implements ReturnContributor {
    private final CoverageService coverage;
    private final Texts texts;

    @Activate
    public ActivitiesReturns(@Reference CoverageService coverage, @Reference Texts texts) {
        this.coverage = coverage;
        this.texts = texts;
    }

    @Override
    public List<ReturnFigure> figures(long schoolId, ReturnPeriod period) {
        LocalDate today = coverage.today();
        LocalDate asOf = period.last().isAfter(today) ? today : period.last();
        Grid g = coverage.gridOn(schoolId, asOf);
        return List.of(texts.figure(ActivitiesProgramme.ID, "children").count(g.school().children()).build(),
                texts.figure(ActivitiesProgramme.ID, "complete").count(g.school().complete()).build(),
                texts.figure(ActivitiesProgramme.ID, "coverage").rate(g.school().cellsDone(), g.school().cellsDue()).build());
    }
}
