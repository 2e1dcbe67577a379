package org.h5vds.vds;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import org.h5vds.format.Checksum;
import org.h5vds.storage.ParallelWork;

/**
 * The lookup3 checksum of a large heap block, computed on a worker of the read pool while the
 * calling thread decodes the block ({@link MappingTable}): lookup3 is one chain of dependent steps
 * (~2.6 ms for the 8 MB of 100,000 mappings, a quarter of the open), which another core can run
 * beside the decoding. Whoever comes first computes it: the caller takes it back when no worker
 * has begun (every worker busy, or the caller itself a worker), so it never waits on a queue, and
 * computes it again itself when the worker failed, so that a read error is the caller's as before.
 * The worker reads its own copy of the bytes through the block's {@link StreamedBlock.Source}
 * (pread), never the caller's view of the mapping, so a caller that fails just stops it.
 */
final class ChecksumAhead implements Runnable {
    /** Smaller blocks are checksummed by the caller: handing them over costs more than it saves. */
    static final int MIN_BYTES = 64 << 10;
    private static final int PIECE = 32 << 10;
    private static final int WAITING = 0, TAKEN = 1, DONE = 2;

    private final StreamedBlock.Source source;
    private final int from;
    private final int end;
    private final AtomicInteger state = new AtomicInteger(WAITING);
    private volatile boolean cancelled;
    /** Set by the worker before DONE, under this object's lock. */
    private int value;
    private boolean failed;

    private ChecksumAhead(StreamedBlock.Source source, int from, int end) {
        this.source = source;
        this.from = from;
        this.end = end;
    }

    /** Starts the checksum of the block's bytes from {@code from} to {@code end} (cursor positions) on a worker. */
    static ChecksumAhead start(StreamedBlock.Source source, int from, int end) {
        ChecksumAhead c = new ChecksumAhead(source, from, end);
        ParallelWork.submit(c);
        return c;
    }

    /** Whether a worker may take the checksum of a block of {@code bytes} bytes. */
    static boolean worthIt(int bytes) {
        return bytes >= MIN_BYTES && ParallelWork.parallelism() > 1;
    }

    @Override
    public void run() {
        if (!state.compareAndSet(WAITING, TAKEN)) return;
        int v = 0;
        boolean ok = false;
        try {
            v = compute();
            ok = true;
        } catch (RuntimeException e) {
            // the caller computes it again and meets the failure itself
        } finally {
            synchronized (this) {
                value = v;
                failed = !ok;
                state.set(DONE);
                notifyAll();
            }
        }
    }

    /** The checksum: computed here when no worker has begun it, else the worker's, once it is done. */
    int value() {
        if (state.compareAndSet(WAITING, TAKEN)) return compute();
        boolean interrupted = false;
        int v;
        boolean workerFailed;
        synchronized (this) {
            while (state.get() != DONE) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            v = value;
            workerFailed = failed;
        }
        if (interrupted) Thread.currentThread().interrupt();
        return workerFailed ? compute() : v;
    }

    /** The checksum is not wanted (the block failed to decode, or its entries end elsewhere): a worker stops at its next piece. */
    void cancel() {
        cancelled = true;
        state.compareAndSet(WAITING, TAKEN);
    }

    private int compute() {
        Checksum.Running sum = new Checksum.Running(end - from);
        byte[] piece = new byte[Math.min(PIECE, end - from)];
        ByteBuffer buffer = ByteBuffer.wrap(piece);
        for (int at = from; at < end; ) {
            if (cancelled) return 0;
            int n = Math.min(piece.length, end - at);
            buffer.clear().limit(n);
            source.read(at, buffer);
            sum.update(piece, 0, n);
            at += n;
        }
        return sum.value();
    }
}
