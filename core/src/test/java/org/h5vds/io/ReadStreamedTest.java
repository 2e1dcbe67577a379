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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link FileStore#readStreamed} gives the file's bytes without mapping the file, in pieces as
 * large as the mapping's threshold, read before or not, and an H5FormatException naming the file
 * and offset for a file cut short while open.
 */
class ReadStreamedTest {
    @TempDir
    Path dir;

    @Test
    void piecesOfALargeRangeAreTheFilesBytesAndMapNothing() throws Exception {
        byte[] content = new byte[3 << 20];
        new Random(7).nextBytes(content);
        Path file = dir.resolve("block.bin");
        Files.write(file, content);
        try (FileStore store = FileStore.open(file)) {
            for (int round = 0; round < 2; round++) {
                int piece = FileStore.MAPPED_MIN;
                for (int at = 100; at + piece <= content.length; at += piece) {
                    ByteBuffer dst = ByteBuffer.allocate(piece);
                    store.readStreamed(at, dst, "block");
                    assertThat(dst.remaining()).isZero();
                    assertThat(dst.array()).isEqualTo(Arrays.copyOfRange(content, at, at + piece));
                }
                // what read() of a piece as large would map when read again
                assertThat(store.mappedWindows()).as("round %d", round).isZero();
                // the head read at opening, too
                ByteBuffer head = ByteBuffer.allocate(16);
                store.readStreamed(0, head, "block");
                assertThat(head.array()).isEqualTo(Arrays.copyOf(content, 16));
            }
            store.read(1 << 20, ByteBuffer.allocate(FileStore.MAPPED_MIN), "data");
            assertThat(store.mappedWindows()).as("read() of as much, the first time").isZero();
            store.read(1 << 20, ByteBuffer.allocate(FileStore.MAPPED_MIN), "data");
            assertThat(store.mappedWindows()).as("read() of as much, the second time").isOne();
        }
    }

    @Test
    void aFileCutShortGivesAFormatError() throws Exception {
        Path file = dir.resolve("shrinking.bin");
        Files.write(file, new byte[4 << 20]);
        try (FileStore store = FileStore.open(file)) {
            store.readStreamed(2 << 20, ByteBuffer.allocate(1000), "block");
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.truncate(4096);
            }
            long at = 3 << 20;
            Throwable t = catchThrowable(() -> store.readStreamed(at, ByteBuffer.allocate(1000), "block"));
            assertThat(t).isInstanceOf(H5FormatException.class);
            assertThat(t.getMessage()).contains(file.toString()).contains(Long.toString(at));
            Throwable past = catchThrowable(() -> store.readStreamed(5 << 20, ByteBuffer.allocate(64), "block"));
            assertThat(past).isInstanceOf(H5FormatException.class).hasMessageContaining("runs past the end");
        }
    }
}
