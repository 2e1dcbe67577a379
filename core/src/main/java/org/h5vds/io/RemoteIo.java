package org.h5vds.io;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The requests of one remote provider: at most {@code concurrency} in flight (readers' own
 * requests and prefetches alike), each retried with exponential backoff and jitter on transient
 * failures, and failures turned into one-line {@link H5Exception}s naming the location and cause.
 * Also runs prefetches on its own daemon threads.
 */
final class RemoteIo {
    private final RemoteSettings settings;
    private final Semaphore inFlight;
    private final ExecutorService prefetchers;
    private final BlockCache cache;

    RemoteIo(RemoteSettings settings, String name) {
        this.settings = settings;
        this.inFlight = new Semaphore(settings.concurrency());
        this.cache = new BlockCache(settings.cacheBytes());
        AtomicInteger n = new AtomicInteger();
        this.prefetchers = Executors.newFixedThreadPool(settings.concurrency(), r -> {
            Thread t = new Thread(r, "h5vds-" + name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    RemoteSettings settings() {
        return settings;
    }

    BlockCache cache() {
        return cache;
    }

    void submit(Runnable r) {
        prefetchers.execute(r);
    }

    /**
     * One fetch, retried while it fails transiently.
     *
     * @throws NoSuchFileException when there is no object (on the first request: the file does not exist)
     * @throws H5Exception         naming the location and the cause otherwise
     */
    RangeSource.Fetched fetch(RangeSource source, long start, int length, String version) {
        long wait = Math.max(1, settings.backoff().toMillis());
        for (int attempt = 1; ; attempt++) {
            RemoteFailure failure;
            try {
                inFlight.acquireUninterruptibly();
                try {
                    RangeSource.Fetched f = source.fetch(start, length, version);
                    RemoteStats.request(f.bytes().length);
                    return f;
                } finally {
                    inFlight.release();
                }
            } catch (RemoteFailure e) {
                RemoteStats.request(0);
                failure = e;
            }
            if (failure.kind() != RemoteFailure.Kind.TRANSIENT || attempt >= settings.attempts()) {
                throw error(source.location(), failure, attempt, version != null);
            }
            RemoteStats.retry();
            try {
                Thread.sleep(wait + ThreadLocalRandom.current().nextLong(wait / 2 + 1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new H5Exception(source.location() + ": interrupted while waiting to retry: " + failure.getMessage(), e);
            }
            wait *= 2;
        }
    }

    private static H5Exception error(String location, RemoteFailure f, int attempts, boolean opened) {
        String tries = attempts > 1 ? " (after " + attempts + " attempts)" : "";
        return switch (f.kind()) {
            case NOT_FOUND -> opened
                    ? new H5Exception(location + ": the object disappeared while it was being read: " + f.getMessage(), f)
                    : new NoSuchFileException(location, f.getMessage(), f);
            case CHANGED -> new H5Exception(location + ": the object changed while it was being read (" + f.getMessage()
                    + "); open it again to read the new version", f);
            default -> new H5Exception(location + ": " + (opened ? "read failed: " : "cannot open: ") + f.getMessage() + tries, f);
        };
    }
}
