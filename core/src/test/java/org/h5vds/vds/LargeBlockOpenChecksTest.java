package org.h5vds.vds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.h5vds.api.DType;
import org.h5vds.api.H5File;
import org.h5vds.api.Index;
import org.h5vds.api.NdArray;
import org.h5vds.api.Shape;
import org.h5vds.api.VirtualLayout;
import org.h5vds.api.VirtualSource;
import org.h5vds.io.Cursor;
import org.h5vds.api.H5FormatException;
import org.h5vds.select.Selection;
import org.h5vds.testing.HeapBlocks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What opening a virtual dataset checks of its mapping list, on lists of 15,000 one-element
 * mappings (a 1.2 MB block, which the file store hands out as a view of its mapping and the table
 * reads through a {@link StreamedBlock} with its checksum on a worker): a printf name in a bounded
 * mapping, and a mapping beyond the dataset's extent, both where every entry is alike (checked
 * once for all: the names of entry 0, the union of the boxes) and where one entry differs; and an
 * intact list read back. The lists are written by the library, then rewritten in place with one
 * change of the same length and the checksum recomputed.
 */
class LargeBlockOpenChecksTest {
    private static final int ROWS = 150;
    private static final int N = ROWS * 100;

    @TempDir
    Path dir;

    @Test
    void anIntactListIsReadBack() throws IOException {
        Path file = write("intact.h5");
        try (H5File f = H5File.open(file)) {
            assertThat(f.dataset("v").read("149, 99").toIntArray()).containsExactly(N - 1);
            assertThat(f.dataset("v").read("3, 4:6").toIntArray()).containsExactly(304, 305);
            assertThat(f.dataset("v").read().toIntArray()).hasSize(N).startsWith(0, 1, 2).endsWith(N - 2, N - 1);
        }
    }

    @Test
    void aPrintfNameInABoundedMappingFailsTheOpenWhetherEveryEntryHasItOrOne() throws IOException {
        for (int at : new int[] {-1, 0, 7_777, N - 1}) {
            Path file = write("printf-" + at + ".h5");
            rewrite(file, m -> {
                List<VirtualMapping> out = new ArrayList<>();
                for (int i = 0; i < m.size(); i++) {
                    VirtualMapping x = m.get(i);
                    // "abcd.h5" and "ab%b.h5" have the same length: the block keeps its size
                    out.add(at < 0 || i == at ? new VirtualMapping("ab%b.h5", x.sourceDatasetName(), x.sourceSelection(), x.virtualSelection()) : x);
                }
                return out;
            });
            Throwable t = catchThrowable(() -> {
                try (H5File f = H5File.open(file)) {
                    f.dataset("v").read("0, 0");
                }
            });
            assertThat(t).as("printf name at %d", at).isInstanceOf(H5FormatException.class)
                    .hasMessageContaining("mapping " + Math.max(at, 0) + " (ab%b.h5:src)")
                    .hasMessageContaining("printf specifiers (%b) in a source name need an unlimited virtual selection");
        }
    }

    @Test
    void aMappingBeyondTheExtentFailsTheOpenWhereverItIs() throws IOException {
        for (int at : new int[] {0, 7_777, N - 1}) {
            Path file = write("beyond-" + at + ".h5");
            rewrite(file, m -> {
                List<VirtualMapping> out = new ArrayList<>(m);
                VirtualMapping x = m.get(at);
                // row 151 of a dataset of 150 rows (a coordinate is 4 bytes whatever its value)
                out.set(at, new VirtualMapping(x.sourceFileName(), x.sourceDatasetName(), x.sourceSelection(),
                        Selection.box(new long[] {ROWS + 1, 3}, new long[] {1, 1})));
                return out;
            });
            Throwable t = catchThrowable(() -> {
                try (H5File f = H5File.open(file)) {
                    f.dataset("v").read("0, 0");
                }
            });
            assertThat(t).as("beyond at %d", at).isInstanceOf(H5FormatException.class)
                    .hasMessageContaining("are not large enough to contain the mappings' bounds [152, 100]");
        }
    }

    /** v (150, 100) int32, element k from element k of abcd.h5:/src (written too). */
    private Path write(String name) {
        Path file = dir.resolve(name);
        int[] values = new int[N];
        for (int k = 0; k < N; k++) values[k] = k;
        try (H5File f = H5File.create(dir.resolve("abcd.h5"))) {
            f.createDataset("src", NdArray.of(values, N));
        }
        VirtualLayout layout = new VirtualLayout(Shape.of(ROWS, 100), DType.INT32);
        VirtualSource src = new VirtualSource("abcd.h5", "src", Shape.of(N));
        for (int k = 0; k < N; k++) layout.set(Index.of(Index.at(k / 100), Index.at(k % 100)), src.slice(Index.of(Index.at(k))));
        try (H5File f = H5File.create(file)) {
            f.createVirtualDataset("v", layout);
        }
        return file;
    }

    /** Replaces the file's mapping list by {@code change} of it, encoded to the same length, in place. */
    private static void rewrite(Path file, java.util.function.UnaryOperator<List<VirtualMapping>> change) throws IOException {
        byte[] old = HeapBlocks.of(file, "v");
        assertThat(old.length).as("a block the store gives as a view").isGreaterThan(1 << 20);
        List<VirtualMapping> mappings = VirtualHeapBlock.decode(new Cursor(ByteBuffer.wrap(old), "old", 0, 8, 8), 2).mappings();
        byte[] block = new VirtualHeapBlock(VirtualHeapBlock.VERSION_0, change.apply(mappings)).encode(8);
        assertThat(block.length).isEqualTo(old.length);
        byte[] bytes = Files.readAllBytes(file);
        int at = indexOf(bytes, old);
        System.arraycopy(block, 0, bytes, at, block.length);
        Files.write(file, bytes);
    }

    private static int indexOf(byte[] in, byte[] what) {
        outer:
        for (int i = 0; i + what.length <= in.length; i++) {
            for (int j = 0; j < 64; j++) if (in[i + j] != what[j]) continue outer;
            if (java.util.Arrays.equals(in, i, i + what.length, what, 0, what.length)) return i;
        }
        throw new AssertionError("the mapping list is not in the file");
    }
}
