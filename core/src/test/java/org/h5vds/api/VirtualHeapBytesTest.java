package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.h5vds.testing.H5pyVds;
import org.h5vds.testing.HeapBlocks;
import org.junit.jupiter.api.Test;

/**
 * The mapping list we store for a layout is the one h5py (libhdf5 1.10.8, libver "latest") stores
 * for the same keys and sources, byte for byte: ALL for an unsliced source and for {@code ...},
 * hyperslabs for {@code :}, integers (negative too), slices with steps, index lists,
 * MultiBlockSlice, UNLIMITED stops, a printf name; then the checksum, and the object size field
 * equal to the block's length.
 */
class VirtualHeapBytesTest {
    /** layout key, source: file, dataset, shape, maxshape (or null), slice (or null). */
    record M(String key, String file, String dataset, long[] shape, long[] maxShape, String slice) {
    }

    static final List<M> MAPPINGS = List.of(
        new M("...", "s.h5", "a", new long[] {12, 10}, null, null),
        new M(":", "s.h5", "b", new long[] {12, 10}, null, null),
        new M("3", "s.h5", "c", new long[] {10}, null, null),
        new M("-1", "s.h5", "d", new long[] {10}, null, "..."),
        new M("-2, -3", "s.h5", "e", new long[] {5}, null, "-1"),
        new M("1:3, ...", "s.h5", "f", new long[] {20}, null, null),
        new M("[0, 2, 7], 1:3", "s.h5", "g", new long[] {3, 2}, null, null),
        new M("MultiBlockSlice(start=0, stride=4, count=3, block=2), 9", "s.h5", "h", new long[] {6}, null, null),
        new M("0:UNLIMITED:3, 0", "s.h5", "i", new long[] {4}, new long[] {-1}, "0:UNLIMITED"),
        new M("4:8, 2:4", "s.h5", "j", new long[] {10, 10}, null, "::3, 1:3"),
        new M("5, ::2", "s.h5", "k", new long[] {5}, null, ":"),
        new M("6:8, 0:10:3", "s.h5", "l", new long[] {8}, null, null),
        new M("0:UNLIMITED:4, 5", "p_%b.h5", "m", new long[] {1}, null, null),
        new M("9, [1, 4, 5]", "s%%.h5", "n", new long[] {10}, null, "[2, 3, 9]"));

    static String tuple(long[] v) {
        StringBuilder sb = new StringBuilder("(");
        for (long x : v) sb.append(x == -1 ? "None" : Long.toString(x)).append(", ");
        return sb.append(")").toString();
    }

    static String python(String key) {
        return key.replace("UNLIMITED", "U");
    }

    @Test
    void ourMappingListIsH5pysByteForByte() {
        StringBuilder py = new StringBuilder("from h5py import MultiBlockSlice\nlayout = h5py.VirtualLayout((12, 10), 'i4', maxshape=(None, 10))\n");
        VirtualLayout ours = new VirtualLayout(Shape.of(12, 10), DType.INT32, Shape.of(Shape.UNLIMITED, 10));
        for (M m : MAPPINGS) {
            py.append("src = h5py.VirtualSource('").append(m.file()).append("', '").append(m.dataset()).append("', shape=").append(tuple(m.shape()));
            if (m.maxShape() != null) py.append(", maxshape=").append(tuple(m.maxShape()));
            py.append(")\nlayout[").append(python(m.key())).append("] = src").append(m.slice() == null ? "" : "[" + python(m.slice()) + "]").append("\n");
            VirtualSource s = new VirtualSource(m.file(), m.dataset(), Shape.of(m.shape()), null, m.maxShape() == null ? null : Shape.of(m.maxShape()));
            ours.set(m.key(), m.slice() == null ? s : s.slice(m.slice()));
        }
        py.append("with h5py.File('h5py.h5', 'w', libver='latest') as f:\n    f.create_virtual_dataset('v', layout, fillvalue=-1)\n");
        Path dir = H5pyVds.make("heap-bytes", py.toString());
        try (H5File f = H5File.create(dir.resolve("ours.h5"))) {
            f.createVirtualDataset("v", ours, -1);
        }
        HexFormat hex = HexFormat.of();
        assertThat(hex.formatHex(HeapBlocks.of(dir.resolve("ours.h5"), "v"))).isEqualTo(hex.formatHex(HeapBlocks.of(dir.resolve("h5py.h5"), "v")));
        try (H5File a = H5File.open(dir.resolve("ours.h5")); H5File b = H5File.open(dir.resolve("h5py.h5"))) {
            assertThat(a.dataset("v").virtualSources()).hasSize(MAPPINGS.size());
            assertThat(a.dataset("v").virtualSources().toString()).isEqualTo(b.dataset("v").virtualSources().toString());
            assertThat(a.dataset("v").fillValue()).isEqualTo(b.dataset("v").fillValue());
            assertThat(a.dataset("v").maxShape()).isEqualTo(b.dataset("v").maxShape());
        }
    }
}
