package org.guanai.core.registry.internal.safety;

/** Where a mandatory report stands. */
public enum ReportStatus {
    /** 待报告: opened by its trigger, the police not told yet. */
    PENDING,
    /** 已报案: reported to the police (when, to which station, by whom, receipt number). */
    REPORTED,
    /** 经核实无需报告: checked, no report needed (a note says why). */
    NOT_REQUIRED
}
