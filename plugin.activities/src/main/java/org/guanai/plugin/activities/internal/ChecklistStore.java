package org.guanai.plugin.activities.internal;

import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.guanai.plugin.activities.internal.Checklists.Cadence;
import org.guanai.plugin.activities.internal.Checklists.Item;
import org.guanai.plugin.activities.internal.Checklists.Variant;
import org.guanai.sdk.data.Database;
import org.guanai.sdk.data.Sql;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** A school's checklist ({@code activities_checklist_item}): the 九个一 on first use, seed variants, items of its own. */
@Component(service = ChecklistStore.class)
public final class ChecklistStore {
    private final Database db;

    @Activate
    public ChecklistStore(@Reference Tables tables) {
        this.db = tables.db();
    }

    /** @return the school's checklist, every item (active or not), in order; the 九个一 on first use */
    List<Item> checklist(long school) {
        List<Item> items = db.read(sql -> readChecklist(sql, school));
        if (!items.isEmpty()) {
            return items;
        }
        // a concurrent first use that inserted first makes the retry find its rows: seeded once
        return db.txRetrying(sql -> {
            if (readChecklist(sql, school).isEmpty()) {
                addItems(sql, school, Checklists.seed(Variant.NINE_ONES));
            }
            return readChecklist(sql, school);
        });
    }

    private static List<Item> readChecklist(Sql sql, long school) throws SQLException {
        return sql.list("SELECT * FROM activities_checklist_item WHERE school_id = ? ORDER BY position, id",
                rs -> new Item(rs.getString("code"), Variant.valueOf(rs.getString("variant")), rs.getString("name_zh"),
                        rs.getString("name_en"), Cadence.valueOf(rs.getString("cadence")), rs.getInt("times"), rs.getString("evidence"),
                        rs.getString("source"), rs.getBoolean("active")),
                school);
    }

    /** Adds the items that are new, activates those that exist (keeping their settings). */
    private static void addItems(Sql sql, long school, List<Item> items) throws SQLException {
        Set<String> existing = new HashSet<>();
        readChecklist(sql, school).forEach(i -> existing.add(i.code()));
        int position = existing.size();
        for (Item i : items) {
            if (existing.contains(i.code())) {
                sql.update("UPDATE activities_checklist_item SET active = TRUE WHERE school_id = ? AND code = ?", school, i.code());
            } else {
                sql.update("INSERT INTO activities_checklist_item (school_id, code, variant, name_zh, name_en, cadence, times, evidence, source,"
                        + " position, active) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", school, i.code(), i.variant(), i.nameZh(),
                        i.nameEn(), i.cadence(), i.times(), i.evidence(), i.source(), position++, i.active());
            }
        }
    }

    /**
     * Applies a seed variant: {@code replace} switches to it (every other item becomes inactive, kept with its settings),
     * else its items are added to the active ones.
     */
    List<Item> applyVariant(long school, Variant variant, boolean replace) {
        checklist(school);
        return db.txRetrying(sql -> {
            if (replace) {
                sql.update("UPDATE activities_checklist_item SET active = FALSE WHERE school_id = ?", school);
            }
            addItems(sql, school, Checklists.seed(variant));
            return readChecklist(sql, school);
        });
    }

    /** Creates or updates one item (by code). */
    List<Item> putItem(long school, Item item) {
        checklist(school);
        return db.txRetrying(sql -> {
            if (sql.update("UPDATE activities_checklist_item SET name_zh = ?, name_en = ?, cadence = ?, times = ?, evidence = ?, active = ?"
                    + " WHERE school_id = ? AND code = ?", item.nameZh(), item.nameEn(), item.cadence(), item.times(), item.evidence(),
                    item.active(), school, item.code()) == 0) {
                addItems(sql, school, List.of(item));
            }
            return readChecklist(sql, school);
        });
    }
}
