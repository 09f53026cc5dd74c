package org.guanai.examples.calls.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.guanai.core.api.SchemaMigrator;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The programme's own table {@code calls_call}, on the platform's data source. Its migrations ({@code db/calls/V*.sql}
 * in this bundle) run before the store is used; an updated bundle brings new scripts and they run forward.
 */
@Component(service = CallStore.class)
public final class CallStore {
    private final DataSource db;

    @Activate
    public CallStore(@Reference(target = SchemaMigrator.DATA_SOURCE_TARGET) DataSource db, @Reference SchemaMigrator migrator) {
        migrator.migrate("calls", CallStore.class);
        this.db = db;
    }

    Call record(Call call) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO calls_call (child_id, school_id, parent_role, called_at, minutes, note, recorded_by)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)", new String[] { "id" })) {
            ps.setLong(1, call.childId());
            ps.setLong(2, call.schoolId());
            ps.setString(3, call.parentRole());
            ps.setObject(4, call.calledAt().withOffsetSameInstant(ZoneOffset.UTC));
            ps.setInt(5, call.minutes());
            ps.setString(6, call.note());
            ps.setString(7, call.recordedBy());
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return new Call(keys.getLong(1), call.childId(), call.schoolId(), call.parentRole(), call.calledAt(), call.minutes(),
                        call.note(), call.recordedBy());
            }
        }
    }

    List<Call> forChild(long childId) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT * FROM calls_call WHERE child_id = ? ORDER BY called_at DESC, id DESC")) {
            ps.setLong(1, childId);
            List<Call> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Call(rs.getLong("id"), rs.getLong("child_id"), rs.getLong("school_id"), rs.getString("parent_role"),
                            rs.getObject("called_at", OffsetDateTime.class), rs.getInt("minutes"), rs.getString("note"),
                            rs.getString("recorded_by")));
                }
            }
            return out;
        }
    }

    /** @return per month of the year ("2026-03"): number of calls and minutes, for a school */
    Map<String, Map<String, Long>> monthly(long schoolId, int year) throws SQLException {
        Map<String, Map<String, Long>> out = new LinkedHashMap<>();
        for (int m = 1; m <= 12; m++) {
            out.put(String.format("%04d-%02d", year, m), new LinkedHashMap<>(Map.of("calls", 0L, "minutes", 0L)));
        }
        OffsetDateTime from = OffsetDateTime.of(year, 1, 1, 0, 0, 0, 0, ZoneOffset.ofHours(8));
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT called_at, minutes FROM calls_call WHERE school_id = ? AND called_at >= ? AND called_at < ?")) {
            ps.setLong(1, schoolId);
            ps.setObject(2, from);
            ps.setObject(3, from.plusYears(1));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    OffsetDateTime at = rs.getObject(1, OffsetDateTime.class).withOffsetSameInstant(ZoneOffset.ofHours(8));
                    Map<String, Long> month = out.get(String.format("%04d-%02d", at.getYear(), at.getMonthValue()));
                    month.merge("calls", 1L, Long::sum);
                    month.merge("minutes", (long) rs.getInt(2), Long::sum);
                }
            }
        }
        return out;
    }
}
