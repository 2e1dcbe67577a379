package org.h5vds.io;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Requests made and bytes fetched by every remote store of this JVM: diagnostics for benchmarks
 * and tests (counters only; nothing reads them to decide anything).
 */
public final class RemoteStats {
    private static final AtomicLong REQUESTS = new AtomicLong();
    private static final AtomicLong BYTES = new AtomicLong();
    private static final AtomicLong RETRIES = new AtomicLong();

    private RemoteStats() {
    }

    static void request(long bytes) {
        REQUESTS.incrementAndGet();
        BYTES.addAndGet(bytes);
    }

    static void retry() {
        RETRIES.incrementAndGet();
    }

    public static long requests() {
        return REQUESTS.get();
    }

    public static long bytes() {
        return BYTES.get();
    }

    public static long retries() {
        return RETRIES.get();
    }
}
