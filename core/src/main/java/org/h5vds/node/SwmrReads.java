package org.h5vds.node;

import java.util.function.Supplier;
import org.h5vds.io.H5FormatException;
import org.h5vds.io.Store;

/**
 * Reads of a file a SWMR writer has open, which may meet what the writer is changing: a structure
 * rewritten in place while being read (its checksum fails), a chunk or index node just written
 * beyond the length read before (past the end of the file). libhdf5's SWMR reader retries such
 * metadata reads, up to 100 attempts by default (H5Pset_metadata_read_attempts), reading the
 * file's length again in between; so does this, with short pauses that let a writer descheduled
 * in the middle of a write finish it. What still fails after the last attempt is reported.
 */
final class SwmrReads {
    /** libhdf5's default number of metadata read attempts for SWMR access (H5F_SWMR_METADATA_READ_ATTEMPTS). */
    static final int ATTEMPTS = 100;

    private SwmrReads() {
    }

    /** The result of {@code read}, repeated while it fails with an {@link H5FormatException}, at most {@link #ATTEMPTS} times. */
    static <T> T retry(Store store, Supplier<T> read) {
        for (int attempt = 1; ; attempt++) {
            try {
                return read.get();
            } catch (H5FormatException e) {
                if (attempt >= ATTEMPTS || Thread.currentThread().isInterrupted()) throw e;
                pause(attempt);
                store.currentSize();
            }
        }
    }

    /** As {@link #retry(Store, Supplier)} for a read without a result. */
    static void retry(Store store, Runnable read) {
        retry(store, () -> {
            read.run();
            return null;
        });
    }

    /** Nothing for the first attempts (a torn read is over at once), then 1, 2, 4 ... up to 20 ms: about 1.5 s in all. */
    private static void pause(int attempt) {
        if (attempt < 8) {
            Thread.yield();
            return;
        }
        try {
            Thread.sleep(Math.min(20, 1L << Math.min(attempt - 8, 5)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
