package org.h5vds.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link FileStore#mappedView} gives a view of the mapping only over bytes read before (so that a
 * range read once never faults the mapping's pages in), at once over bytes a large read copied
 * out of the mapping, never across two mapped windows, and an H5FormatException naming the file
 * and offset when another program cut the file short.
 */
class MappedViewTest {
    @TempDir
    Path dir;

    @Test
    void aRangeReadOnceIsReadAgainThenViewed() throws Exception {
        Path file = dir.resolve("sparse-runs.bin");
        byte[] bytes = patterned(file, 1 << 20);
        try (FileStore store = FileStore.open(file)) {
            long at = 300_000, n = 200_000;
            assertThat(store.mappedView(at, n)).as("never read").isNull();
            ByteBuffer view = store.mappedView(at, n);
            assertThat(view).isNotNull();
            assertThat(view.remaining()).isEqualTo((int) n);
            assertThat(view).isEqualTo(ByteBuffer.wrap(bytes, (int) at, (int) n));
            // a range sharing only some 64 KiB blocks with it was not read as a whole before
            assertThat(store.mappedView(at + n, 100_000)).isNull();
            assertThat(store.mappedView(at + n, 100_000)).isEqualTo(ByteBuffer.wrap(bytes, (int) (at + n), 100_000));
        }
    }

    @Test
    void bytesCopiedOutOfTheMappingAreViewedAtOnce() throws Exception {
        Path file = dir.resolve("frames.bin");
        byte[] bytes = patterned(file, 1 << 20);
        try (FileStore store = FileStore.open(file)) {
            int frame = 4 * FileStore.MAPPED_MIN;
            store.read(frame, ByteBuffer.allocate(frame), "frame"); // a copy out of the mapping
            ByteBuffer view = store.mappedView(frame + 1000, 3000);
            assertThat(view).isEqualTo(ByteBuffer.wrap(bytes, frame + 1000, 3000));
            store.read(0, ByteBuffer.allocate(100), "header"); // pread: nothing mapped
            assertThat(store.mappedView(0, 100)).isNull();
        }
    }

    @Test
    void aRangeAcrossTwoWindowsIsNeverAView() throws Exception {
        Path file = dir.resolve("large.bin");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(FileStore.WINDOW + (1 << 20)); // sparse: no disk behind the zeros
            raf.seek(FileStore.WINDOW - 10);
            raf.write(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20});
        }
        try (FileStore store = FileStore.open(file)) {
            long across = FileStore.WINDOW - 10;
            for (int round = 0; round < 3; round++) {
                assertThat(store.mappedView(across, 20)).isNull();
                ByteBuffer got = ByteBuffer.allocate(20);
                store.read(across, got, "run");
                assertThat(got.array()[0]).isEqualTo((byte) 1);
                assertThat(got.array()[19]).isEqualTo((byte) 20);
            }
            // the second window on its own, in a block the range across did not cover
            long later = FileStore.WINDOW + 200_000;
            assertThat(store.mappedView(later, 20)).isNull();
            assertThat(store.mappedView(later, 20)).isEqualTo(ByteBuffer.allocate(20));
        }
    }

    @Test
    void aFileCutShortGivesAFormatErrorNamingItAndTheOffset() throws Exception {
        Path file = dir.resolve("shrinking.bin");
        patterned(file, 4 << 20);
        try (FileStore store = FileStore.open(file)) {
            long at = 2 << 20;
            assertThat(store.mappedView(at, 1000)).isNull();
            assertThat(store.mappedView(at, 1000)).isNotNull();
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.truncate(4096);
            }
            Throwable t = catchThrowable(() -> store.mappedView(at, 1000));
            assertThat(t).isInstanceOf(H5FormatException.class);
            assertThat(t.getMessage()).contains(file.toString()).contains(Long.toString(at)).contains("cut short");
        }
    }

    /** Writes {@code size} bytes that differ from their neighbours and from one 4 KiB page to the next; returns them. */
    private static byte[] patterned(Path file, int size) throws java.io.IOException {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) bytes[i] = (byte) (i * 31 + (i >>> 12));
        Files.write(file, bytes);
        return bytes;
    }
}
