package org.guanai.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.guanai.core.api.SchoolService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * The returns' deadline reminders in a real framework (issue 20): the component runs with the core's own {@link
 * org.guanai.sdk.jobs.Jobs} (its job row in {@code core_job}), takes a new configuration (PID
 * {@code org.guanai.core.returns}) and, when its job is due, runs and tells a school without a submission through the
 * real notification service: with the reminder days set to the days left until the next deadline of today (China time),
 * the school's reminder of that stage is queued, linking to the console's returns page. In the weeks of the year with no
 * deadline within 60 days, the run queues the overdue notice where a deadline just passed, and otherwise nothing for the
 * school.
 */
@ExtendWith({ BundleContextExtension.class, ServiceExtension.class })
class ReturnsRemindersIT {
    private static final String COMPONENT = "org.guanai.core.registry.internal.returns.ReturnsReminders";
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 20_000)
    ServiceComponentRuntime scr;
    @InjectService(timeout = 20_000)
    ConfigurationAdmin config;
    @InjectService(timeout = 20_000)
    SchoolService schools;
    @InjectService(timeout = 20_000, filter = "(guanai.datasource=core)")
    DataSource db;

    private ComponentConfigurationDTO configuration() {
        for (Bundle b : context.getBundles()) {
            if ("org.guanai.core.registry".equals(b.getSymbolicName())) {
                ComponentDescriptionDTO d = scr.getComponentDescriptionDTO(b, COMPONENT);
                assertNotNull(d, "the component is declared");
                List<ComponentConfigurationDTO> all = new ArrayList<>(scr.getComponentConfigurationDTOs(d));
                return all.isEmpty() ? null : all.get(0);
            }
        }
        throw new AssertionError("no core registry bundle");
    }

    /** @return the deadline (a return's last day) from today within 60 days, and its period, or {@code null} */
    private static Object[] nextDeadline(LocalDate today) {
        Object[] best = null;
        for (int y = today.getYear(); y <= today.getYear() + 1; y++) {
            List<Object[]> days = new ArrayList<>();
            for (int q = 1; q <= 4; q++) {
                days.add(new Object[] { LocalDate.of(y, q * 3, 14), y + "Q" + q });
            }
            days.add(new Object[] { LocalDate.of(y, 1, 14), Integer.toString(y - 1) });
            for (Object[] d : days) {
                long left = ChronoUnit.DAYS.between(today, (LocalDate) d[0]);
                if (left >= 0 && left <= 60 && (best == null || left < (long) best[2])) {
                    best = new Object[] { d[0], d[1], left };
                }
            }
        }
        return best;
    }

    /** @return the period whose last day passed within the last 7 days, or {@code null} */
    private static String justPassed(LocalDate today) {
        for (int y = today.getYear() - 1; y <= today.getYear(); y++) {
            for (int q = 1; q <= 4; q++) {
                LocalDate last = LocalDate.of(y, q * 3, 14);
                if (today.isAfter(last) && !today.isAfter(last.plusDays(7))) {
                    return y + "Q" + q;
                }
            }
            LocalDate annual = LocalDate.of(y + 1, 1, 14);
            if (today.isAfter(annual) && !today.isAfter(annual.plusDays(7))) {
                return Integer.toString(y);
            }
        }
        return null;
    }

    @Test
    void theDailyJobRunsWithItsConfigurationAndTellsASchoolThatHasNotSubmitted() throws Exception {
        ComponentConfigurationDTO before = configuration();
        assertNotNull(before, "configured");
        assertEquals(ComponentConfigurationDTO.ACTIVE, before.state, "active with the core's Jobs and datasource");
        assertEquals(1L, count("SELECT COUNT(*) FROM core_job WHERE owner = 'org.guanai.core.registry' AND name = 'returns-reminders'"),
                "its daily job is scheduled");

        long school = Fixtures.school(schools, "提醒学校" + System.nanoTime()).school().id();
        LocalDate today = LocalDate.now(CHINA);
        Object[] next = nextDeadline(today);
        String days = next == null ? "7,1" : Long.toString((long) next[2]);
        Configuration c = config.getConfiguration("org.guanai.core.returns", "?");
        try {
            Dictionary<String, Object> settings = new Hashtable<>();
            settings.put("reminderDays", days);
            c.update(settings);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            ComponentConfigurationDTO now = configuration();
            while ((now == null || now.state != ComponentConfigurationDTO.ACTIVE || !days.equals(now.properties.get("reminderDays")))
                    && System.nanoTime() < deadline) {
                Thread.sleep(100);
                now = configuration();
            }
            assertEquals(days, now.properties.get("reminderDays"), "the new configuration is taken");
            assertEquals(ComponentConfigurationDTO.ACTIVE, now.state);

            // due now: the next check of the job (at once or within its poll of 30 s) runs it on this node
            Instant since = Instant.now();
            Instant due = since.minusSeconds(60);
            exec("UPDATE core_job SET next_due = ? WHERE owner = 'org.guanai.core.registry' AND name = 'returns-reminders'",
                    Timestamp.from(due));
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (count("SELECT COUNT(*) FROM core_job WHERE owner = 'org.guanai.core.registry' AND name = 'returns-reminders'"
                    + " AND last_run_at >= ?", Timestamp.from(since)) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertEquals(1L, count("SELECT COUNT(*) FROM core_job WHERE owner = 'org.guanai.core.registry' AND name = 'returns-reminders'"
                    + " AND last_run_at >= ? AND last_outcome = 'OK'", Timestamp.from(since)), "the job ran, without an error");

            if (next != null) {
                String key = "returns:" + next[1] + ":school:" + school + ":before" + next[2];
                assertEquals(1L, count("SELECT COUNT(*) FROM core_notice WHERE dedup_key = ? AND kind = 'RETURN_REMINDER'"
                        + " AND link = '/#/returns' AND school_id = ?", key, school), "the reminder " + key + "; queued: " + keys());
            } else {
                String passed = justPassed(today);
                long expected = passed == null ? 0 : 1;
                assertEquals(expected, count("SELECT COUNT(*) FROM core_notice WHERE dedup_key LIKE ?", "returns:%:school:" + school + ":%"),
                        "no deadline within 60 days: only an overdue notice for " + passed);
            }
        } finally {
            c.delete();
        }
    }

    /** @return the de-duplication keys of the returns' notices queued, for a failure's message */
    private List<String> keys() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT dedup_key FROM core_notice WHERE dedup_key LIKE 'returns:%' ORDER BY id"); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private long count(String sql, Object... args) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private void exec(String sql, Object... args) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            s.executeUpdate();
            if (!c.getAutoCommit()) {
                c.commit();
            }
        }
    }
}
