package org.guanai.plugin.health.internal;

import java.time.LocalDate;
import java.util.Map;
import java.util.Set;

import org.guanai.core.api.AuditTrail;
import org.guanai.plugin.health.internal.Model.FollowUp;
import org.guanai.plugin.health.internal.Model.Notification;
import org.guanai.sdk.i18n.FieldErrors;
import org.guanai.sdk.i18n.Texts;
import org.guanai.sdk.time.CareCalendar;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The steps of a follow-up: someone told (the follow-up counts as notified once every required person was), a referral,
 * closing with an outcome; referral and closing at the version the follow-up was read at. Each step's day lies between
 * the day the follow-up opened and today. Audited; notifying and closing are posted as events.
 */
@Component(service = FollowUpSteps.class)
public final class FollowUpSteps {
    static final Set<String> RECIPIENTS = Set.of("GUARDIAN", "FATHER", "MOTHER");
    static final Set<String> CHANNELS = Set.of("PHONE", "VISIT", "MESSAGE", "LETTER", "MEETING");
    static final Set<String> OUTCOMES = Set.of("RESOLVED", "UNDER_TREATMENT", "REFERRED_ON", "NO_ACTION", "MOVED_AWAY");

    private final HealthStore store;
    private final HealthWrites writes;
    private final HealthEvents events;
    private final Lookups lookups;
    private final AuditTrail audit;
    private final Texts texts;
    private final CareCalendar calendar;

    @Activate
    public FollowUpSteps(@Reference HealthStore store, @Reference HealthWrites writes, @Reference HealthEvents events,
            @Reference Lookups lookups, @Reference AuditTrail audit, @Reference Texts texts, @Reference CareCalendar calendar) {
        this.store = store;
        this.writes = writes;
        this.events = events;
        this.lookups = lookups;
        this.audit = audit;
        this.texts = texts;
        this.calendar = calendar;
    }

    FollowUp notify(long school, long id, Inputs.NotificationInput in) {
        FollowUp f = lookups.followUp(id, school);
        String recipient = in.recipient();
        String name = in.recipientName();
        LocalDate on = in.notifiedOn();
        String channel = in.channel();
        String note = in.note();
        FieldErrors e = texts.errors();
        if (recipient == null || !RECIPIENTS.contains(recipient)) {
            e.add("recipient", "recipient");
        }
        if (channel == null || !CHANNELS.contains(channel)) {
            e.add("channel", "channel");
        }
        if (on == null) {
            e.add("notifiedOn", "date");
        } else {
            checkStepDay(e, "notifiedOn", on, f);
        }
        if (name != null && name.length() > 50) {
            e.add("recipientName", "tooLong", 50);
        }
        if (note != null && note.length() > 300) {
            e.add("note", "tooLong", 300);
        }
        if (f.closedOn() != null) {
            e.add("followUp", "closed");
        }
        e.throwIfAny();
        FollowUp after = writes.write(sql -> {
            store.addNotification(sql, new Notification(null, id, recipient, Inputs.blank(name), on, channel, Inputs.blank(note),
                    writes.user(), null));
            store.updateNotified(sql, id);
            return store.followUp(sql, id, calendar.today()).orElseThrow();
        });
        audit.record("UPDATE", "health.followup", String.valueOf(id), f.childId(), school, "notified " + recipient + " by " + channel);
        events.post(HealthEvents.FOLLOWUP_NOTIFIED, Map.of("id", id, "childId", f.childId(), "schoolId", school, "recipient", recipient,
                "actor", writes.user()));
        return after;
    }

    FollowUp refer(long school, long id, Inputs.ReferralInput in) {
        FollowUp f = lookups.followUp(id, school);
        String to = in.referredTo();
        LocalDate on = in.referredOn();
        Long version = in.version();
        FieldErrors e = texts.errors();
        if (to == null || to.isBlank() || to.length() > 100) {
            e.add("referredTo", "required");
        }
        if (on == null) {
            e.add("referredOn", "date");
        } else {
            checkStepDay(e, "referredOn", on, f);
        }
        checkOpenAt(e, f, version);
        e.throwIfAny();
        if (!writes.write(sql -> store.refer(sql, id, version, to.strip(), on))) {
            throw writes.stale();
        }
        audit.record("UPDATE", "health.followup", String.valueOf(id), f.childId(), school, "referred");
        return store.read(sql -> store.followUp(sql, id, calendar.today())).orElseThrow();
    }

    FollowUp close(long school, long id, Inputs.CloseInput in) {
        FollowUp f = lookups.followUp(id, school);
        String outcome = in.outcome();
        String note = in.outcomeNote();
        Long version = in.version();
        FieldErrors e = texts.errors();
        if (outcome == null || !OUTCOMES.contains(outcome)) {
            e.add("outcome", "outcome");
        }
        if (note != null && note.length() > 500) {
            e.add("outcomeNote", "tooLong", 500);
        }
        LocalDate day = in.closedOn() == null ? calendar.today() : in.closedOn();
        checkStepDay(e, "closedOn", day, f);
        checkOpenAt(e, f, version);
        e.throwIfAny();
        if (!writes.write(sql -> store.close(sql, id, version, outcome, Inputs.blank(note), day))) {
            throw writes.stale();
        }
        audit.record("UPDATE", "health.followup", String.valueOf(id), f.childId(), school, "closed " + outcome);
        events.post(HealthEvents.FOLLOWUP_CLOSED, Map.of("id", id, "childId", f.childId(), "schoolId", school, "outcome", outcome,
                "actor", writes.user()));
        return store.read(sql -> store.followUp(sql, id, calendar.today())).orElseThrow();
    }

    /** Refuses the day of a step of a follow-up (told, referred, closed) that is after today or before it was opened. */
    private void checkStepDay(FieldErrors e, String field, LocalDate day, FollowUp f) {
        if (day.isAfter(calendar.today())) {
            e.add(field, "future");
        } else if (day.isBefore(f.openedOn())) {
            e.add(field, "beforeOpened", f.openedOn());
        }
    }

    /** Refuses a change of a follow-up sent without the version it was read at, or of one already closed. */
    private static void checkOpenAt(FieldErrors e, FollowUp f, Long version) {
        if (version == null) {
            e.add("version", "required");
        }
        if (f.closedOn() != null) {
            e.add("followUp", "closed");
        }
    }
}
