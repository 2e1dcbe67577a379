package org.h5vds.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first block of a file ({@link FileStore#HEAD} bytes), read at opening in one read: what a
 * read inside it, across its end or past a short file's end gets, and that {@link Store#currentSize()}
 * (which every refresh of a reader calls, and every retry of a SWMR reader) makes reads see the
 * file as it is now.
 */
class FileHeadTest {
    @TempDir
    Path dir;

    @Test
    void rangesInsideAcrossAndAfterTheFirstBlockReadTheFilesBytes() throws Exception {
        Path file = dir.resolve("pages.h5");
        byte[] bytes = patterned(file, 3 * FileStore.HEAD + 17);
        Random rnd = new Random(12);
        try (FileStore store = FileStore.open(file)) {
            for (int k = 0; k < 2000; k++) {
                int at = rnd.nextInt(k % 2 == 0 ? FileStore.HEAD : bytes.length);
                int n = rnd.nextInt(Math.min(600, bytes.length - at) + 1);
                // a destination with bytes before and after the range, which must stay as they are
                ByteBuffer dst = ByteBuffer.allocate(n + 8);
                dst.position(3).limit(3 + n);
                if (k % 3 == 0) store.readStreamed(at, dst, "range");
                else store.read(at, dst, "range");
                assertThat(dst.position()).isEqualTo(3 + n);
                assertThat(ByteBuffer.wrap(dst.array(), 3, n)).as("%d bytes at %d", n, at).isEqualTo(ByteBuffer.wrap(bytes, at, n));
                assertThat(dst.array()[0] | dst.array()[1] | dst.array()[2] | dst.array()[3 + n]).isZero();
            }
            ByteBuffer whole = store.read(FileStore.HEAD - 5, 10, "across the block's end");
            assertThat(whole).isEqualTo(ByteBuffer.wrap(bytes, FileStore.HEAD - 5, 10));
        }
    }

    @Test
    void aFileShorterThanTheBlockReadsToItsEndAndNoFurther() throws Exception {
        Path file = dir.resolve("short.h5");
        byte[] bytes = patterned(file, 700);
        try (FileStore store = FileStore.open(file)) {
            assertThat(store.read(650, 50, "last bytes")).isEqualTo(ByteBuffer.wrap(bytes, 650, 50));
            Throwable t = catchThrowable(() -> store.read(650, 51, "superblock"));
            assertThat(t).isInstanceOf(H5FormatException.class);
            assertThat(t.getMessage()).contains(file.toString()).contains("superblock of 51 bytes at 650");
        }
    }

    @Test
    void theFirstBlockIsTheFileAsOpenedUntilItsLengthIsReadAgain() throws Exception {
        Path file = dir.resolve("rewritten.h5");
        byte[] bytes = patterned(file, 2 * FileStore.HEAD);
        try (FileStore store = FileStore.open(file)) {
            byte[] other = new byte[100];
            java.util.Arrays.fill(other, (byte) 7);
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(other), 200);
            }
            // read at opening: as libhdf5 reads metadata through its cache, and as the node layer
            // keeps the headers it decoded until a refresh
            assertThat(store.read(200, 100, "header")).isEqualTo(ByteBuffer.wrap(bytes, 200, 100));
            store.currentSize();
            assertThat(store.read(200, 100, "header")).isEqualTo(ByteBuffer.wrap(other));
            assertThat(store.read(150, 100, "header")).isEqualTo(ByteBuffer.wrap(concat(bytes, 150, 50, other, 0, 50)));
        }
        try (FileStore store = FileStore.open(file)) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.truncate(0);
            }
            store.currentSize();
            Throwable t = catchThrowable(() -> store.read(0, 8, "signature"));
            assertThat(t).isInstanceOf(H5FormatException.class);
            assertThat(t.getMessage()).contains(file.toString());
        }
    }

    @Test
    void aClosedStoreReadsNothingEvenInItsFirstBlock() throws Exception {
        Path file = dir.resolve("closed.h5");
        patterned(file, 1000);
        FileStore store = FileStore.open(file);
        store.close();
        Throwable t = catchThrowable(() -> store.read(0, 8, "signature"));
        assertThat(t).isInstanceOf(H5Exception.class).hasMessageContaining("closed");
    }

    private static byte[] concat(byte[] a, int aFrom, int aLength, byte[] b, int bFrom, int bLength) {
        byte[] out = new byte[aLength + bLength];
        System.arraycopy(a, aFrom, out, 0, aLength);
        System.arraycopy(b, bFrom, out, aLength, bLength);
        return out;
    }

    /** Writes {@code size} bytes that differ from their neighbours and from one 4 KiB page to the next; returns them. */
    private static byte[] patterned(Path file, int size) throws java.io.IOException {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) bytes[i] = (byte) (i * 31 + (i >>> 12) + 1);
        Files.write(file, bytes);
        return bytes;
    }
}
