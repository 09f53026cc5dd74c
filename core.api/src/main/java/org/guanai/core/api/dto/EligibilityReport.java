package org.guanai.core.api.dto;

import java.util.List;

/**
 * Whether a child counts as 留守儿童 under the configured rule (domain §1: definitions differ between sources),
 * with every criterion and whether it is met.
 *
 * @param childId  the child
 * @param eligible all criteria met
 * @param rule     short description of the rule in force, e.g. {@code age<16; both-away-or-one-without-capacity; months>=0}
 * @param criteria the criteria checked
 */
public record EligibilityReport(long childId, boolean eligible, String rule, List<Criterion> criteria) {

    /** Copies the criteria. */
    public EligibilityReport {
        criteria = List.copyOf(criteria);
    }

    /**
     * One criterion of the rule.
     *
     * @param code     stable code, e.g. {@code AGE}, {@code PARENTS_AWAY}, {@code MONTHS_AWAY}
     * @param met      whether the child meets it
     * @param detailZh 中文说明
     * @param detailEn English explanation
     */
    public record Criterion(String code, boolean met, String detailZh, String detailEn) {
    }
}
