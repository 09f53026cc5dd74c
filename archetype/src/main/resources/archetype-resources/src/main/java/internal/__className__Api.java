package ${package}.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.guanai.core.api.ValidationException;
import org.guanai.core.api.dto.Child;
import org.guanai.core.api.dto.FieldError;
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
 * The programme's routes under {@code /api/programmes/${programmeId}/}, declared once: the core signs the caller in,
 * checks {@code ${programmeId}.read}/{@code ${programmeId}.write} and the school, binds the body under its request
 * contract and answers errors; they are listed in {@code /api/openapi.json} while the programme runs.
 */
@Component(service = ProgrammeApi.class)
public final class ${className}Api implements ProgrammeApi {
    /** A note as a client writes it. */
    public record NoteInput(LocalDate day, String text) {
    }

    /** A child's notes. */
    public record Notes(List<Note> items) {
    }

    private final NoteStore store;
    private final CareCalendar calendar;

    @Activate
    public ${className}Api(@Reference NoteStore store, @Reference CareCalendar calendar) {
        this.store = store;
        this.calendar = calendar;
    }

    @Override
    public void routes(Routes r) {
        r.get("children/{child}/notes", rq -> new Notes(store.forChild(rq.child("child").id())))
                .summary("一名儿童的记录，最近的在前", "A child's notes, the latest first").returns(Notes.class);
        r.post("children/{child}/notes", this::add).summary("填写一条记录", "Write a note").body(NoteInput.class).returns(Note.class);
    }

    private Reply add(Request rq) {
        Child child = rq.child("child");
        NoteInput in = rq.body(NoteInput.class);
        Texts t = rq.texts();
        List<FieldError> errors = new ArrayList<>();
        if (in.day() == null || in.day().isAfter(calendar.today())) {
            errors.add(t.field("day", "error.day"));
        }
        String text = in.text() == null ? "" : in.text().strip();
        if (text.isEmpty() || text.length() > 500) {
            errors.add(t.field("text", "error.text"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        Note saved = store.add(new Note(null, child.id(), rq.school(), in.day(), text, rq.user()));
        return Reply.created(rq.link("children/" + child.id() + "/notes/" + saved.id()), saved);
    }
}
