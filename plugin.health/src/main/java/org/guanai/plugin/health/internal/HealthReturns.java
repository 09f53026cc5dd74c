package org.guanai.plugin.health.internal;

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
 * This programme's rows of a school's return (报表, issue 20), from its own tables: health checks measured in the
 * period and the children checked, findings (follow-ups opened) in the period, follow-ups closed in the period and
 * follow-ups open past their due date at the period's end.
 */
@Component(service = ReturnContributor.class, property = Programme.ID_PROPERTY + "=" + HealthProgramme.ID)
public final class HealthReturns implements ReturnContributor {
    private final HealthStore store;
    private final Texts texts;

    @Activate
    public HealthReturns(@Reference HealthStore store, @Reference Texts texts) {
        this.store = store;
        this.texts = texts;
    }

    @Override
    public List<ReturnFigure> figures(long schoolId, ReturnPeriod period) {
        return store.read(sql -> {
            Object[] in = { schoolId, period.first(), period.last() };
            long checks = sql.count("SELECT COUNT(*) FROM health_check WHERE school_id = ? AND measured_on >= ? AND measured_on <= ?", in);
            long checked = sql.count("SELECT COUNT(DISTINCT child_id) FROM health_check WHERE school_id = ? AND measured_on >= ?"
                    + " AND measured_on <= ?", in);
            long findings = sql.count("SELECT COUNT(*) FROM health_followup WHERE school_id = ? AND opened_on >= ? AND opened_on <= ?", in);
            long closed = sql.count("SELECT COUNT(*) FROM health_followup WHERE school_id = ? AND closed_on >= ? AND closed_on <= ?", in);
            long overdue = sql.count("SELECT COUNT(*) FROM health_followup WHERE school_id = ? AND due_on < ?"
                    + " AND opened_on <= ? AND (closed_on IS NULL OR closed_on > ?)", schoolId, period.last(), period.last(), period.last());
            return List.of(texts.figure(HealthProgramme.ID, "checks").count(checks).build(), texts.figure(HealthProgramme.ID, "checkedChildren").count(checked).build(),
                    texts.figure(HealthProgramme.ID, "findings").count(findings).build(), texts.figure(HealthProgramme.ID, "followUpsClosed").count(closed).build(),
                    texts.figure(HealthProgramme.ID, "followUpsOverdue").count(overdue).build());
        });
    }
}
