package org.guanai.plugin.health.internal;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/** The programme's records. */
final class Model {
    private Model() {
    }

    /**
     * 计生户标记: the family-planning flags of a child's household, kept by this programme.
     *
     * @param fpHousehold            计划生育家庭 (on the 计划生育流出人口管理台帐)
     * @param oneChild               独生子女户
     * @param girlsOnly              女孩户 (纯女户)
     * @param twoDaughtersSterilised 双女绝育户
     * @param hardship               计生特困家庭, as recorded by the office
     * @param hardshipReason         why (病残, 重病, 死亡 …)
     */
    record Household(long childId, long schoolId, long version, boolean fpHousehold, boolean oneChild, boolean girlsOnly,
            boolean twoDaughtersSterilised, boolean hardship, String hardshipReason, String updatedBy, OffsetDateTime updatedAt) {
    }

    /** 体检批次: a per-semester check campaign of one school. */
    record Campaign(Long id, long schoolId, String semester, String title, LocalDate startsOn, LocalDate endsOn, int notifyWithinDays,
            String createdBy, OffsetDateTime createdAt) {
    }

    /** A further measure of a check (视力, 龋齿, 血红蛋白 …). */
    record Measure(String code, BigDecimal value, String text, String unit) {
    }

    /** 体检记录: one check of a child, with its screening. */
    record Check(Long id, long campaignId, long childId, long schoolId, Long classId, String gender, LocalDate birthDate,
            LocalDate measuredOn, BigDecimal ageMonths, BigDecimal heightCm, BigDecimal weightKg, Integer sbp, Integer dbp, BigDecimal bmi,
            boolean flagged, String note, long version, String recordedBy, OffsetDateTime recordedAt, List<Measure> measures,
            List<Screening.Result> screening) {
        /** @return this check with these measures and screening results */
        Check withDetails(List<Measure> measures, List<Screening.Result> screening) {
            return new Check(id, campaignId, childId, schoolId, classId, gender, birthDate, measuredOn, ageMonths, heightCm, weightKg, sbp,
                    dbp, bmi, flagged, note, version, recordedBy, recordedAt, measures, screening);
        }
    }

    /** 通知记录: who was told about a finding, when and how. */
    record Notification(Long id, long followupId, String recipient, String recipientName, LocalDate notifiedOn, String channel,
            String note, String recordedBy, OffsetDateTime recordedAt) {
    }

    /** 随访: a finding followed up. */
    record FollowUp(Long id, long childId, long schoolId, Long checkId, Long campaignId, String finding, String detail,
            LocalDate openedOn, LocalDate dueOn, List<String> requiredRecipients, LocalDate notifiedOn, String referredTo,
            LocalDate referredOn, String outcome, String outcomeNote, LocalDate closedOn, long version, String openedBy,
            List<Notification> notifications, String status, boolean overdue) {
    }

    /** 四个一: one of the four services delivered to a child's family. */
    record FamilyService(Long id, long childId, long schoolId, String kind, LocalDate deliveredOn, String note, String recordedBy) {
    }

    /** One child's attendance of a puberty class. */
    record Attendance(long childId, boolean present) {
    }

    /** 青春期健康教育课: a puberty-health class of a school. */
    record PubertyClass(Long id, long schoolId, String semester, LocalDate heldOn, String topic, String lecturer,
            List<Attendance> attendance) {
    }
}
