package org.guanai.plugin.activities.internal;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * 结对记录 (consumer side): the 一帮一 and 爱心妈妈 pairs and their talks, as the pairing programme (结对帮扶) would publish
 * them. When a service of this type is present, the 九个一 items {@code pair:ONE_HELPS_ONE} and {@code pair:LOVING_MOTHER}
 * count its records and this programme stops recording pairs and talks of those schemes itself; when it is absent (the
 * pairing programme is not installed), this programme records them. Referenced optionally and dynamically: neither bundle
 * needs the other to start.
 * <p>
 * Proposed for {@code core.api} as {@code org.guanai.core.api.care.MentoringRecords} (see the README); until then it
 * lives here, with JDK types only, so that a provider can be registered under this name.
 */
public interface MentoringRecords {
    /** 一帮一. */
    String ONE_HELPS_ONE = "ONE_HELPS_ONE";
    /** 爱心妈妈. */
    String LOVING_MOTHER = "LOVING_MOTHER";

    /**
     * The children of a school who have a pair of the scheme active on at least one day of {@code [from, to]} (both
     * inclusive), each with the days in that range on which a talk or contact of the pair was recorded (empty when
     * none). A child without such a pair is absent from the map. Answered for the platform (no caller limits).
     *
     * @param schoolId the school
     * @param scheme   {@link #ONE_HELPS_ONE} or {@link #LOVING_MOTHER}
     * @param from     first day
     * @param to       last day
     * @return per child id, the talk days in the range
     */
    Map<Long, List<LocalDate>> mentoring(long schoolId, String scheme, LocalDate from, LocalDate to);
}
