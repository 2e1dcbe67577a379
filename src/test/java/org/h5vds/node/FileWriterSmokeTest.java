package org.h5vds.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import org.h5vds.filter.FilterSpec;
import org.h5vds.format.message.Dataspace;
import org.h5vds.format.message.Datatype;
import org.h5vds.select.Selection;
import org.h5vds.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileWriterSmokeTest {
    @TempDir
    Path dir;

    @Test
    void h5pyReadsAContiguousAndAChunkedDataset() {
        Path p = dir.resolve("smoke.h5");
        try (FileWriter w = FileWriter.create(p, true)) {
            Datatype i4 = Datatype.fixedPoint(4, true, Datatype.ByteOrder.LITTLE_ENDIAN);
            DatasetWriter c = w.root().createDataset("a/c", new DatasetDefinition(i4, new long[] {3, 4}, null, DatasetDefinition.Layout.CONTIGUOUS, null, null, null));
            ByteBuffer b = ByteBuffer.allocate(48).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < 12; i++) b.putInt(i);
            c.write(Selection.box(new long[] {0, 0}, new long[] {3, 4}), b.array());
            DatasetWriter k = w.root().createDataset("k", new DatasetDefinition(i4, new long[] {10, 10}, new long[] {-1, 10},
                    DatasetDefinition.Layout.CHUNKED, new long[] {4, 4}, List.of(FilterSpec.optional(1, 4)), null));
            ByteBuffer kb = ByteBuffer.allocate(400).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < 100; i++) kb.putInt(i);
            k.write(Selection.box(new long[] {0, 0}, new long[] {10, 10}), kb.array());
            w.root().setAttribute(AttributeValue.variableLengthStrings("NX_class", Dataspace.scalar(), List.of("NXroot")));
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
}
