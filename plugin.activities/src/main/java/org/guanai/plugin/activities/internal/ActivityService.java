package org.guanai.plugin.activities.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.guanai.core.api.AuditTrail;
import org.guanai.core.api.dto.Child;
import org.guanai.plugin.activities.internal.Bodies.ActivityIn;
import org.guanai.plugin.activities.internal.Bodies.RecordIn;
import org.guanai.plugin.activities.internal.Checklists.RecordKind;
import org.guanai.plugin.activities.internal.Model.Activity;
import org.guanai.plugin.activities.internal.Model.ChildRecord;
import org.guanai.plugin.activities.internal.Model.EvidenceFile;
import org.guanai.sdk.http.ApiException;
import org.guanai.sdk.i18n.Texts;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * What a school records: activities with their participants and photos, per-child records. Checks what the programme
 * requires of them (refused in 中文 and English, naming the fields, before anything is stored), stores them, audits the
 * change and posts its event.
 */
@Component(service = ActivityService.class)
public final class ActivityService {
    private final RecordStore records;
    private final ActivityStore store;
    private final EvidenceStore photos;
    private final CoverageService coverage;
    private final EvidenceFiles files;
    private final AuditTrail audit;
    private final Texts texts;

    @Activate
    public ActivityService(@Reference RecordStore records, @Reference ActivityStore store, @Reference EvidenceStore photos,
            @Reference CoverageService coverage, @Reference EvidenceFiles files, @Reference AuditTrail audit, @Reference Texts texts) {
        this.records = records;
        this.store = store;
        this.photos = photos;
        this.coverage = coverage;
        this.files = files;
        this.audit = audit;
        this.texts = texts;
    }

    // ---- activities and their photos

    /**
     * @param visible the school's children the caller may see (id → name): the only ones they may name as participants
     */
    Activity createActivity(long school, String user, ActivityIn in, Map<Long, String> visible) {
        Activity saved = store.createActivity(activity(school, user, in, null, visible));
        audit.record("CREATE", "activities.activity", String.valueOf(saved.id()), null, school, saved.type());
        coverage.post("ACTIVITY_CREATED", Map.of("schoolId", school, "activityId", saved.id(), "type", saved.type(), "heldOn",
                saved.heldOn().toString(), "participants", saved.participants().size()));
        return saved;
    }

    /** Changes an activity; the participants the caller cannot see stay (they were entered by someone who could). */
    Activity updateActivity(Activity existing, ActivityIn in, Map<Long, String> visible) {
        Activity saved = store.updateActivity(activity(existing.schoolId(), existing.createdBy(), in, existing, visible));
        audit.record("UPDATE", "activities.activity", String.valueOf(existing.id()), null, existing.schoolId(), null);
        return saved;
    }

    private Activity activity(long school, String user, ActivityIn in, Activity existing, Map<Long, String> visible) {
        Check c = new Check(texts);
        LocalDate heldOn = c.date("heldOn", in.heldOn(), true);
        if (heldOn != null && heldOn.isAfter(coverage.today().plusYears(1))) {
            c.error("heldOn", "range");
        }
        c.required("type", in.type(), true);
        String title = c.text("title", in.title(), true, 100);
        String organiser = c.text("organiser", in.organiser(), false, 100);
        String note = c.text("note", in.note(), false, 1000);
        List<Long> participants = in.participants() == null ? List.of() : in.participants();
        if (participants.stream().anyMatch(java.util.Objects::isNull)) {
            c.error("participants", "badValue");
        }
        c.done();
        if (!visible.keySet().containsAll(participants)) {
            throw texts.invalid("participants", "error.participants");
        }
        List<Long> all = new ArrayList<>(participants);
        if (existing != null) {
            existing.participants().stream().filter(k -> !visible.containsKey(k) && !all.contains(k)).forEach(all::add);
        }
        return new Activity(existing == null ? null : existing.id(), school, heldOn, in.type().name(), title, organiser,
                Boolean.TRUE.equals(in.atHome()), note, all, List.of(), user, null);
    }

    /** Deletes an activity with its photos (their bytes when no other row names them). */
    void deleteActivity(Activity a) throws IOException {
        for (EvidenceFile f : store.deleteActivity(a.id())) {
            removeUnused(f);
        }
        audit.record("DELETE", "activities.activity", String.valueOf(a.id()), null, a.schoolId(), null);
    }

    /**
     * Stores a photo or scan of an activity, of a type decided by its content.
     *
     * @throws ApiException {@code 415} for content of another type, naming {@code file}
     */
    EvidenceFile addEvidence(Activity a, byte[] content, String name, String user) throws IOException {
        EvidenceFiles.Stored stored;
        try {
            stored = files.store(new ByteArrayInputStream(content));
        } catch (EvidenceFiles.Refused r) {
            String key = "error." + r.key;
            throw new ApiException(r.status, r.status == 400 ? "validation" : r.status == 413 ? "payload_too_large" : "unsupported_media_type",
                    texts.zh(key), texts.en(key), List.of(texts.field("file", key)));
        }
        EvidenceFile f = photos.addEvidence(a.id(), a.schoolId(), EvidenceFiles.safeName(name), stored.mediaType(), stored.size(),
                stored.sha256(), user);
        audit.record("CREATE", "activities.evidence", String.valueOf(f.id()), null, a.schoolId(), stored.mediaType());
        return f;
    }

    void deleteEvidence(EvidenceFile f) throws IOException {
        photos.deleteEvidence(f.id());
        removeUnused(f);
        audit.record("DELETE", "activities.evidence", String.valueOf(f.id()), null, f.schoolId(), null);
    }

    private void removeUnused(EvidenceFile f) throws IOException {
        if (!photos.evidenceInUse(f.sha256())) {
            files.remove(f.sha256());
        }
    }

    // ---- per-child records

    /** Records a call, letter, talk, pair … of a child; the fields that do not fit its kind are refused. */
    ChildRecord createRecord(long school, Child child, RecordIn in, String user) {
        Check c = new Check(texts);
        RecordKind kind = c.required("kind", in.kind(), true);
        LocalDate on = c.date("occurredOn", in.occurredOn(), true);
        if (on != null && on.isAfter(coverage.today())) {
            c.error("occurredOn", "future");
        }
        LocalDate until = c.date("untilOn", in.untilOn(), false);
        c.required("scheme", in.scheme(), kind == RecordKind.PAIR);
        String counterpart = c.text("counterpart", in.counterpart(), kind == RecordKind.PAIR || kind == RecordKind.LETTER, 100);
        c.required("occasion", in.occasion(), kind == RecordKind.LETTER);
        c.range("minutes", in.minutes(), false, 0, 600);
        String note = c.text("note", in.note(), false, 500);
        if (kind != RecordKind.PAIR && until != null) {
            c.error("untilOn", "notPair");
        }
        if (kind != RecordKind.PAIR && kind != RecordKind.TALK && in.scheme() != null) {
            c.error("scheme", "badValue");
        }
        if (kind != RecordKind.LETTER && in.occasion() != null) {
            c.error("occasion", "badValue");
        }
        if (kind != RecordKind.CALL && kind != RecordKind.VIDEO_CALL && in.minutes() != null) {
            c.error("minutes", "badValue");
        }
        if (on != null && until != null && until.isBefore(on)) {
            c.error("untilOn", "untilBeforeStart");
        }
        c.done();
        if (in.scheme() != null && coverage.pairingInstalled()) {
            // the pairing programme keeps 一帮一 and 爱心妈妈: one place for each fact
            throw texts.refuse(409, "pairingProgramme", "error.pairingProgramme");
        }
        ChildRecord saved = records.createRecord(new ChildRecord(null, school, child.id(), kind.name(), on, until,
                in.scheme() == null ? null : in.scheme().name(), counterpart, in.occasion() == null ? null : in.occasion().name(), in.minutes(),
                note, user, null));
        audit.record("CREATE", "activities.record", String.valueOf(saved.id()), child.id(), school, saved.kind());
        coverage.post("RECORD_CREATED", Map.of("schoolId", school, "childId", child.id(), "recordId", saved.id(), "kind", saved.kind(),
                "occurredOn", saved.occurredOn().toString()));
        return saved;
    }

    /** Ends a pair recorded here on {@code untilOn}. */
    ChildRecord endPair(ChildRecord r, LocalDate untilOn) {
        Check c = new Check(texts);
        LocalDate until = c.date("untilOn", untilOn, true);
        c.done();
        if (!r.kind().equals(RecordKind.PAIR.name())) {
            throw texts.invalid("untilOn", "error.notPair");
        }
        if (until.isBefore(r.occurredOn())) {
            throw texts.invalid("untilOn", "error.untilBeforeStart");
        }
        records.endPair(r.id(), until);
        audit.record("UPDATE", "activities.record", String.valueOf(r.id()), r.childId(), r.schoolId(), "until " + until);
        return records.record(r.id()).orElseThrow();
    }

    void deleteRecord(ChildRecord r) {
        records.deleteRecord(r.id());
        audit.record("DELETE", "activities.record", String.valueOf(r.id()), r.childId(), r.schoolId(), r.kind());
    }
}
