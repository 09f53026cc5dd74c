package org.guanai.core.registry.internal.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ModuleLocksTest {
    private final ModuleLocks locks = new ModuleLocks();
    private final ExecutorService other = Executors.newCachedThreadPool();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        other.shutdownNow();
    }

    /** Holds {@code bsn} on another thread until the test ends; returns once it is held. */
    private void holdElsewhere(String bsn) throws InterruptedException {
        CountDownLatch held = new CountDownLatch(1);
        other.submit(() -> locks.onBundle(bsn, h -> {
            held.countDown();
            try {
                return release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }));
        assertTrue(held.await(10, TimeUnit.SECONDS));
    }

    @Test
    void aTryOnABusyModuleDoesNotWaitAndLeavesItAlone() throws Exception {
        holdElsewhere("busy");
        AtomicInteger ran = new AtomicInteger();
        assertFalse(locks.tryOnBundle("busy", ran::incrementAndGet));
        assertTrue(locks.tryOnBundle("free", ran::incrementAndGet));
        assertEquals(1, ran.get());
    }

    @Test
    void aTryWhileAModuleIsBusyLetsEveryOtherModulesOperationThrough() throws Exception {
        // the follower's round used to wait for every module: it queued behind the busy one, and held back the rest
        holdElsewhere("slow");
        assertFalse(locks.tryOnBundle("slow", () -> { }));
        Future<String> quick = other.submit(() -> locks.onBundle("quick", h -> "updated"));
        assertEquals("updated", quick.get(5, TimeUnit.SECONDS));
    }

    @Test
    void aTryWhileEveryModuleIsLockedDoesNotWait() throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        other.submit(() -> locks.onAll(() -> {
            held.countDown();
            try {
                return release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }));
        assertTrue(held.await(10, TimeUnit.SECONDS));
        assertFalse(locks.tryOnBundle("any", () -> { }));
    }

    @Test
    void aStepsExceptionReachesTheCallerAndFreesTheModule() {
        org.junit.jupiter.api.Assertions.assertThrows(org.osgi.framework.BundleException.class,
                () -> locks.tryOnBundle("m", () -> {
                    throw new org.osgi.framework.BundleException("refused");
                }));
        assertTrue(locks.tryOnBundle("m", () -> { }));
    }
}
