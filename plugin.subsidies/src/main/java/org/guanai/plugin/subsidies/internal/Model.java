package org.guanai.plugin.subsidies.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The programme's records, as stored and answered: codes in JSON (the page and the exports show them in words), amounts
 * as exact decimals in yuan ({@code BigDecimal} with two places, JSON numbers such as {@code 1300.00}).
 */
final class Model {
    private Model() {
    }

    /** Who pays a fund: 教育资助 through the school, 计生 aid, and 民政 allowances the child receives (recorded as facts). */
    enum FundKind {
        EDUCATION, FAMILY_PLANNING, CIVIL_AFFAIRS
    }

    /** 学段: the level a per-level amount is for (小学, 初中, 高中). */
    enum Level {
        PRIMARY, JUNIOR, SENIOR
    }

    /** Where an application stands: submitted, approved by the school, approved by the county, refused, paid. */
    enum Status {
        SUBMITTED, SCHOOL_APPROVED, APPROVED, REFUSED, PAID
    }

    /** A ledger entry: the payment of an application, a 民政 allowance received, or the reversal of an entry. */
    enum EntryKind {
        PAYMENT, FACT, REVERSAL
    }

    /** The amount of a fund for a level, from a school year on (2026 for 2026–2027). */
    record Rate(Level level, int fromYear, BigDecimal amount) {
    }

    /** A fund: {@code defaultAmount} for every level, or {@code rates} per level; per semester or one-off. */
    record Fund(String code, FundKind kind, String nameZh, String nameEn, BigDecimal defaultAmount, boolean perSemester, List<Rate> rates) {
    }

    /** An application for a child and semester; {@code childName} is filled for the caller from the registry. */
    record Application(long id, long schoolId, long childId, String childName, String fund, String semester, BigDecimal amount, String reason,
            Status status, String appliedBy, Instant appliedAt, String schoolBy, Instant schoolAt, String countyBy, Instant countyAt,
            String refusal) {
        Application named(String name) {
            return new Application(id, schoolId, childId, name, fund, semester, amount, reason, status, appliedBy, appliedAt, schoolBy, schoolAt,
                    countyBy, countyAt, refusal);
        }
    }

    /** A ledger entry; a reversal has the opposite amount and names the entry it reverses, which names it in {@code reversedBy}. */
    record Entry(long id, long schoolId, long childId, String fund, String semester, EntryKind kind, Long applicationId, Long reversesId,
            Long reversedBy, BigDecimal amount, LocalDate paidOn, String reference, String note, String recordedBy, Instant recordedAt) {
    }

    /** A fund's figures for a school and semester: children and entries that stand (not reversed), the net amount. */
    record Total(String fund, long children, long entries, BigDecimal amount) {
    }
}
