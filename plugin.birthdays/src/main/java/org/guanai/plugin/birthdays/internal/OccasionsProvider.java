package org.guanai.plugin.birthdays.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.guanai.core.api.care.Occasions;
import org.guanai.core.api.programme.Programme;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Publishes the festivals and the elders' birthdays of a school's children as core.api's {@link Occasions}, for the
 * programmes that write family letters and make calls on those days (the 九个一's 亲情书信). Children's own birthdays
 * stay in this programme: they are its parties, not occasions for a letter home.
 */
@Component(service = Occasions.class, property = Programme.ID_PROPERTY + "=" + BirthdaysProgramme.ID)
public final class OccasionsProvider implements Occasions {
    private final OccasionService occasions;

    @Activate
    public OccasionsProvider(@Reference OccasionService occasions) {
        this.occasions = occasions;
    }

    @Override
    public List<Occasion> forSchool(long schoolId, LocalDate from, LocalDate to) {
        List<Occasion> out = new ArrayList<>();
        for (org.guanai.plugin.birthdays.internal.Occasion o : occasions.occasions(schoolId, from, to, true, false, true,
                OccasionService.Filter.ALL)) {
            boolean festival = org.guanai.plugin.birthdays.internal.Occasion.FESTIVAL.equals(o.kind());
            out.add(new Occasion(o.date(), festival ? FESTIVAL : ELDER_BIRTHDAY, o.code(), o.titleZh(), o.titleEn(),
                    festival ? null : o.childId(), o.calendar() == CalendarKind.LUNAR));
        }
        return out;
    }
}
