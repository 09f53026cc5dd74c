package org.guanai.plugin.pairing.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.guanai.core.api.programme.Programme;
import org.guanai.core.api.returns.ReturnContributor;
import org.guanai.core.api.returns.ReturnFigure;
import org.guanai.core.api.returns.ReturnPeriod;
import org.guanai.plugin.pairing.internal.rules.RecordKind;
import org.guanai.sdk.i18n.Texts;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * This programme's rows of a school's return (报表, issue 20): the children with a pair in force and the 结对帮扶率, and
 * per duty (谈心, 家访, 电话联系家长) the obligation periods due in the return's period and those met, with the rate, as
 * the 职责履行率 report counts them ({@link PairingReports}).
 */
@Component(service = ReturnContributor.class, property = Programme.ID_PROPERTY + "=" + PairingProgramme.ID)
public final class PairingReturns implements ReturnContributor {
    private final PairingReports reports;
    private final Texts texts;

    @Activate
    public PairingReturns(@Reference PairingReports reports, @Reference Texts texts) {
        this.reports = reports;
        this.texts = texts;
    }

    @Override
    public List<ReturnFigure> figures(long schoolId, ReturnPeriod period) {
        List<ReturnFigure> out = new ArrayList<>();
        long[] paired = reports.pairedTotal(schoolId);
        out.add(texts.figure(PairingProgramme.ID, "paired").count(paired[1]).build());
        out.add(texts.figure(PairingProgramme.ID, "pairedRate").rate(paired[1], paired[0]).build());
        Map<RecordKind, long[]> duties = reports.dueAndMet(schoolId, period.first(), period.last().plusDays(1));
        for (RecordKind k : RecordKind.values()) {
            long[] n = duties.get(k);
            out.add(texts.figure(PairingProgramme.ID, "due." + k.name()).count(n[0]).build());
            out.add(texts.figure(PairingProgramme.ID, "met." + k.name()).count(n[1]).build());
            out.add(texts.figure(PairingProgramme.ID, "rate." + k.name()).rate(n[1], n[0]).build());
        }
        return out;
    }
}
