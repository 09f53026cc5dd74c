package org.guanai.examples.calls.internal;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.guanai.core.api.ValidationException;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.FieldError;
import org.guanai.core.api.dto.ParentRole;
import org.guanai.sdk.http.ProgrammeApi;
import org.guanai.sdk.http.Reply;
import org.guanai.sdk.http.Request;
import org.guanai.sdk.http.Routes;
import org.guanai.sdk.i18n.Texts;
import org.guanai.sdk.time.CareCalendar;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The programme's routes under {@code /api/programmes/calls/}, declared once: the core signs the caller in, checks
 * {@code calls.read}/{@code calls.write} and the school, binds the body under its request contract and answers errors.
 */
@Component(service = ProgrammeApi.class)
public final class CallsApi implements ProgrammeApi {
    /** A call as a client records it. */
    public record CallInput(ParentRole parentRole, OffsetDateTime calledAt, Integer minutes, String note) {
    }

    /** A child's calls. */
    public record Calls(List<Call> items) {
    }

    /** A school's calls per month of a year. */
    public record Monthly(long schoolId, int year, Map<String, CallStore.Month> months) {
    }

    private final CallStore store;
    private final CareCalendar calendar;

    @Activate
    public CallsApi(@Reference CallStore store, @Reference CareCalendar calendar) {
        this.store = store;
        this.calendar = calendar;
    }

    @Override
    public void routes(Routes r) {
        r.get("children/{child}/calls", rq -> new Calls(store.forChild(rq.child("child").id())))
                .summary("一名儿童的通话记录，最近的在前", "A child's calls, the latest first").returns(Calls.class);
        r.post("children/{child}/calls", this::record).summary("登记一次通话", "Record a call").body(CallInput.class).returns(Call.class);
        r.get("monthly", rq -> {
            int year = rq.intQuery("year", calendar.today().getYear(), 1900, 2100);
            return new Monthly(rq.school(), year, store.monthly(rq.school(), year));
        }).summary("学校每月的通话次数和分钟数", "A school's calls and minutes per month").returns(Monthly.class)
                .query("year", Integer.class, "年份，默认今年", "The year, this year by default");
    }

    private Reply record(Request rq) {
        Child child = rq.child("child");
        CallInput in = rq.body(CallInput.class);
        Texts t = rq.texts();
        List<FieldError> errors = new ArrayList<>();
        if (in.parentRole() == null) {
            errors.add(t.field("parentRole", "error.parentRole"));
        }
        if (in.calledAt() == null) {
            errors.add(t.field("calledAt", "error.calledAt"));
        } else if (in.calledAt().toInstant().isAfter(calendar.now().plus(Duration.ofMinutes(5)))) {
            errors.add(t.field("calledAt", "error.future"));
        }
        if (in.minutes() == null || in.minutes() < 0 || in.minutes() > 600) {
            errors.add(t.field("minutes", "error.minutes"));
        }
        String note = in.note() == null || in.note().isBlank() ? null : in.note().strip();
        if (note != null && note.length() > 500) {
            errors.add(t.field("note", "error.note"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        Call saved = store.record(new Call(null, child.id(), rq.school(), in.parentRole(), in.calledAt().toInstant(), in.minutes(), note, rq.user()));
        return Reply.created(rq.link("children/" + child.id() + "/calls/" + saved.id()), saved);
    }
}
