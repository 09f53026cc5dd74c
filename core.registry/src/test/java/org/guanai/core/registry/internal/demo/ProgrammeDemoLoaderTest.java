package org.guanai.core.registry.internal.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.guanai.core.api.programme.ProgrammeDemo;
import org.guanai.core.api.programme.ProgrammeRegistry;
import org.guanai.core.api.programme.ProgrammeStatus;
import org.guanai.core.registry.internal.TestRegistry;
import org.guanai.core.registry.internal.TestSupport;
import org.guanai.core.registry.internal.persistence.Jdbc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Programmes' demo content: only in a demo database, once, then enabled for the demo schools that have not decided; a
 * crash or a failure between the content and the enablement is repaired the next time.
 */
class ProgrammeDemoLoaderTest {
    private TestRegistry registry;
    private final Map<String, Boolean> enabled = new HashMap<>();
    /** How many of the next calls to enable a programme fail. */
    private int failingEnables;
    private ProgrammeDemoLoader loader;
    private long first;
    private long second;

    @BeforeEach
    void setUp() throws Exception {
        registry = new TestRegistry("programme-demo");
        first = registry.school("演示一小").id();
        second = registry.school("演示二小").id();
        loader = new ProgrammeDemoLoader(registry.db, new Recording(), registry.actor, TestSupport.CLOCK, true);
    }

    @AfterEach
    void tearDown() throws Exception {
        loader.deactivate();
        registry.close();
    }

    @Test
    void nothingOutsideADemoDatabase() {
        List<List<Long>> calls = new ArrayList<>();
        assertFalse(loader.load("pairing", calls::add));
        assertTrue(calls.isEmpty());
        assertTrue(enabled.isEmpty());
    }

    @Test
    void loadsOnceAsTheDemoActorAndEnablesForEverySchool() {
        loader.mark(ProgrammeDemoLoader.COUNTY);
        List<List<Long>> calls = new ArrayList<>();
        List<String> actors = new ArrayList<>();
        ProgrammeDemo demo = schools -> {
            calls.add(schools);
            actors.add(registry.actor.get());
        };
        assertTrue(loader.load("pairing", demo));
        assertEquals(List.of(List.of(first, second)), calls);
        assertEquals(List.of("demo"), actors);
        assertEquals(Map.of(first + "/pairing", true, second + "/pairing", true), enabled);
        assertTrue(loader.holds("programme:pairing"));

        assertFalse(loader.load("pairing", demo), "a second start, update or reinstall loads nothing again");
        assertEquals(1, calls.size());
    }

    @Test
    void aFailedLoadIsTriedAgainAndEnablesNothing() {
        loader.mark(ProgrammeDemoLoader.COUNTY);
        assertFalse(loader.load("health", schools -> {
            throw new IllegalStateException("broken demo");
        }));
        assertTrue(enabled.isEmpty());
        assertFalse(loader.holds("programme:health"));
        assertTrue(loader.load("health", schools -> { }));
    }

    @Test
    void aSchoolThatDecidedIsNotOverruled() throws Exception {
        loader.mark(ProgrammeDemoLoader.COUNTY);
        try (var c = registry.db.getConnection()) {
            Jdbc.update(c, "INSERT INTO core_programme_school (school_id, programme_id, enabled, settings, version, updated_at,"
                    + " updated_by) VALUES (?, 'pairing', FALSE, '{}', 0, ?, 'school')", second, TestSupport.CLOCK.instant());
        }
        assertTrue(loader.load("pairing", schools -> { }));
        assertEquals(Map.of(first + "/pairing", true), enabled);
    }

    /**
     * Several nodes on one database (issue 17, point 8): two loaders (two nodes) offered the same programme at once load
     * its demo content once. Before, each looked, found nothing loaded, and loaded it: twice the demo content.
     */
    @Test
    void twoNodesStartingAtOnceLoadTheContentOnce() throws Exception {
        loader.mark(ProgrammeDemoLoader.COUNTY);
        ProgrammeDemoLoader other = new ProgrammeDemoLoader(registry.db, new Recording(), registry.actor, TestSupport.CLOCK, true);
        java.util.concurrent.atomic.AtomicInteger loads = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.CountDownLatch both = new java.util.concurrent.CountDownLatch(2);
        ProgrammeDemo slow = schools -> {
            loads.incrementAndGet();
            try {
                Thread.sleep(300); // a demo takes a while: the other node asks meanwhile
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        java.util.concurrent.ExecutorService nodes = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<java.util.concurrent.Future<Boolean>> results = new ArrayList<>();
            for (ProgrammeDemoLoader node : List.of(loader, other)) {
                results.add(nodes.submit(() -> {
                    both.countDown();
                    both.await();
                    return node.load("pairing", slow);
                }));
            }
            for (java.util.concurrent.Future<Boolean> r : results) {
                r.get();
            }
        } finally {
            nodes.shutdownNow();
            other.deactivate();
        }
        assertEquals(1, loads.get(), "the demo content is loaded once");
        assertTrue(loader.holds("programme:pairing"));
    }

    @Test
    void nothingInProductionModeEvenInADatabaseThatHoldsTheDemoCounty() throws Exception {
        loader.mark(ProgrammeDemoLoader.COUNTY);
        ProgrammeDemoLoader production = new ProgrammeDemoLoader(registry.db, new Recording(), registry.actor,
                TestSupport.CLOCK, false);
        try {
            List<List<Long>> calls = new ArrayList<>();
            assertFalse(production.load("pairing", calls::add));
            assertTrue(calls.isEmpty());
            assertTrue(enabled.isEmpty());
            assertFalse(production.holds("programme:pairing"));
        } finally {
            production.deactivate();
        }
    }

    @Test
    void demoModeIsOffUnlessAskedFor() {
        assertFalse(DemoDataLoader.demoMode(false, null), "nothing set: production");
        assertFalse(DemoDataLoader.demoMode(false, "false"));
        assertTrue(DemoDataLoader.demoMode(false, "true"));
        assertTrue(DemoDataLoader.demoMode(false, " TRUE "));
        assertFalse(DemoDataLoader.demoMode(false, "yes"), "only true turns it on");
        assertTrue(DemoDataLoader.demoMode(true, null), "or the configuration");
    }

    /** The state a crash right after loading the content left behind (the first start): repaired, not reloaded. */
    @Test
    void aCrashBetweenTheContentAndTheEnablementIsRepaired() {
        loader.mark(ProgrammeDemoLoader.COUNTY);
        loader.mark(ProgrammeDemoLoader.content("activities"));
        assertTrue(loader.load("activities", schools -> {
            throw new AssertionError("the content is loaded once only");
        }));
        assertEquals(Map.of(first + "/activities", true, second + "/activities", true), enabled);
        assertTrue(loader.holds(ProgrammeDemoLoader.enablement("activities")));
        assertFalse(loader.load("activities", schools -> { }), "complete: nothing more to do");
    }

    @Test
    void aFailedEnablementIsTriedAgainWithoutLoadingTheContentTwice() {
        loader.mark(ProgrammeDemoLoader.COUNTY);
        List<List<Long>> calls = new ArrayList<>();
        failingEnables = 1;
        assertTrue(loader.load("birthdays", calls::add));
        assertTrue(loader.holds(ProgrammeDemoLoader.content("birthdays")));
        assertFalse(loader.holds(ProgrammeDemoLoader.enablement("birthdays")), "one school could not be enabled");
        assertEquals(Map.of(second + "/birthdays", true), enabled);

        assertTrue(loader.load("birthdays", calls::add), "the next start, or the programme starting again");
        assertEquals(1, calls.size(), "the content was loaded once");
        assertEquals(Map.of(first + "/birthdays", true, second + "/birthdays", true), enabled);
        assertTrue(loader.holds(ProgrammeDemoLoader.enablement("birthdays")));
    }

    @Test
    void schoolsCreatedAfterTheDemoCountyAreNotDemoSchools() throws Exception {
        loader.mark(ProgrammeDemoLoader.COUNTY);
        try (var c = registry.db.getConnection()) {
            Jdbc.update(c, "INSERT INTO core_school (name, created_at, updated_at) VALUES ('新建学校', ?, ?)",
                    TestSupport.CLOCK.instant().plusSeconds(86_400), TestSupport.CLOCK.instant().plusSeconds(86_400));
        }
        List<List<Long>> calls = new ArrayList<>();
        assertTrue(loader.load("health", calls::add));
        assertEquals(List.of(List.of(first, second)), calls);
        assertEquals(Map.of(first + "/health", true, second + "/health", true), enabled);
    }

    /** Records enabling; the real registry's own rules are tested with it. */
    private final class Recording implements ProgrammeRegistry {
        @Override
        public List<ProgrammeStatus> programmes() {
            return List.of();
        }

        @Override
        public Optional<ProgrammeStatus> programme(String id) {
            return Optional.empty();
        }

        @Override
        public boolean isEnabled(long schoolId, String programmeId) {
            return enabled.getOrDefault(schoolId + "/" + programmeId, false);
        }

        @Override
        public void setEnabled(long schoolId, String programmeId, boolean on, Map<String, String> settings) {
            if (failingEnables > 0) {
                failingEnables--;
                throw new IllegalStateException("programme not installed (yet)");
            }
            enabled.put(schoolId + "/" + programmeId, on);
        }

        @Override
        public Map<String, String> settings(long schoolId, String programmeId) {
            return Map.of();
        }
    }
}
