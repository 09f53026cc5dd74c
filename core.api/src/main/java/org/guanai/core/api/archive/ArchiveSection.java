package org.guanai.core.api.archive;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A programme's section on a child's archive page: a title and dated lines, each in 中文 and English, written in words
 * (no codes, no ids), newest first. Built with {@link #builder}.
 *
 * @param programme the programme's id (the core leaves out a section of another programme than the contributor's)
 * @param titleZh   the title in 中文, e.g. 监护人培训记录
 * @param titleEn   the title in English
 * @param lines     the lines, newest first, at most {@link #MAX_LINES}
 * @param more      how many further lines the programme has on the child beyond those given
 * @param link      the console route of the programme's own page for more, e.g. {@code #/programmes/guardians}, or
 *                  {@code null}
 */
public record ArchiveSection(String programme, String titleZh, String titleEn, List<Line> lines, int more, String link) {
    /** The most lines a section shows; the rest is counted in {@link #more}. */
    public static final int MAX_LINES = 50;

    public ArchiveSection {
        Objects.requireNonNull(programme, "programme");
        Objects.requireNonNull(titleZh, "titleZh");
        Objects.requireNonNull(titleEn, "titleEn");
        lines = List.copyOf(lines);
        if (lines.size() > MAX_LINES || more < 0) {
            throw new IllegalArgumentException("at most " + MAX_LINES + " lines and a count of more >= 0");
        }
    }

    /**
     * One line of a section.
     *
     * @param date   the day it happened, or {@code null} for a standing fact
     * @param textZh what happened, in 中文
     * @param textEn the same in English
     */
    public record Line(LocalDate date, String textZh, String textEn) {
        public Line {
            Objects.requireNonNull(textZh, "textZh");
            Objects.requireNonNull(textEn, "textEn");
        }
    }

    /**
     * @param programme the programme's id
     * @param titleZh   the title in 中文
     * @param titleEn   the title in English
     * @return a builder with no line
     */
    public static Builder builder(String programme, String titleZh, String titleEn) {
        return new Builder(programme, titleZh, titleEn);
    }

    /**
     * Builds an {@link ArchiveSection}: lines beyond {@link #MAX_LINES} are counted in {@code more}, not kept. A
     * component added to the record later gets a setter here.
     */
    public static final class Builder {
        private final String programme;
        private final String titleZh;
        private final String titleEn;
        private final List<Line> lines = new ArrayList<>();
        private int more;
        private String link;

        private Builder(String programme, String titleZh, String titleEn) {
            this.programme = programme;
            this.titleZh = titleZh;
            this.titleEn = titleEn;
        }

        /** @return this builder with one more line (counted in {@code more} once {@link #MAX_LINES} are kept) */
        public Builder line(LocalDate date, String textZh, String textEn) {
            if (lines.size() < MAX_LINES) {
                lines.add(new Line(date, textZh, textEn));
            } else {
                more++;
            }
            return this;
        }

        /** @return this builder counting {@code count} further lines the programme did not give */
        public Builder more(int count) {
            more += count;
            return this;
        }

        /** @return this builder with the console route of the programme's page */
        public Builder link(String value) {
            link = value;
            return this;
        }

        /** @return the section */
        public ArchiveSection build() {
            return new ArchiveSection(programme, titleZh, titleEn, lines, more, link);
        }
    }
}
