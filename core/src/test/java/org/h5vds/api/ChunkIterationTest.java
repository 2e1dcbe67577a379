package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.h5vds.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Dataset#iterChunks} gives the parts h5py's {@code iter_chunks} gives, and they tile the region. */
class ChunkIterationTest {
    /** Regions as h5py's iter_chunks takes them (slices), and as h5vds' Index text. */
    private static final String[] REGIONS = {
        "", "0:10, 0:7", "2:9, 0:7", "5:6, 3:7", "2:9, 3:7", "1:2, 4:5", "7:10, 2:6", "0:4, 0:3",
    };

    @Test
    void partsAreH5pysAndTileTheRegion(@TempDir Path dir) {
        Path file = dir.resolve("c.h5");
        Python.run("""
                import sys, h5py, numpy as np
                with h5py.File(sys.argv[1], 'w') as f:
                    f.create_dataset('d', data=np.arange(70, dtype='<i4').reshape(10, 7), chunks=(4, 3))
                """, file);
        String h5py = Python.run("""
                import sys, h5py
                with h5py.File(sys.argv[1], 'r') as f:
                    d = f['d']
                    for region in sys.argv[2].split('|'):
                        sel = None if region == '' else tuple(slice(*map(int, a.split(':'))) for a in region.split(','))
                        parts = []
                        for p in d.iter_chunks(sel):
                            # h5py 3.7 starts a later row of chunks at chunk 0 of the inner axes, yielding an
                            # empty part where the region starts past it: left out
                            if all(s.stop > s.start for s in p):
                                parts.append(','.join('%d:%d' % (s.start, s.stop) for s in p))
                        print(' '.join(parts))
                """, file, String.join("|", REGIONS));
        List<String> theirs = h5py.lines().toList();
        try (H5File f = H5File.open(file)) {
            Dataset d = f.dataset("d");
            int[] all = d.read().toIntArray();
            for (int i = 0; i < REGIONS.length; i++) {
                Iterable<Index> parts = REGIONS[i].isEmpty() ? d.iterChunks() : d.iterChunks(REGIONS[i]);
                List<String> ours = new ArrayList<>();
                long covered = 0;
                for (Index part : parts) {
                    String text = part.toString().replace(" ", "").replace("(", "").replace(")", "");
                    ours.add(text);
                    // each part reads what the whole holds there
                    String[] bounds = text.split("[:,]");
                    long[] start = {Long.parseLong(bounds[0]), Long.parseLong(bounds[2])};
                    NdArray a = d.read(part);
                    long[] shape = a.shape();
                    int[] v = a.toIntArray();
                    for (int r = 0; r < shape[0]; r++) {
                        for (int c = 0; c < shape[1]; c++) assertThat(v[(int) (r * shape[1] + c)]).isEqualTo(all[(int) ((start[0] + r) * 7 + start[1] + c)]);
                    }
                    covered += a.size();
                }
                assertThat(String.join(" ", ours)).as("region %s", REGIONS[i]).isEqualTo(theirs.get(i));
                assertThat(covered).as("region %s", REGIONS[i]).isEqualTo(REGIONS[i].isEmpty() ? 70 : d.shapeOf(Index.parse(REGIONS[i])).size());
            }
            // an iterable may be walked again
            Iterable<Index> again = d.iterChunks("2:9, 3:7");
            List<String> first = new ArrayList<>();
            again.forEach(p -> first.add(p.toString()));
            List<String> second = new ArrayList<>();
            again.forEach(p -> second.add(p.toString()));
            assertThat(second).isEqualTo(first).hasSize(6);
            assertThat(d.iterChunks("-3:, :-4").iterator().next()).hasToString(Index.parse("7:8, 0:3").toString());
            assertThat(d.iterChunks("4, 1:6").iterator().next()).hasToString(Index.parse("4:5, 1:3").toString());
            assertThatThrownBy(() -> d.iterChunks("::2, :")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not one box");
            assertThatThrownBy(() -> d.iterChunks("3:3, :")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
            // (slices are clamped to the shape as NumPy clamps them; h5py's iter_chunks refuses a stop past the end)
            assertThat(d.iterChunks("0:11, :")).map(Index::toString).containsExactlyElementsOf(
                    java.util.stream.StreamSupport.stream(d.iterChunks().spliterator(), false).map(Index::toString).toList());
        }
    }

    @Test
    void aDatasetThatIsNotChunkedHasNoChunksToIterate(@TempDir Path dir) {
        Path file = dir.resolve("n.h5");
        try (H5File f = H5File.create(file)) {
            f.createDataset("contiguous", NdArray.of(new int[] {1, 2, 3}, 3));
        }
        try (H5File f = H5File.open(file)) {
            assertThatThrownBy(() -> f.dataset("contiguous").iterChunks()).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("/contiguous: not chunked");
        }
    }
}
