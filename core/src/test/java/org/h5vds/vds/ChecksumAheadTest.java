package org.h5vds.vds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.h5vds.format.Checksum;
import org.junit.jupiter.api.Test;

/**
 * {@link ChecksumAhead} gives the block's lookup3 whichever thread computes it, gives the caller
 * the failure of a read that fails everywhere, recomputes on the caller what a worker failed to
 * read, and stops reading once cancelled.
 */
class ChecksumAheadTest {
    @Test
    void theValueIsTheBlocksChecksumWhoeverComputesIt() {
        Random rnd = new Random(1);
        for (int round = 0; round < 200; round++) {
            byte[] block = new byte[ChecksumAhead.MIN_BYTES + rnd.nextInt(300_000)];
            rnd.nextBytes(block);
            int from = rnd.nextInt(100);
            int end = block.length - rnd.nextInt(100);
            ChecksumAhead c = ChecksumAhead.start(source(block), from, end);
            if (rnd.nextBoolean()) Thread.onSpinWait(); // now and then a worker may have begun
            assertThat(c.value()).as("round %d", round).isEqualTo(Checksum.lookup3(block, from, end - from));
        }
    }

    @Test
    void aReadThatFailsOnAWorkerIsReadAgainByTheCaller() {
        byte[] block = new byte[500_000];
        new Random(2).nextBytes(block);
        Thread caller = Thread.currentThread();
        StreamedBlock.Source onlyHere = (position, into) -> {
            if (Thread.currentThread() != caller) throw new IllegalStateException("not on a worker");
            into.put(block, position, into.remaining());
        };
        for (int round = 0; round < 50; round++) {
            ChecksumAhead c = ChecksumAhead.start(onlyHere, 0, block.length);
            try {
                Thread.sleep(round % 5);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            assertThat(c.value()).isEqualTo(Checksum.lookup3(block, 0, block.length));
        }
        StreamedBlock.Source nowhere = (position, into) -> {
            throw new IllegalStateException("cannot read at " + position);
        };
        for (int round = 0; round < 20; round++) {
            ChecksumAhead c = ChecksumAhead.start(nowhere, 0, block.length);
            assertThat(catchThrowable(c::value)).isInstanceOf(IllegalStateException.class).hasMessage("cannot read at 0");
        }
    }

    @Test
    void aCancelledChecksumStopsReading() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        byte[] block = new byte[8 << 20];
        StreamedBlock.Source slow = (position, into) -> {
            reads.incrementAndGet();
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            into.put(block, position, into.remaining());
        };
        ChecksumAhead c = ChecksumAhead.start(slow, 0, block.length);
        Thread.sleep(20);
        c.cancel();
        Thread.sleep(50);
        int after = reads.get();
        Thread.sleep(100);
        // 128 pieces of 64 KiB at 2 ms each: a worker that went on would still be reading
        assertThat(reads.get()).isEqualTo(after).isLessThan(128);
    }

    private static StreamedBlock.Source source(byte[] block) {
        return (position, into) -> into.put(block, position, into.remaining());
    }
}
