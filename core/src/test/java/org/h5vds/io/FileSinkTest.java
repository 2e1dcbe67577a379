package org.h5vds.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSinkTest {
    @TempDir
    Path dir;

    private List<String> names() throws Exception {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesAHiddenTemporaryFileBesideTheTargetAndRenamesItAtCommit() throws Exception {
        Path target = dir.resolve("out.h5");
        FileSink s = FileSink.create(target, false);
        assertThat(s.temporary().getParent()).isEqualTo(target.getParent());
        assertThat(s.temporary().getFileName().toString()).startsWith(".out.h5.h5vds-").endsWith(".tmp");
        s.write(8, new byte[] {1, 2, 3, 4});
        s.write(0, "HEADER!!".getBytes());
        ByteBuffer back = ByteBuffer.allocate(6);
        s.read(6, back);
        assertThat(back.array()).containsExactly('!', '!', 1, 2, 3, 4);
        assertThat(target).doesNotExist();
        s.commit(22);
        assertThat(names()).containsExactly("out.h5");
        byte[] bytes = Files.readAllBytes(target);
        assertThat(bytes).hasSize(22);   // extended to the end of allocation, the tail zero
        assertThat(bytes[21]).isZero();
        assertThatThrownBy(() -> s.write(0, new byte[1])).isInstanceOf(IllegalStateException.class).hasMessageContaining("already closed");
        assertThatThrownBy(s::sync).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aLargeFileIsSyncedInTheBackgroundAsItIsWrittenAndCommittedWhole() throws Exception {
        Path target = dir.resolve("big.h5");
        FileSink s = FileSink.create(target, false);
        byte[] block = new byte[1 << 20];
        long blocks = 2 * FileSink.BACKGROUND_SYNC_BYTES / block.length + 3;
        for (int i = 0; i < blocks; i++) {
            java.util.Arrays.fill(block, (byte) i);
            s.write((long) i * block.length, block);
        }
        assertThat(s.backgroundSyncsStarted()).as("one per %d bytes written, unless one is still under way", FileSink.BACKGROUND_SYNC_BYTES)
                .isBetween(1L, 2L);
        s.commit(blocks * block.length);
        assertThat(Files.size(target)).isEqualTo(blocks * block.length);
        try (var ch = java.nio.channels.FileChannel.open(target)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            for (int i = 0; i < blocks; i++) {
                b.clear();
                ch.read(b, (long) i * block.length + i % 977);
                assertThat(b.get(0)).isEqualTo((byte) i);
            }
        }
        // a sink discarded while its background sync may still run: no error, nothing left
        FileSink d = FileSink.create(dir.resolve("dropped.h5"), false);
        for (int i = 0; i < blocks; i++) d.write((long) i * block.length, block);
        d.discard();
        assertThat(names()).containsExactly("big.h5");
    }

    @Test
    void aHeapBufferLargerThanOneWriteSliceIsWrittenWhole() throws Exception {
        // written in slices of 1 MiB (the JDK's temporary direct buffer stays that small): every
        // byte lands, at its offset, from the buffer's position to its limit
        Path target = dir.resolve("slices.h5");
        FileSink s = FileSink.create(target, false);
        byte[] bytes = new byte[(5 << 20) / 2 + 77];
        new java.util.Random(3).nextBytes(bytes);
        ByteBuffer src = ByteBuffer.wrap(bytes, 11, bytes.length - 22);
        s.write(5, src);
        assertThat(src.position()).isEqualTo(11);
        s.commit(5 + bytes.length - 22);
        byte[] back = Files.readAllBytes(target);
        assertThat(back).hasSize(5 + bytes.length - 22);
        assertThat(java.util.Arrays.copyOfRange(back, 5, back.length)).isEqualTo(java.util.Arrays.copyOfRange(bytes, 11, bytes.length - 11));
    }

    @Test
    void unwrittenBytesReadBackAsZero() {
        FileSink s = FileSink.create(dir.resolve("z.h5"), true);
        s.write(199, new byte[1]);
        ByteBuffer b = ByteBuffer.allocate(100);
        s.read(50, b);
        assertThat(b.array()).containsOnly(0);
        s.discard();
    }

    @Test
    void exclusiveRefusesAnExistingTargetAndReplaceKeepsItUntilCommit() throws Exception {
        Path target = Files.writeString(dir.resolve("t.h5"), "old");
        assertThatThrownBy(() -> FileSink.create(target, false)).isInstanceOf(H5Exception.class).hasMessageContaining("already exists");
        assertThat(names()).containsExactly("t.h5");
        FileSink s = FileSink.create(target, true);
        s.write(0, "new".getBytes());
        assertThat(Files.readString(target)).isEqualTo("old");
        s.commit(3);
        assertThat(Files.readString(target)).isEqualTo("new");
        assertThat(names()).containsExactly("t.h5");
    }

    @Test
    void discardDeletesTheTemporaryFileAndLeavesTheTargetAlone() throws Exception {
        Path target = Files.writeString(dir.resolve("keep.h5"), "keep");
        FileSink s = FileSink.create(target, true);
        s.write(0, "xxxxx".getBytes());
        s.discard();
        s.close();
        assertThat(names()).containsExactly("keep.h5");
        assertThat(Files.readString(target)).isEqualTo("keep");
        assertThatThrownBy(() -> s.write(0, new byte[1])).hasMessageContaining("discarded");
    }

    @Test
    void aMissingFolderIsReported() {
        assertThatThrownBy(() -> FileSink.create(dir.resolve("no/such/folder/x.h5"), true))
                .isInstanceOf(H5Exception.class).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> FileSink.create(dir, true)).hasMessageContaining("is a directory");
    }

    @Test
    void writesFromManyThreadsLandWhereTheySay() throws Exception {
        FileSink s = FileSink.create(dir.resolve("mt.h5"), true);
        FileSpace space = new FileSpace(0);
        ConcurrentLinkedQueue<Long> got = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            Thread th = new Thread(() -> {
                for (int i = 0; i < 1000; i++) {
                    long a = space.allocate(16);
                    s.write(a, ByteBuffer.allocate(16).putLong(0, a));
                    got.add(a);
                }
            });
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) th.join();
        Set<Long> distinct = new HashSet<>(got);
        assertThat(distinct).hasSize(8000);
        assertThat(space.end()).isEqualTo(8000 * 16);
        assertThat(s.size()).isEqualTo(8000 * 16);
        for (long a : distinct) {
            ByteBuffer b = ByteBuffer.allocate(8);
            s.read(a, b);
            assertThat(b.getLong(0)).isEqualTo(a);
        }
        s.discard();
    }
}
