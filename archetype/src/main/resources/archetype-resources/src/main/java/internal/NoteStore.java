package ${package}.internal;

import java.time.LocalDate;
import java.util.List;

import org.guanai.sdk.data.Database;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The programme's table {@code ${programmeId}_note} on the platform's database. Its migrations
 * ({@code db/${programmeId}/V*.sql} in this bundle) run before the store is used; an updated bundle brings new scripts
 * and they run forward.
 */
@Component(service = NoteStore.class)
public final class NoteStore {
    private final Database db;

    @Activate
    public NoteStore(@Reference Database db) {
        db.migrate();
        this.db = db;
    }

    /** @return the note, stored, with its id */
    Note add(Note n) {
        long id = db.tx(sql -> sql.insert("INSERT INTO ${programmeId}_note (child_id, school_id, note_day, note_text, recorded_by) VALUES (?, ?, ?, ?, ?)",
                n.childId(), n.schoolId(), n.day(), n.text(), n.recordedBy()));
        return new Note(id, n.childId(), n.schoolId(), n.day(), n.text(), n.recordedBy());
    }

    /** @return a child's notes, the latest first */
    List<Note> forChild(long childId) {
        return db.read(sql -> sql.list("SELECT * FROM ${programmeId}_note WHERE child_id = ? ORDER BY note_day DESC, id DESC", Note::of, childId));
    }

    /** @return how many notes a school has from this day on */
    long countSince(long schoolId, LocalDate from) {
        return db.read(sql -> sql.count("SELECT COUNT(*) FROM ${programmeId}_note WHERE school_id = ? AND note_day >= ?", schoolId, from));
    }
}
