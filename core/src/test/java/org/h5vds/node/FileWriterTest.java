package org.h5vds.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.h5vds.filter.FilterSpec;
import org.h5vds.format.message.Dataspace;
import org.h5vds.format.message.Datatype;
import org.h5vds.format.message.FixedPointType;
import org.h5vds.io.H5Exception;
import org.h5vds.select.Selection;
import org.h5vds.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node layer's writer on its own: what it writes, and how a failure underneath ends the file. */
class FileWriterTest {
    private static final Datatype I4 = FixedPointType.of(4, true, Datatype.ByteOrder.LITTLE_ENDIAN);

    @TempDir
    Path dir;

    private static byte[] ints(int n) {
        ByteBuffer b = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) b.putInt(i);
        return b.array();
    }

    @Test
    void h5pyReadsWhatTheNodeLayerWrites() {
        Path p = dir.resolve("node.h5");
        try (FileWriter w = FileWriter.create(p, true)) {
            DatasetWriter c = w.root().createDataset("a/c", new DatasetDefinition(I4, new long[] {3, 4}, null, DatasetDefinition.Layout.CONTIGUOUS,
                    null, null, null));
            c.write(Selection.box(new long[] {0, 0}, new long[] {3, 4}), ints(12));
            DatasetWriter k = w.root().createDataset("k", new DatasetDefinition(I4, new long[] {10, 10}, new long[] {Dataspace.UNLIMITED, 10},
                    DatasetDefinition.Layout.CHUNKED, new long[] {4, 4}, List.of(FilterSpec.optional(1, 4)), null));
            k.write(Selection.box(new long[] {0, 0}, new long[] {10, 10}), ints(100));
            w.root().setAttribute(AttributeValue.variableLengthStrings("NX_class", Dataspace.scalar(), List.of("NXroot")));
            assertThat(w.root().keys()).containsExactly("a", "k");
            assertThat(w.root().get("a/c")).isSameAs(c);
        }
        String out = Python.run("""
                import h5py, sys
                f = h5py.File(sys.argv[1], 'r')
                print(f['a/c'][()].tolist())
                print(f['k'][()].sum(), f['k'].chunks, f['k'].maxshape, f['k'].compression)
                print(f.attrs['NX_class'])
                """, p);
        assertThat(out).contains("[[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]]").contains("4950 (4, 4) (None, 10) gzip").contains("NXroot");
    }

    @Test
    void aWriteThatFailsUnderneathFailsTheFileAndCloseLeavesNothing() throws Exception {
        Path p = Files.writeString(dir.resolve("existing.h5"), "before");
        FileWriter w = FileWriter.create(p, true);
        DatasetWriter k = w.root().createDataset("k", new DatasetDefinition(I4, new long[] {8, 4}, null, DatasetDefinition.Layout.CHUNKED,
                new long[] {1, 4}, List.of(), null));
        k.write(Selection.box(new long[] {0, 0}, new long[] {2, 4}), ints(8));
        w.sink().discard();   // the disk goes away under the writer
        // chunks are written on other threads: the failure surfaces at a later call
        RuntimeException seen = null;
        for (int i = 0; i < 200 && seen == null; i++) {
            try {
                k.write(Selection.box(new long[] {i % 8, 0}, new long[] {1, 4}), ints(4));
                Thread.sleep(5);
            } catch (RuntimeException e) {
                seen = e;
            }
        }
        assertThat(seen).as("a write fails once the chunk writes failed").isNotNull();
        assertThat(seen.getMessage()).contains("/k").contains("cannot be completed");
        assertThatThrownBy(() -> w.root().createGroup("g")).isInstanceOf(IllegalStateException.class).hasMessageContaining("earlier write failed");
        assertThatThrownBy(w::close).isInstanceOf(H5Exception.class).hasMessageContaining("not written");
        assertThat(Files.readString(p)).isEqualTo("before");
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()).toList()).containsExactly("existing.h5");
        }
        w.close();   // closing again does nothing
    }

    @Test
    void headersLargerThanABlockContinueInContinuationBlocks() {
        Path p = dir.resolve("continued.h5");
        try (FileWriter w = FileWriter.create(p, true)) {
            GroupWriter g = w.root().createGroup("g");
            for (int i = 0; i < 8; i++) {
                byte[] v = new byte[30_000];
                v[0] = (byte) i;
                g.setAttribute(AttributeValue.of("a" + i, FixedPointType.of(1, false, Datatype.ByteOrder.LITTLE_ENDIAN),
                        Dataspace.simple(new long[] {v.length}, null), v));
            }
        }
        try (OpenFile o = OpenFile.open(p)) {
            var h = o.resolve("/g").header();
            assertThat(h.chunks().size()).isGreaterThan(2);
            assertThat(o.resolve("/g").attributes()).hasSize(8);
        }
        String out = Python.run("""
                import h5py, sys
                f = h5py.File(sys.argv[1], 'r')
                print(sorted((k, int(v[0]), len(v)) for k, v in f['g'].attrs.items()))
                """, p);
        assertThat(out).contains("('a0', 0, 30000)").contains("('a7', 7, 30000)");
    }

    @Test
    void aProvidedLayoutIsWrittenAtCloseByItsOwner() {
        Path p = dir.resolve("provided.h5");
        try (FileWriter w = FileWriter.create(p, true)) {
            DatasetWriter d = w.root().createDataset("entry/v", I4, new long[] {4}, new long[] {Dataspace.UNLIMITED}, ints(1), new ProvidedLayout() {
                @Override
                public org.h5vds.format.message.DataLayoutMessage write(org.h5vds.io.FileSink sink) {
                    long a = sink.allocate(16);
                    sink.write(a, ints(4));
                    return org.h5vds.format.message.DataLayoutMessage.contiguous(3, a, 16);
                }

                @Override
                public org.h5vds.format.message.DataLayoutMessage.LayoutClass layoutClass() {
                    return org.h5vds.format.message.DataLayoutMessage.LayoutClass.CONTIGUOUS;
                }
            });
            assertThatThrownBy(() -> d.write(Selection.box(new long[] {0}, new long[] {1}), ints(1))).hasMessageContaining("not written one by one");
            assertThat(d.layoutClass()).isEqualTo(org.h5vds.format.message.DataLayoutMessage.LayoutClass.CONTIGUOUS);
        }
        String out = Python.run("""
                import h5py, sys
                f = h5py.File(sys.argv[1], 'r')
                d = f['entry/v']
                print(d[()].tolist(), d.maxshape, d.fillvalue)
                """, p);
        assertThat(out.strip()).isEqualTo("[0, 1, 2, 3] (None,) 0");
    }
}
