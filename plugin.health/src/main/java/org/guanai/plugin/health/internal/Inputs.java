package org.guanai.plugin.health.internal;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * What the programme's routes read from a request body ({@code Request.body}): the core binds them under the platform's
 * request contract (types, unknown fields, dates, list sizes); the programme's parts apply the rules ({@link CheckValidation}
 * for a check).
 */
public final class Inputs {
    private Inputs() {
    }

    /** @return an optional text as it is stored: stripped, {@code null} when absent or blank */
    static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** A campaign: {@code semester} as {@code 2026-2027-1} (school year, then 1 autumn or 2 spring) or {@code 2026-AUTUMN}. */
    public record CampaignInput(String semester, String title, LocalDate startsOn, LocalDate endsOn, Integer notifyWithinDays) {
    }

    /**
     * A check, new ({@code version} 0 or absent) or corrected (the version it corrects); {@code confirm} keeps values that
     * are implausible against the reference. Blood pressure is read as a number so that a fraction is refused, not cut.
     */
    public record CheckInput(LocalDate measuredOn, BigDecimal heightCm, BigDecimal weightKg, BigDecimal sbp, BigDecimal dbp, String note,
            List<Model.Measure> measures, Long version, boolean confirm) {
    }

    /** The 计生户 flags of a child's household, at {@code version} (0 for the first survey). */
    public record HouseholdInput(Boolean fpHousehold, Boolean oneChild, Boolean girlsOnly, Boolean twoDaughtersSterilised, Boolean hardship,
            String hardshipReason, Long version) {
    }

    /** One of the 四个一 delivered to a child's family. */
    public record FamilyServiceInput(String kind, LocalDate deliveredOn, String note) {
    }

    /** Someone told of a finding. */
    public record NotificationInput(String recipient, String recipientName, LocalDate notifiedOn, String channel, String note) {
    }

    /** A referral, at the follow-up's version. */
    public record ReferralInput(String referredTo, LocalDate referredOn, Long version) {
    }

    /** Closing a follow-up, at its version; {@code closedOn} defaults to today. */
    public record CloseInput(String outcome, String outcomeNote, LocalDate closedOn, Long version) {
    }

    /** A puberty class and who attended ({@code present} defaults to true). */
    public record PubertyClassInput(String semester, LocalDate heldOn, String topic, String lecturer, List<Attendee> attendance) {
    }

    /** One child at a puberty class. */
    public record Attendee(Long childId, Boolean present) {
    }
}
