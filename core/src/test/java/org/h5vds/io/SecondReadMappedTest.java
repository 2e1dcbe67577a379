package org.h5vds.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link FileStore#read} reads a range of at least {@link FileStore#MAPPED_MIN} bytes the first time
 * with pread and from the mapping once every 64 KiB block of it was read before: both ways must give
 * the file's bytes, from any thread, a file read once must map nothing, and a file cut short while
 * open must give an H5FormatException either way.
 */
class SecondReadMappedTest {
    @TempDir
    Path dir;

    @Test
    void firstAndLaterReadsGiveTheFilesBytes() throws Exception {
        byte[] content = new byte[3 << 20];
        new Random(7).nextBytes(content);
        Path file = dir.resolve("chunks.bin");
        Files.write(file, content);
        Random rnd = new Random(11);
        long[][] ranges = new long[200][];
        for (int i = 0; i < ranges.length; i++) {
            int length = rnd.nextInt(200_000);
            ranges[i] = new long[] {rnd.nextInt(content.length - length), length};
        }
        try (FileStore store = FileStore.open(file)) {
            // three rounds: unread blocks, partly read ones, all read (mapped)
            for (int round = 0; round < 3; round++) {
                for (long[] r : ranges) {
                    byte[] got = new byte[(int) r[1] + 10];
                    ByteBuffer dst = ByteBuffer.wrap(got, 5, (int) r[1]);
                    store.read(r[0], dst, "chunk");
                    assertThat(dst.remaining()).isZero();
                    assertThat(Arrays.copyOfRange(got, 5, 5 + (int) r[1]))
                            .isEqualTo(Arrays.copyOfRange(content, (int) r[0], (int) (r[0] + r[1])));
                    assertThat(Arrays.copyOf(got, 5)).containsOnly(0);
                }
            }
        }
    }

    @Test
    void aRangeIsMappedOnItsSecondReadOnly() throws Exception {
        byte[] content = new byte[4 << 20];
        new Random(5).nextBytes(content);
        Path file = dir.resolve("frames.bin");
        Files.write(file, content);
        int frame = 512 << 10;
        try (FileStore store = FileStore.open(file)) {
            for (int at = 0; at < content.length / 2; at += frame) { // the first half, once
                byte[] got = new byte[frame];
                store.read(at, ByteBuffer.wrap(got), "frame");
                assertThat(got).isEqualTo(Arrays.copyOfRange(content, at, at + frame));
            }
            assertThat(store.mappedWindows()).as("every frame read once").isZero();
            // half a frame read before and half not: still by pread, marking the rest
            byte[] across = new byte[frame];
            int from = content.length / 2 - frame / 2;
            store.read(from, ByteBuffer.wrap(across), "frame");
            assertThat(across).isEqualTo(Arrays.copyOfRange(content, from, from + frame));
            assertThat(store.mappedWindows()).isZero();
            byte[] again = new byte[frame];
            store.read(frame, ByteBuffer.wrap(again), "frame");
            assertThat(again).isEqualTo(Arrays.copyOfRange(content, frame, 2 * frame));
            assertThat(store.mappedWindows()).as("a frame read again").isOne();
        }
    }

    @Test
    void threadsReadingTheSameBlocksAllGetTheirBytes() throws Exception {
        byte[] content = new byte[1 << 20];
        new Random(3).nextBytes(content);
        Path file = dir.resolve("shared.bin");
        Files.write(file, content);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (FileStore store = FileStore.open(file)) {
            Future<?>[] done = new Future<?>[8];
            for (int t = 0; t < done.length; t++) {
                int seed = t;
                done[t] = pool.submit(() -> {
                    Random rnd = new Random(seed);
                    for (int i = 0; i < 300; i++) {
                        int length = 1 + rnd.nextInt(100_000);
                        int at = rnd.nextInt(content.length - length);
                        ByteBuffer dst = ByteBuffer.allocate(length);
                        store.read(at, dst, "chunk");
                        assertThat(dst.array()).isEqualTo(Arrays.copyOfRange(content, at, at + length));
                    }
                    return null;
                });
            }
            for (Future<?> f : done) f.get();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFileCutShortGivesAFormatErrorWhetherReadBeforeOrNot() throws Exception {
        Path file = dir.resolve("shrinking.bin");
        Files.write(file, new byte[4 << 20]);
        try (FileStore store = FileStore.open(file)) {
            // ranges as long as FileStore.MAPPED_MIN: a shorter one is read with pread even when read before
            int n = FileStore.MAPPED_MIN;
            store.read(2 << 20, ByteBuffer.allocate(n), "chunk"); // read before: mapped next time
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.truncate(4096);
            }
            for (long at : new long[] {2 << 20, 3 << 20}) { // read before, and never read
                Throwable t = catchThrowable(() -> store.read(at, ByteBuffer.allocate(n), "chunk"));
                assertThat(t).isInstanceOf(H5FormatException.class);
                assertThat(t.getMessage()).contains(file.toString()).contains(Long.toString(at));
            }
            Throwable past = catchThrowable(() -> store.read(5 << 20, ByteBuffer.allocate(64), "chunk"));
            assertThat(past).isInstanceOf(H5FormatException.class).hasMessageContaining("runs past the end");
        }
    }
}
