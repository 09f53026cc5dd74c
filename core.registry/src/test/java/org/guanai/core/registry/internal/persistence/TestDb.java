package org.guanai.core.registry.internal.persistence;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.guanai.core.registry.internal.CurrentActor;
import org.guanai.core.registry.internal.RecordingEventAdmin;
import org.guanai.core.registry.internal.TestRegistry;
import org.guanai.core.registry.internal.TestSupport;
import org.guanai.core.registry.internal.audit.AuditLog;
import org.guanai.core.registry.internal.registry.ChildServiceImpl;
import org.guanai.core.registry.internal.registry.EligibilityConfig.ParentRule;
import org.guanai.core.registry.internal.registry.EligibilityPolicy;
import org.guanai.core.registry.internal.registry.GuardianServiceImpl;
import org.guanai.core.registry.internal.registry.SchoolServiceImpl;
import org.guanai.core.registry.internal.security.RequestCallerContext;
import org.h2.jdbcx.JdbcDataSource;
import org.osgi.service.event.Event;

/**
 * A fresh in-memory H2 database in PostgreSQL mode (or a fresh schema on PostgreSQL with {@code -Dguanai.test.postgres}) with the core's real migrations applied, and the registry services
 * wired to it the way the components are, with a fixed clock and an Event Admin that records what is posted
 * (the {@link TestRegistry} of the service tests, in the shape the store tests were written for).
 */
public final class TestDb {
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    public static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T02:00:00Z"), ZONE);

    public final DataSource dataSource;
    public final List<Event> events;
    public final CurrentActor actor = new CurrentActor();
    final RequestCallerContext callers = new RequestCallerContext();
    final AuditLog audit;
    final FlywaySchemaMigrator migrator;
    public final SchoolServiceImpl schools;
    public final ChildServiceImpl children;
    public final GuardianServiceImpl guardians;

    public TestDb() {
        DataSource h2;
        if (TestSupport.postgres() != null) {
            h2 = TestSupport.freshDatabase("testdb");
        } else {
            JdbcDataSource mem = new JdbcDataSource();
            mem.setURL("jdbc:h2:mem:" + UUID.randomUUID() + PooledDataSource.H2_SETTINGS.replace(";DB_CLOSE_ON_EXIT=FALSE", "")
                    + ";DB_CLOSE_DELAY=-1");
            mem.setUser("sa");
            h2 = mem;
        }
        this.dataSource = h2;
        this.migrator = new FlywaySchemaMigrator(h2);
        RecordingEventAdmin eventAdmin = new RecordingEventAdmin();
        this.events = eventAdmin.events;
        this.audit = new AuditLog(h2, actor, CLOCK);
        this.schools = SchoolServiceImpl.forTests(h2, eventAdmin, actor, CLOCK, callers, audit);
        this.children = ChildServiceImpl.forTests(h2, eventAdmin, actor, policy(16, ParentRule.BOTH_AWAY_OR_ONE_WITHOUT_CAPACITY, 0),
                CLOCK, callers, audit);
        this.guardians = GuardianServiceImpl.forTests(h2, eventAdmin, actor, CLOCK, callers, audit);
    }

    static EligibilityPolicy policy(int ageCap, ParentRule rule, int months) {
        return new EligibilityPolicy(TestRegistry.eligibility(ageCap, rule, months));
    }

    public long count(String table) {
        return new Jdbc(dataSource).read(c -> Jdbc.count(c, "SELECT COUNT(*) FROM " + table));
    }
}
