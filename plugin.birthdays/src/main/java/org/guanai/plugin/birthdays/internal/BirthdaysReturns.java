package org.guanai.plugin.birthdays.internal;

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
 * This programme's rows of a school's return (报表, issue 20): the birthdays in the period celebrated (a card, a
 * reflection or a wish recorded, 让每位留守学生过一个快乐的生日, domain §6.1), and the children whose birthday it was
 * celebrated for.
 */
@Component(service = ReturnContributor.class, property = Programme.ID_PROPERTY + "=" + BirthdaysProgramme.ID)
public final class BirthdaysReturns implements ReturnContributor {
    private final BirthdayStore store;
    private final Texts texts;

    @Activate
    public BirthdaysReturns(@Reference BirthdayStore store, @Reference Texts texts) {
        this.store = store;
        this.texts = texts;
    }

    @Override
    public List<ReturnFigure> figures(long schoolId, ReturnPeriod period) {
        long celebrated = store.celebrations(schoolId, period.first(), period.last()).stream().filter(Celebration::celebrated).count();
        long children = store.celebratedChildren(schoolId, period.first(), period.last()).size();
        return List.of(texts.figure(BirthdaysProgramme.ID, "celebrated").count(celebrated).build(), texts.figure(BirthdaysProgramme.ID, "celebratedChildren").count(children).build());
    }
}
