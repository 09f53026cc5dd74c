package org.guanai.core.registry.internal.returns;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.guanai.core.api.dto.GuardianKind;
import org.guanai.core.api.dto.LeftBehindType;
import org.guanai.core.api.returns.ReturnFigure;
import org.guanai.core.api.returns.ReturnPeriod;
import org.guanai.core.registry.internal.Messages;
import org.guanai.core.registry.internal.persistence.Jdbc;
import org.guanai.sdk.time.CareCalendar;

/**
 * The core's own rows of a school's return (programme {@code core}), from the archive: children by 留守类型 and by kind
 * of primary guardian, 建档率, contact cards checked in the period, children new and departed in the period. The
 * archive holds the present state, so the counts by type and guardian are those of the children in the archive when
 * the return is drawn up (a submission freezes them); the events (new, departed, checked) are those dated in the
 * period, China time.
 */
public final class CoreFigures {
    /** The programme id of the core's own figures. */
    public static final String CORE = "core";

    /** The test of a complete archive, the same as {@code GET /api/stats/children}'s 建档率. */
    static final String COMPLETE = " AND c.id_number IS NOT NULL AND c.home_address IS NOT NULL"
            + " AND EXISTS (SELECT 1 FROM core_guardian g WHERE g.child_id = c.id AND g.is_primary = TRUE)"
            + " AND EXISTS (SELECT 1 FROM core_parent p WHERE p.child_id = c.id AND p.phone IS NOT NULL)";

    private final Jdbc jdbc;
    private final Messages messages = new Messages();

    public CoreFigures(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** @return the start of the period's first day, China time */
    static OffsetDateTime start(ReturnPeriod p) {
        return p.first().atStartOfDay(CareCalendar.ZONE).toOffsetDateTime();
    }

    /** @return the start of the day after the period's last day, China time */
    static OffsetDateTime end(ReturnPeriod p) {
        return p.last().plusDays(1).atStartOfDay(CareCalendar.ZONE).toOffsetDateTime();
    }

    /**
     * @param school the school
     * @param period the quarter or year
     * @return the core's figures, in the order they are shown
     */
    public List<ReturnFigure> figures(long school, ReturnPeriod period) {
        OffsetDateTime from = start(period);
        OffsetDateTime to = end(period);
        return jdbc.read(c -> {
            List<ReturnFigure> out = new ArrayList<>();
            String inArchive = " FROM core_child c WHERE c.school_id = ? AND c.archived = FALSE";
            long total = Jdbc.count(c, "SELECT COUNT(*)" + inArchive, school);
            out.add(count("children", total));
            Map<String, Long> byType = grouped(c, "SELECT c.left_behind_type, COUNT(*)" + inArchive + " GROUP BY c.left_behind_type",
                    school);
            for (LeftBehindType t : LeftBehindType.values()) {
                out.add(count("children.type." + t.name(), byType.getOrDefault(t.name(), 0L)));
            }
            Map<String, Long> byKind = grouped(c, "SELECT COALESCE(g.kind, 'NONE'), COUNT(*) FROM core_child c"
                    + " LEFT JOIN core_guardian g ON g.child_id = c.id AND g.is_primary = TRUE"
                    + " WHERE c.school_id = ? AND c.archived = FALSE GROUP BY COALESCE(g.kind, 'NONE')", school);
            for (GuardianKind k : GuardianKind.values()) {
                out.add(count("children.guardian." + k.name(), byKind.getOrDefault(k.name(), 0L)));
            }
            out.add(count("children.guardian.NONE", byKind.getOrDefault("NONE", 0L)));
            out.add(count("unattended", Jdbc.count(c, "SELECT COUNT(*)" + inArchive + " AND c.unattended = TRUE", school)));
            long complete = Jdbc.count(c, "SELECT COUNT(*)" + inArchive + COMPLETE, school);
            out.add(count("archivesComplete", complete));
            out.add(figure("archiveRate").rate(complete, total).build());
            out.add(count("cardsChecked", Jdbc.count(c, "SELECT COUNT(*)" + inArchive
                    + " AND ((c.card_checked_at >= ? AND c.card_checked_at < ?) OR (c.updated_at >= ? AND c.updated_at < ?)"
                    + " OR EXISTS (SELECT 1 FROM core_parent p WHERE p.child_id = c.id AND p.updated_at >= ? AND p.updated_at < ?)"
                    + " OR EXISTS (SELECT 1 FROM core_guardian g WHERE g.child_id = c.id AND g.updated_at >= ? AND g.updated_at < ?))",
                    school, from, to, from, to, from, to, from, to)));
            out.add(count("newChildren", Jdbc.count(c, "SELECT COUNT(*) FROM core_child c WHERE c.school_id = ?"
                    + " AND c.created_at >= ? AND c.created_at < ?", school, from, to)));
            out.add(count("departedChildren", Jdbc.count(c, "SELECT COUNT(*) FROM core_child c WHERE c.school_id = ?"
                    + " AND c.archived = TRUE AND EXISTS (SELECT 1 FROM core_history h WHERE h.entity_type = 'child'"
                    + " AND h.entity_id = c.id AND h.action = 'ARCHIVED' AND h.at >= ? AND h.at < ?)", school, from, to)));
            return out;
        });
    }

    private static Map<String, Long> grouped(Connection c, String sql, Object... args) throws SQLException {
        Map<String, Long> out = new HashMap<>();
        for (Object[] r : Jdbc.list(c, sql, rs -> new Object[] { rs.getString(1), rs.getLong(2) }, args)) {
            out.put((String) r[0], (Long) r[1]);
        }
        return out;
    }

    private ReturnFigure count(String key, long n) {
        return figure(key).count(n).build();
    }

    private ReturnFigure.Builder figure(String key) {
        return ReturnFigure.builder(CORE, key).label(messages.zh("return." + key), messages.en("return." + key))
                .definition(messages.zh("return." + key + ".def"), messages.en("return." + key + ".def"));
    }
}
