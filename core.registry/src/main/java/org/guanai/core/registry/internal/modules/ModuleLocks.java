package org.guanai.core.registry.internal.modules;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The locks of module administration: one per bundle symbolic name, so that installing, updating, stopping, starting or
 * uninstalling one module never waits for an operation on another (an update waits for its programme to start, which
 * may take minutes on a slow school PC); and one over all of them, taken shared by every per-bundle operation and
 * exclusively by what looks at every module at once (the reconciliation at start, dropping a programme's data).
 * <p>
 * An operation may {@linkplain Held#releaseWhile(Runnable) release its locks while it waits} (a programme shipped with
 * the platform is waited for without limit, and the thread that will start it may need a lock meanwhile).
 * <p>
 * Following a change made on another node {@linkplain #tryOnBundle tries} each module's lock and leaves a busy module for
 * its next round: waiting for every module instead would queue behind an upload that waits minutes for its programme,
 * and every other operation would queue behind it (a waiting writer holds back new readers).
 */
final class ModuleLocks {
    private final ReentrantReadWriteLock all = new ReentrantReadWriteLock();
    private final ConcurrentMap<String, ReentrantLock> byBundle = new ConcurrentHashMap<>();

    /** The locks an operation holds; given to the work so that it can let go of them while it waits. */
    final class Held {
        private final ReentrantLock bundle;

        private Held(ReentrantLock bundle) {
            this.bundle = bundle;
        }

        /** Runs {@code waiting} without the locks of this operation, and takes them again (in the same order) after. */
        void releaseWhile(Runnable waiting) {
            bundle.unlock();
            all.readLock().unlock();
            try {
                waiting.run();
            } finally {
                all.readLock().lock();
                bundle.lock();
            }
        }
    }

    /** Runs an operation on the module {@code bsn}: other modules' operations run meanwhile. */
    <T> T onBundle(String bsn, java.util.function.Function<Held, T> work) {
        ReentrantLock bundle = byBundle.computeIfAbsent(bsn, b -> new ReentrantLock());
        all.readLock().lock();
        try {
            bundle.lock();
            try {
                return work.apply(new Held(bundle));
            } finally {
                bundle.unlock();
            }
        } finally {
            all.readLock().unlock();
        }
    }

    /** A step on one module. */
    interface Step<E extends Exception> {
        void run() throws E;
    }

    /**
     * Runs {@code step} on the module {@code bsn} if no operation holds that module or every module now; never waits.
     *
     * @return whether the step ran
     */
    <E extends Exception> boolean tryOnBundle(String bsn, Step<E> step) throws E {
        ReentrantLock bundle = byBundle.computeIfAbsent(bsn, b -> new ReentrantLock());
        if (!all.readLock().tryLock()) {
            return false;
        }
        try {
            if (!bundle.tryLock()) {
                return false;
            }
            try {
                step.run();
                return true;
            } finally {
                bundle.unlock();
            }
        } finally {
            all.readLock().unlock();
        }
    }

    /** Runs an operation that needs every module still: it waits for the operations running, and they for it. */
    <T> T onAll(Supplier<T> work) {
        all.writeLock().lock();
        try {
            return work.get();
        } finally {
            all.writeLock().unlock();
        }
    }
}
