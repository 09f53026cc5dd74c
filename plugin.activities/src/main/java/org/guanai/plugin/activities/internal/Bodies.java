package org.guanai.plugin.activities.internal;

import java.time.LocalDate;
import java.util.List;

import org.guanai.plugin.activities.internal.Checklists.ActivityType;
import org.guanai.plugin.activities.internal.Checklists.Cadence;
import org.guanai.plugin.activities.internal.Checklists.Occasion;
import org.guanai.plugin.activities.internal.Checklists.RecordKind;
import org.guanai.plugin.activities.internal.Checklists.ResourceKind;
import org.guanai.plugin.activities.internal.Checklists.Scheme;
import org.guanai.plugin.activities.internal.Checklists.Variant;

/**
 * The JSON bodies the routes read ({@link org.guanai.sdk.http.Request#body}: types, unknown fields, date ranges and list
 * sizes are the platform's to refuse); what the programme itself requires of them is checked with {@link Check}.
 */
final class Bodies {
    private Bodies() {
    }

    record VariantIn(Variant variant, Boolean replace) {
    }

    record ItemIn(String nameZh, String nameEn, Cadence cadence, Integer times, String evidence, Boolean active) {
    }

    record SemesterIn(LocalDate start, LocalDate end) {
    }

    record SettingsIn(Integer reminderWeeks) {
    }

    record ActivityIn(LocalDate heldOn, ActivityType type, String title, String organiser, Boolean atHome, String note,
            List<Long> participants) {
    }

    record RecordIn(RecordKind kind, LocalDate occurredOn, LocalDate untilOn, Scheme scheme, String counterpart, Occasion occasion,
            Integer minutes, String note) {
    }

    record EndPairIn(LocalDate untilOn) {
    }

    record HomeIn(String name, LocalDate openedOn, String manager, String note) {
    }

    record ResourceIn(ResourceKind kind, String name, Integer quantity, String note) {
    }
}
