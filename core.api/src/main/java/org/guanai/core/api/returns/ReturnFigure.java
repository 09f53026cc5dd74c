package org.guanai.core.api.returns;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One row of a return: a count or a rate with its name and definition, 中文 and English, without codes or ids in what a
 * person reads. Programmes create figures with {@link #builder}, not the canonical constructor.
 *
 * @param programme    the id of the programme it comes from, {@code core} for the core's own
 * @param key          a stable code of the figure within the programme, e.g. {@code pairedRate}
 * @param labelZh      名称, e.g. 结对帮扶率
 * @param labelEn      name, e.g. Pairing rate
 * @param value        a count ({@link Long}) or a rate ({@link BigDecimal}, a share between 0 and 1); {@code null} when
 *                     it cannot be computed (a rate of nothing)
 * @param unit         {@code count} or {@code rate}
 * @param definitionZh 口径: how it is counted
 * @param definitionEn definition: how it is counted
 */
public record ReturnFigure(String programme, String key, String labelZh, String labelEn, Number value, String unit,
        String definitionZh, String definitionEn) {
    /** A count of children, records or events. */
    public static final String COUNT = "count";
    /** A share between 0 and 1, shown as a percentage. */
    public static final String RATE = "rate";

    /** Checks that the programme, key, labels and unit are there. */
    public ReturnFigure {
        Objects.requireNonNull(programme, "programme");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(labelZh, "labelZh");
        Objects.requireNonNull(labelEn, "labelEn");
        Objects.requireNonNull(unit, "unit");
    }

    /**
     * @param programme the programme's id
     * @param key       the figure's stable code
     * @return a builder with the other components unset
     */
    public static Builder builder(String programme, String key) {
        return new Builder(programme, key);
    }

    /** @return a builder starting from this figure's values */
    public Builder toBuilder() {
        Builder b = new Builder(programme, key).label(labelZh, labelEn).definition(definitionZh, definitionEn);
        b.value = value;
        b.unit = unit;
        return b;
    }

    /** Builds a {@link ReturnFigure}; a component added later gets a setter here. */
    public static final class Builder {
        private final String programme;
        private final String key;
        private String labelZh;
        private String labelEn;
        private Number value;
        private String unit = COUNT;
        private String definitionZh;
        private String definitionEn;

        private Builder(String programme, String key) {
            this.programme = programme;
            this.key = key;
        }

        /** @return this builder with the name in 中文 and English */
        public Builder label(String zh, String en) {
            labelZh = zh;
            labelEn = en;
            return this;
        }

        /** @return this builder with how it is counted, in 中文 and English */
        public Builder definition(String zh, String en) {
            definitionZh = zh;
            definitionEn = en;
            return this;
        }

        /** @return this builder with a count (unit {@code count}) */
        public Builder count(long n) {
            value = n;
            unit = COUNT;
            return this;
        }

        /**
         * @param part  how many
         * @param whole out of how many
         * @return this builder with the rate part/whole rounded to four places (unit {@code rate}); no value when whole
         *         is 0
         */
        public Builder rate(long part, long whole) {
            value = whole == 0 ? null
                    : BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, java.math.RoundingMode.HALF_UP);
            unit = RATE;
            return this;
        }

        /** @return the figure */
        public ReturnFigure build() {
            return new ReturnFigure(programme, key, labelZh, labelEn, value, unit, definitionZh, definitionEn);
        }
    }
}
