package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.h5vds.cli.Main;
import org.h5vds.format.message.DataLayoutMessage;
import org.h5vds.testing.FileSurgery;
import org.h5vds.testing.Libhdf5Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile structures rather than random bit flips: hand-made damage to copies of h5py-written files
 * (cycles, depth, sizes) that random mutation rarely produces. Each ends as libhdf5 ends it — a
 * clear error naming the file, the object and the byte offset, or the answer libhdf5 gives — never a
 * StackOverflowError, an OutOfMemoryError or another exception type.
 */
class HostileStructuresTest {
    @TempDir
    Path dir;

    @Test
    void aLayoutMessageThatFailsWhileTheObjectIsOpenedNamesTheObject() {
        // libhdf5: "Unable to open object (chunk dimension must be positive: mesg->u.chunk.dim[0] = 0)";
        // the layout is decoded while the kind of the object is told, before any dataset is made
        FileSurgery s = FileSurgery.copy(HostileInputTest.seed("dtypes_earliest.h5"), dir.resolve("chunk0.h5"));
        long layout = s.message("be_i2_chunked", DataLayoutMessage.class);
        assertThat(s.u8(layout)).as("layout message version").isEqualTo(3);
        s.putU32(layout + 3 + 8, 0).save();            // version, class, dimensionality, B-tree address
        Throwable t = catchThrowable(() -> {
            try (H5File f = H5File.open(s.path())) {
                f.dataset("be_i2_chunked");
            }
        });
        assertThat(t).isInstanceOf(H5FormatException.class);
        H5FormatException e = (H5FormatException) t;
        assertThat(e.objectPath()).isEqualTo("/be_i2_chunked");
        assertThat(e.getMessage()).contains(s.path().toString()).contains("/be_i2_chunked")
                .contains("chunk dimension 0 is 0, must be positive");
        assertThat(e.offset()).as("inside the layout message").isBetween(layout, layout + 3 + 8 + 8);
    }

    /** Runs {@code work} on a thread with a small stack: a walk whose depth follows the file's nesting overflows it. */
    private static <T> T onSmallStack(java.util.function.Supplier<T> work) throws InterruptedException {
        AtomicReference<Object> result = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                result.set(work.get());
            } catch (Throwable e) {
                result.set(e);
            }
        }, "small-stack", 256 * 1024);
        t.start();
        t.join();
        assertThat(result.get()).as("no StackOverflowError or other failure").isNotInstanceOf(Throwable.class);
        @SuppressWarnings("unchecked")
        T r = (T) result.get();
        return r;
    }

    @Test
    void groupsNestedThousandsDeepAreVisitedListedAndNamed() throws Exception {
        // 5000 groups each inside the last, a dataset at the bottom and a reference to it: libhdf5's
        // H5Ovisit (h5py visit) and h5ls -r go down them all (checked with 1500 levels; both recurse on
        // C's 8 MiB stack and take quadratic time in the path lengths, so not here with 5000)
        int depth = 5000;
        Path file = Libhdf5Files.write(dir.resolve("deep.h5"), """
                with h5py.File(sys.argv[1], 'w', libver='latest') as f:
                    g = f
                    for i in range(%d):
                        g = g.create_group('a')
                    d = g.create_dataset('x', data=np.arange(3))
                    f.attrs['ref'] = d.ref
                """.formatted(depth));
        String bottom = "a/".repeat(depth) + "x";
        List<String> visited = onSmallStack(() -> {
            List<String> paths = new ArrayList<>();
            try (H5File f = H5File.open(file)) {
                f.visit((path, o) -> paths.add(path));
            }
            return paths;
        });
        assertThat(visited).hasSize(depth + 1);
        assertThat(visited.get(depth)).isEqualTo(bottom);

        String named = onSmallStack(() -> {
            try (H5File f = H5File.open(file)) {
                return f.attrs().get("ref").value().getReference().path();
            }
        });
        assertThat(named).isEqualTo("/" + bottom);

        String[] listing = onSmallStack(() -> {
            java.io.StringWriter out = new java.io.StringWriter(), err = new java.io.StringWriter();
            int exit = Main.run(new String[] {"ls", file.toString()}, new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true));
            assertThat(exit).as(err.toString()).isZero();
            return out.toString().split("\n");
        });
        assertThat(listing).hasSize(depth + 2);       // the root, the groups and the dataset
        assertThat(listing[depth + 1]).startsWith("/" + bottom + " ").contains("dataset");

        // copied whole (materialize --all): the copy walks the groups and its writer writes them, deepest first
        Path copy = dir.resolve("deep-copy.h5");
        List<String> copied = onSmallStack(() -> {
            try (H5File f = H5File.open(file)) {
                f.copyFlattened(copy);
            }
            List<String> paths = new ArrayList<>();
            try (H5File f = H5File.open(copy)) {
                f.visit((path, o) -> paths.add(path));
                assertThat(f.dataset(bottom).read().toLongArray()).containsExactly(0, 1, 2);
            }
            return paths;
        });
        assertThat(copied).isEqualTo(visited);
    }

    /** The offset of the first occurrence of the little-endian 32-bit words {@code words} in {@code file}. */
    private static long find(Path file, long... words) throws java.io.IOException {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(java.nio.file.Files.readAllBytes(file)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        outer:
        for (int at = 0; at + 4 * words.length <= b.capacity(); at++) {
            for (int i = 0; i < words.length; i++) if ((b.getInt(at + 4 * i) & 0xFFFFFFFFL) != words[i]) continue outer;
            return at;
        }
        throw new AssertionError("pattern not in " + file);
    }

    @Test
    void aRegionReachingPastTheExtentIsNotReadFromWhateverFollowsTheData() throws Exception {
        // the stored region [1:3, 2:5] of a 10 x 10 dataset moved to rows 9..10 (10 is past the edge):
        // libhdf5 refuses it ("selection + offset not within extent"); h5vds read the bytes after the data
        Path file = Libhdf5Files.write(dir.resolve("region.h5"), """
                with h5py.File(sys.argv[1], 'w') as f:
                    d = f.create_dataset('data', data=np.arange(100).reshape(10, 10))
                    f.create_dataset('rr', (1,), dtype=h5py.regionref_dtype)[0] = d.regionref[1:3, 2:5]
                    f.create_dataset('after', data=np.full(100, 7))
                """);
        // the hyperslab selection in the global heap: type 2, version 1, reserved, length 24, rank 2, 1 block
        long block = find(file, 2, 1, 0, 24, 2, 1, 1, 2, 2, 4) + 4 * 6;
        FileSurgery s = FileSurgery.copy(file, dir.resolve("past.h5"));
        s.putU32(block, 9).putU32(block + 8, 10).save();        // start row, end row (inclusive)
        try (H5File f = H5File.open(s.path())) {
            Reference r = f.dataset("rr").read().getReference(0);
            assertThat(r.regionText()).isEqualTo("[9:11, 2:5]");
            Throwable t = catchThrowable(r::readRegion);
            assertThat(t).isInstanceOf(H5Exception.class).hasMessageContaining(s.path().toString()).hasMessageContaining("/data")
                    .hasMessageContaining("beyond the dataset's extent [10, 10]");
        }
    }

    @Test
    void aDamagedRegionSelectionNamesItsOffsetInTheFile() throws Exception {
        // the block count of a stored region raised to 2^31 - 1 (libhdf5: "unable to retrieve dataspace"):
        // the error named the offset inside the heap object, less one (31), not the offset in the file
        Path file = Libhdf5Files.write(dir.resolve("region.h5"), """
                with h5py.File(sys.argv[1], 'w') as f:
                    d = f.create_dataset('data', data=np.arange(100).reshape(10, 10))
                    f.create_dataset('rr', (1,), dtype=h5py.regionref_dtype)[0] = d.regionref[1:3, 2:5]
                """);
        long selection = find(file, 2, 1, 0, 24, 2, 1, 1, 2, 2, 4);
        long blocks = selection + 4 * 5;               // type, version, reserved, length, rank
        FileSurgery s = FileSurgery.copy(file, dir.resolve("blocks.h5"));
        s.putU32(blocks, Integer.MAX_VALUE).save();
        Throwable t = catchThrowable(() -> {
            try (H5File f = H5File.open(s.path())) {
                f.dataset("rr").read().getReference(0);
            }
        });
        assertThat(t).isInstanceOf(H5FormatException.class).hasMessageContaining(s.path().toString()).hasMessageContaining("/rr")
                .hasMessageContaining("2147483647 entries");
        assertThat(((H5FormatException) t).offset()).as("just after the block count").isEqualTo(blocks + 4);
    }
}
