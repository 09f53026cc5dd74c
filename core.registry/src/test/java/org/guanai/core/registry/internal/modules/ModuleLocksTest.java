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

    /**
     * Runs {@code take} on another thread: it takes locks and calls the work it is given under them, which holds them
     * until the test ends. Returns once they are held.
     */
    private void holdOnAnotherThread(java.util.function.Consumer<java.util.function.Supplier<Boolean>> take) throws InterruptedException {
        CountDownLatch held = new CountDownLatch(1);
        java.util.function.Supplier<Boolean> untilTheEnd = () -> {
            held.countDown();
            try {
                return release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        };
        other.submit(() -> take.accept(untilTheEnd));
        assertTrue(held.await(10, TimeUnit.SECONDS));
    }

    private void holdElsewhere(String bsn) throws InterruptedException {
        holdOnAnotherThread(work -> locks.onBundle(bsn, h -> work.get()));
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
        holdOnAnotherThread(work -> locks.onAll(work));
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
