package org.h5vds.storage;

import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;

/**
 * Runs independent pieces of one read (chunks, slabs, VDS mappings) on a work-stealing pool. Pieces
 * may themselves fork (a VDS mapping reading many source chunks) without deadlock, since a waiting
 * worker runs other pieces. Each piece writes a disjoint part of the output, so no locks are held.
 */
public final class ParallelWork {
    private static final ForkJoinPool POOL = new ForkJoinPool(
            Math.max(1, Integer.getInteger("h5vds.threads", Runtime.getRuntime().availableProcessors())),
            pool -> {
                var t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
                t.setName("h5vds-read-" + t.getPoolIndex());
                t.setDaemon(true);
                return t;
            }, null, false);

    /** Below this many pieces the calling thread does the work itself: forking costs more. */
    private static final int SERIAL_BELOW = 2;

    private ParallelWork() {
    }

    /** The number of worker threads. */
    public static int parallelism() {
        return POOL.getParallelism();
    }

    /** Starts {@code r} on a worker and returns at once; {@code r} handles its own failures. */
    public static void submit(Runnable r) {
        POOL.execute(r);
    }

    /** Runs every piece and returns when all are done; the first failure is rethrown. */
    public static void runAll(List<? extends Runnable> pieces) {
        if (pieces.size() < SERIAL_BELOW || POOL.getParallelism() == 1) {
            for (Runnable r : pieces) r.run();
            return;
        }
        RecursiveAction all = new RecursiveAction() {
            @Override
            protected void compute() {
                ForkJoinTask.invokeAll(pieces.stream().map(ParallelWork::task).toList());
            }
        };
        if (ForkJoinTask.inForkJoinPool() && ForkJoinTask.getPool() == POOL) {
            all.invoke();
        } else {
            POOL.invoke(all);
        }
    }

    private static RecursiveAction task(Runnable r) {
        return new RecursiveAction() {
            @Override
            protected void compute() {
                r.run();
            }
        };
    }
}
