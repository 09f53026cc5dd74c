package org.guanai.plugin.pairing.internal;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.guanai.core.api.dto.Child;
import org.guanai.plugin.pairing.internal.Model.Assessment;
import org.guanai.plugin.pairing.internal.Model.Mentor;
import org.guanai.plugin.pairing.internal.Model.MentorRecord;
import org.guanai.plugin.pairing.internal.Model.Pair;
import org.guanai.plugin.pairing.internal.Model.Status;
import org.guanai.plugin.pairing.internal.rules.AssessmentRules;
import org.guanai.plugin.pairing.internal.rules.Dimension;
import org.guanai.plugin.pairing.internal.rules.MentorKind;
import org.guanai.plugin.pairing.internal.rules.RecordKind;
import org.guanai.plugin.pairing.internal.rules.Topic;
import org.guanai.sdk.i18n.Texts;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** What mentors and teachers record: talks (谈心记录卡), home visits and calls, and 心级 assessments; each posted as an event. */
@Component(service = Recording.class)
public final class Recording {
    private final PairingStore store;
    private final PairingSettings settings;
    private final Texts texts;
    private final PairingEvents events;

    @Activate
    public Recording(@Reference PairingStore store, @Reference PairingSettings settings, @Reference Texts texts,
            @Reference PairingEvents events) {
        this.store = store;
        this.settings = settings;
        this.texts = texts;
        this.events = events;
    }

    /**
     * Records a talk, home visit or call of a mentor with a child they were paired with (in force) on that day, or of the
     * head teacher of the child's class with a child who had no pair in force that day: the class teacher is the default
     * mentor of her class's unpaired children.
     */
    MentorRecord record(Child child, long mentorId, RecordKind kind, LocalDate on, List<Topic> topics, String notes, String followUp,
            String by) {
        if (kind == RecordKind.TALK && topics.isEmpty()) {
            throw texts.invalid("topics", "required");
        }
        Mentor mentor = store.mentor(mentorId).orElseThrow(() -> texts.invalid("mentorId", "noPair"));
        if (!mayRecord(store.pairsOfChild(child.id()), mentor, child, on)) {
            throw texts.invalid("mentorId", "noPair");
        }
        MentorRecord saved = store.insertRecord(new MentorRecord(null, child.schoolId(), mentorId, child.id(), kind, on, topics, notes,
                followUp, by));
        events.post("record/CREATED", "id", saved.id(), "childId", child.id(), "schoolId", child.schoolId(), "actor", by, "kind", kind.name());
        return saved;
    }

    /**
     * @return whether the mentor may record a contact with the child on that day: they were paired (in force), or the
     *         mentor is the active head teacher of the child's class (a staff mentor of that class) and the child had no
     *         pair in force that day
     */
    static boolean mayRecord(List<Pair> pairsOfChild, Mentor mentor, Child child, LocalDate on) {
        List<Pair> inForce = pairsOfChild.stream().filter(p -> p.status() != Status.PENDING && !on.isBefore(p.startsOn())
                && (p.endsOn() == null || !on.isAfter(p.endsOn()))).toList();
        if (inForce.stream().anyMatch(p -> p.mentorId() == mentor.id())) {
            return true;
        }
        return inForce.isEmpty() && mentor.active() && mentor.kind() == MentorKind.TEACHER && mentor.schoolId() == child.schoolId()
                && child.classId() != null && child.classId().equals(mentor.classId());
    }

    /** Assesses the child's 心级 from the scores (0–3 by dimension) under the configured rules. */
    Assessment assess(Child child, Map<Dimension, Integer> scores, LocalDate on, String note, String by) {
        AssessmentRules rules = settings.rules();
        AssessmentRules.Result r;
        try {
            r = rules.level(scores);
        } catch (IllegalArgumentException e) {
            throw texts.invalid("scores." + e.getMessage(), "score");
        }
        Assessment a = store.insertAssessment(new Assessment(null, child.schoolId(), child.id(), on, scores.get(Dimension.PSYCH),
                scores.get(Dimension.PHYSICAL), scores.get(Dimension.ACADEMIC), scores.get(Dimension.GUARDIANSHIP),
                rules.extraEnabled() ? scores.get(Dimension.EXTRA) : null, r.total(), r.level(), r.rule(), note, by));
        events.post("assessment/CREATED", "id", a.id(), "childId", child.id(), "schoolId", child.schoolId(), "actor", by, "level", r.level());
        return a;
    }
}
