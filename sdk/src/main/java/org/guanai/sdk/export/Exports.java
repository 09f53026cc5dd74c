package org.guanai.sdk.export;

import java.util.List;

import org.guanai.sdk.http.Download;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Writes tables as files. Cells may be {@code null} (empty), {@code String}, a number, {@code Boolean} (是/否),
 * {@code LocalDate}, {@code LocalDateTime}, {@code Instant} (China time), {@link org.guanai.sdk.i18n.Label} (its 中文
 * text) or {@link Percent}; an enum constant is refused ({@code IllegalArgumentException}): give the reader a label,
 * never a code. Implemented by the core ({@code @Reference Exports exports}).
 */
@ProviderType
public interface Exports {

    /**
     * @param fileName the name to save as, without extension (中文 allowed), e.g. {@code 结对覆盖率-2026秋季}
     * @return a CSV file: UTF-8 with a byte-order mark (Excel on Windows opens it as UTF-8), a header row of the columns'
     *         中文 names, cells starting with {@code = + - @}, a tab or a carriage return prefixed with {@code '} so no
     *         spreadsheet runs them as formulas
     */
    Download csv(String fileName, Table table);

    /**
     * @param fileName the name to save as, without extension
     * @param sheets   one sheet per table, named by its title
     * @return an xlsx workbook: dates as date cells, numbers as numbers, percentages formatted as such, a bold header
     *         row that stays in view
     */
    Download xlsx(String fileName, List<Table> sheets);
}
