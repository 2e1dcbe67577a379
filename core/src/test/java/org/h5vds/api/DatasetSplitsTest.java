package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Dataset#splits}: parts of about the target size, cut only where the storage allows a
 * clean split — chunk boundaries, and for virtual datasets mapping edges and source chunk
 * boundaries (concatenated, interleaved and side-by-side sources, as the seed examples map them).
 */
class DatasetSplitsTest {
    @TempDir
    Path dir;

    /** A file holding {@code rows} × 8 int32 rows chunked by {@code chunkRows} (0: contiguous). */
    private Path source(String name, long rows, long chunkRows) {
        Path p = dir.resolve(name);
        int[] v = new int[(int) rows * 8];
        for (int i = 0; i < v.length; i++) v[i] = i;
        try (H5File f = H5File.create(p)) {
            DatasetOptions o = chunkRows > 0 ? DatasetOptions.chunked(chunkRows, 8) : DatasetOptions.contiguous();
            f.createDataset("data", NdArray.of(v, rows, 8), o);
        }
        return p;
    }

    private static long[] splits(Path file, String dataset, long targetRows) {
        try (H5File f = H5File.open(file)) {
            return f.dataset(dataset).splits(targetRows * 8 * 4);
        }
    }

    @Test
    void chunkedDatasetsAreCutAtChunkBoundariesWithinTheTarget() {
        Path p = source("c.h5", 100, 10);
        assertThat(splits(p, "data", 25)).containsExactly(0, 20, 40, 60, 80, 100);
        assertThat(splits(p, "data", 3)).as("a target below one chunk gives one chunk per part")
                .containsExactly(0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100);
        assertThat(splits(p, "data", 1000)).containsExactly(0, 100);
        try (H5File f = H5File.open(p)) {
            assertThat(f.dataset("data").splits(15, 62, 25 * 32)).containsExactly(15, 40, 62);
            assertThat(f.dataset("data").splits(30, 30, 32)).containsExactly(30);
        }
    }

    @Test
    void contiguousDatasetsAreCutAtTheTarget() {
        Path p = source("contiguous.h5", 100, 0);
        assertThat(splits(p, "data", 30)).containsExactly(0, 30, 60, 90, 100);
    }

    @Test
    void concatenatedSourcesAreCutAtTheirChunkBoundaries() {
        VirtualLayout layout = new VirtualLayout(Shape.of(120, 8), DType.INT32);
        for (int s = 0; s < 4; s++) {
            source("s" + s + ".h5", 30, 10);
            layout.set(Index.of(Index.slice(30L * s, 30L * s + 30)), new VirtualSource("s" + s + ".h5", "data", Shape.of(30, 8)));
        }
        Path vds = writeVirtual(layout);
        // parts of at most 25 rows end where a source's chunk of 10 rows ends: 30 + 10 = 40, 60 + 20 = 80, ...
        assertThat(splits(vds, "v", 25)).containsExactly(0, 20, 40, 60, 80, 100, 120);
        assertThat(splits(vds, "v", 60)).containsExactly(0, 60, 120);
    }

    @Test
    void interleavedSourcesAreCutWhereEveryOneChangesChunk() {
        // Percival: frame i of source k is virtual frame 4 i + k; sources chunked by 5 frames
        VirtualLayout layout = new VirtualLayout(Shape.of(80, 8), DType.INT32);
        for (int k = 0; k < 4; k++) {
            source("raw" + k + ".h5", 20, 5);
            layout.set(Index.of(Index.slice((long) k, 80L, 4L)), new VirtualSource("raw" + k + ".h5", "data", Shape.of(20, 8)));
        }
        Path vds = writeVirtual(layout);
        assertThat(splits(vds, "v", 30)).containsExactly(0, 20, 40, 60, 80);
        assertThat(splits(vds, "v", 5)).as("no clean cut within 5 rows: the next one beyond").containsExactly(0, 20, 40, 60, 80);
    }

    @Test
    void sideBySideSourcesAreCutAtTheirCommonChunkBoundaries() {
        // Excalibur: stripes stacked along axis 1 with gaps, each chunked by 2 frames
        VirtualLayout layout = new VirtualLayout(Shape.of(10, 17, 8), DType.INT32);
        for (int s = 0; s < 3; s++) {
            Path p = dir.resolve("stripe" + s + ".h5");
            try (H5File f = H5File.create(p)) {
                f.createDataset("data", NdArray.zeros(DType.INT32, 10, 5, 8), DatasetOptions.chunked(2, 5, 8));
            }
            layout.set("0:10, " + 6 * s + ":" + (6 * s + 5) + ", :", new VirtualSource(p.getFileName().toString(), "data", Shape.of(10, 5, 8)));
        }
        Path vds = writeVirtual(layout);
        try (H5File f = H5File.open(vds)) {
            long rowBytes = 17 * 8 * 4;
            assertThat(f.dataset("v").splits(3 * rowBytes)).containsExactly(0, 2, 4, 6, 8, 10);
        }
    }

    @Test
    void missingSourcesAndUnmappedRowsPutNoConstraint() throws Exception {
        VirtualLayout layout = new VirtualLayout(Shape.of(100, 8), DType.INT32);
        source("a.h5", 40, 40);
        layout.set("0:40", new VirtualSource("a.h5", "data", Shape.of(40, 8)));
        layout.set("40:80", new VirtualSource("gone.h5", "data", Shape.of(40, 8)));
        Path vds = writeVirtual(layout);
        assertThat(Files.exists(dir.resolve("gone.h5"))).isFalse();
        // the source chunk of 40 rows keeps 0:40 whole; the missing source and the unmapped rows cut anywhere
        assertThat(splits(vds, "v", 15)).containsExactly(0, 40, 55, 70, 85, 100);
    }

    @Test
    void splitsCoverTheRangeAndReadLikeTheWhole() {
        Path p = source("r.h5", 97, 7);
        try (H5File f = H5File.open(p)) {
            Dataset d = f.dataset("data");
            long[] b = d.splits(20 * 32);
            NdArray whole = d.read();
            int[] joined = new int[(int) whole.size()];
            int at = 0;
            for (int k = 0; k + 1 < b.length; k++) {
                int[] part = d.read(Index.of(Index.slice(b[k], b[k + 1]))).toIntArray();
                System.arraycopy(part, 0, joined, at, part.length);
                at += part.length;
            }
            assertThat(joined).containsExactly(whole.toIntArray());
        }
    }

    @Test
    void badRangesAndDatasetsWithoutRowsAreRefused() {
        Path p = dir.resolve("scalar.h5");
        try (H5File f = H5File.create(p)) {
            f.createDataset("s", NdArray.scalar(DType.INT32, 3));
            f.createDataset("a", NdArray.of(new int[] {1, 2, 3}, 3));
        }
        try (H5File f = H5File.open(p)) {
            assertThatThrownBy(() -> f.dataset("s").splits(10)).hasMessageContaining("no rows to split");
            assertThatThrownBy(() -> f.dataset("a").splits(0, 4, 10)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("[0, 4)").hasMessageContaining("length 3");
            assertThatThrownBy(() -> f.dataset("a").splits(0)).hasMessageContaining("positive");
        }
    }

    @Property(tries = 60)
    void chunkedSplitsAreChunkAlignedAndNeverEmpty(@ForAll @IntRange(min = 1, max = 300) int rows, @ForAll @IntRange(min = 1, max = 40) int chunk,
                                                   @ForAll @IntRange(min = 1, max = 100) int targetRows, @ForAll @IntRange(min = 0, max = 299) int from) {
        long start = Math.min(from, rows);
        long[] b = Splits.of(start, rows, targetRows, Splits.everyChunk(chunk, rows));
        assertThat(b[0]).isEqualTo(start);
        assertThat(b[b.length - 1]).isEqualTo(rows);
        for (int k = 1; k < b.length; k++) {
            assertThat(b[k]).isGreaterThan(b[k - 1]);
            if (k < b.length - 1) assertThat(b[k] % chunk).as("cut %d", b[k]).isZero();
            if (k < b.length - 1 && b[k] - b[k - 1] > targetRows) {
                // longer than the target only when no chunk boundary lay within it
                assertThat((b[k - 1] / chunk + 1) * chunk).isGreaterThan(b[k - 1] + targetRows);
            }
        }
    }

    private Path writeVirtual(VirtualLayout layout) {
        Path p = dir.resolve("vds.h5");
        try (H5File f = H5File.create(p)) {
            f.createVirtualDataset("v", layout);
        }
        return p;
    }
}
