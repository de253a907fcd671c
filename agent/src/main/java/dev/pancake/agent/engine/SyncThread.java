package dev.pancake.agent.engine;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@code pancake-sync} thread of {@link StoreSync}: runs its tasks, each under the sync lock,
 * now or later, and lets a caller wait for one (boundedly). Tasks are classes, not lambdas: see
 * StoreSync's tasks.
 */
final class SyncThread {

    private final ReentrantLock lock;
    private final ScheduledExecutorService executor;

    SyncThread(ReentrantLock lock) {
        this.lock = lock;
        this.executor = Executors.newSingleThreadScheduledExecutor(new ThreadFactory() {
            @Override
            public Thread newThread(Runnable r) {
                Thread t = new Thread(r, "pancake-sync");
                t.setDaemon(true);
                t.setContextClassLoader(SyncThread.class.getClassLoader()); // never an application's, which it would keep
                return t;
            }
        });
    }

    /** Runs the task on the sync thread, under the lock. */
    void soon(Runnable task) {
        executor.execute(locked(task));
    }

    /** Runs the task on the sync thread after a delay, under the lock. */
    void later(Runnable task, long ms) {
        executor.schedule(locked(task), ms, TimeUnit.MILLISECONDS);
    }

    boolean isShutdown() {
        return executor.isShutdown();
    }

    private Runnable locked(Runnable task) {
        return new Runnable() {
            @Override
            public void run() {
                lock.lock();
                try {
                    task.run();
                } finally {
                    lock.unlock();
                }
            }
        };
    }

    /** Runs the task under the lock and waits for it, at most {@code ms}; at once when this thread holds the lock. */
    void run(Runnable task, long ms) {
        if (lock.isHeldByCurrentThread()) {
            task.run();
            return;
        }
        await(executor.submit(locked(task)), ms);
    }

    /** Waits up to {@code ms} until everything asked so far is done; false when that takes longer. */
    boolean awaitIdle(long ms) {
        return await(executor.submit(locked(new Runnable() {
            @Override
            public void run() {
                // nothing: done once everything before it is
            }
        })), ms);
    }

    private static boolean await(Future<?> f, long ms) {
        try {
            f.get(ms, TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(cause);
        } catch (TimeoutException e) {
            return false;
        }
    }

    void shutdown() {
        executor.shutdownNow();
    }
}
