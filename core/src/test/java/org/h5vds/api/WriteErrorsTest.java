package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input: each error names the object and the offending value, leaves nothing under the target
 * name, and does not harm the file being written (it still closes into a valid file, without the
 * object that could not be made).
 */
class WriteErrorsTest {
    @TempDir
    Path dir;

    private Path file;
    private H5File f;

    private H5File create() {
        file = dir.resolve("out.h5");
        f = H5File.create(file);
        return f;
    }

    /** After an error: nothing at the target yet, and the file still completes with what was made. */
    private void fileStillCompletes(String... mustExist) {
        assertThat(file).doesNotExist();
        f.createDataset("after_the_error", NdArray.of(new int[] {1}));
        f.close();
        try (H5File r = H5File.open(file)) {
            assertThat(r.contains("after_the_error")).isTrue();
            for (String p : mustExist) assertThat(r.contains(p)).as(p).isTrue();
        }
    }

    /**
     * Header and attribute messages give the sizes of a message, of an attribute's name (with its NUL)
     * and of its datatype in 2 bytes: larger ones are refused when made, not written truncated, which
     * libhdf5 1.10 does for attributes (h5py then fails on "attribute name has different length than
     * stored length") and which used to lose the whole file at close for a dataset.
     */
    @Test
    void namesAndDatatypesTooLargeForTheirSizeFields() {
        create();
        String longest = "c".repeat(65534);
        f.attrs().put(longest, 6L);
        assertThatThrownBy(() -> f.attrs().put("d".repeat(65535), 6L)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("65536 bytes").hasMessageContaining("at most 65535");
        java.util.Map<String, Long> members = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 8000; i++) members.put("member_" + i, (long) i);
        DType huge = DType.enumeration(DType.INT32, members);
        assertThatThrownBy(() -> f.attrs().put("e", NdArray.full(huge, 5, 1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"e\"").hasMessageContaining("datatype takes");
        assertThatThrownBy(() -> f.createDataset("d", NdArray.full(huge, 1, 2))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("/d").hasMessageContaining("object header message is too large");
        fileStillCompletes();
        assertThat(org.h5vds.testing.H5Dump.run(file, "-H").exit()).isZero();
        assertThat(org.h5vds.testing.Python.run("import h5py, sys\nwith h5py.File(sys.argv[1], 'r') as f: print([(len(n), int(v)) for n, v in f.attrs.items()])", file).strip())
                .isEqualTo("[(65534, 6)]");
    }

    @Test
    void chunkShapeWithAZeroDimension() {
        create();
        assertThatThrownBy(() -> f.createDataset("entry/data", DType.UINT16, Shape.of(10, 4), DatasetOptions.chunked(0, 4)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("/entry/data").hasMessageContaining("(0, 4)").hasMessageContaining("at least 1");
        fileStillCompletes();
        try (H5File r = H5File.open(file)) {
            assertThat(r.contains("entry")).as("no group made for a dataset that failed").isFalse();
        }
    }

    @Test
    void chunkShapeLargerThanTheMaximum() {
        create();
        assertThatThrownBy(() -> f.createDataset("d", DType.FLOAT32, Shape.of(5, 4), DatasetOptions.chunked(10, 4)))
                .hasMessageContaining("/d").hasMessageContaining("(10, 4)").hasMessageContaining("maximum shape (5, 4)");
        assertThatThrownBy(() -> f.createDataset("e", DType.FLOAT32, Shape.of(5, 4), DatasetOptions.chunked(2, 2, 2)))
                .hasMessageContaining("/e").hasMessageContaining("rank 3");
        fileStillCompletes();
    }

    @Test
    void writeOutsideTheExtent() {
        create();
        Dataset d = f.createDataset("frames", DType.UINT16, Shape.of(3, 4), DatasetOptions.chunked(1, 4).maxShape(Shape.UNLIMITED, 4));
        assertThatThrownBy(() -> d.write("5", NdArray.zeros(DType.UINT16, 4)))
                .isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("/frames").hasMessageContaining("5").hasMessageContaining("resize");
        assertThatThrownBy(() -> d.write("2:5", NdArray.zeros(DType.UINT16, 3, 4)))
                .hasMessageContaining("/frames").hasMessageContaining("(3, 4)").hasMessageContaining("(1, 4)");
        d.resize(6, 4);
        d.write("5", NdArray.full(DType.UINT16, 9, 4));
        fileStillCompletes("frames");
        try (H5File r = H5File.open(file)) {
            assertThat(r.dataset("frames").read("5").toIntArray()).containsExactly(9, 9, 9, 9);
        }
    }

    @Test
    void aNameThatExists() {
        create();
        f.createDataset("a/b", NdArray.of(new int[] {1}));
        assertThatThrownBy(() -> f.createDataset("a/b", NdArray.of(new int[] {2})))
                .hasMessageContaining("/a/b").hasMessageContaining("already exists");
        assertThatThrownBy(() -> f.createGroup("a")).hasMessageContaining("/a").hasMessageContaining("already exists");
        assertThatThrownBy(() -> f.createGroup("a/b/c")).hasMessageContaining("/a/b is a dataset, not a group");
        assertThatThrownBy(() -> f.root().softLink("a", "/x")).hasMessageContaining("already exists");
        fileStillCompletes("a/b");
    }

    @Test
    void unknownCompression() {
        create();
        assertThatThrownBy(() -> f.createDataset("d", NdArray.of(new int[] {1, 2}), DatasetOptions.chunked(2).filter(31999)))
                .hasMessageContaining("/d").hasMessageContaining("filter 31999").hasMessageContaining("not available");
        assertThatThrownBy(() -> f.createDataset("s", NdArray.of(new int[] {1, 2}), DatasetOptions.chunked(2).filter(4)))
                .hasMessageContaining("/s").hasMessageContaining("szip");
        assertThatThrownBy(() -> f.createDataset("b", NdArray.of(new int[] {1, 2}), DatasetOptions.chunked(2).filter(32001)))
                .hasMessageContaining("/b").hasMessageContaining("blosclz");
        assertThatThrownBy(() -> f.createDataset("c", NdArray.of(new int[] {1, 2}), DatasetOptions.contiguous().deflate()))
                .hasMessageContaining("/c").hasMessageContaining("chunked");
        assertThatThrownBy(() -> DatasetOptions.defaults().deflate(12)).hasMessageContaining("12");
        fileStillCompletes();
    }

    @Test
    void valuesOfTheWrongDtypeOrShape() {
        create();
        Dataset d = f.createDataset("ints", DType.INT32, Shape.of(2, 3), DatasetOptions.defaults());
        assertThatThrownBy(() -> d.write(NdArray.ofComplex(new float[12], 2, 3)))
                .hasMessageContaining("/ints").hasMessageContaining("complex64").hasMessageContaining("int32");
        // libhdf5 (and so h5py) converts between numbers and enumerations such as h5py's bool by value
        d.write(NdArray.of(new boolean[6], 2, 3));
        assertThatThrownBy(() -> d.write(NdArray.of(new int[4], 4))).hasMessageContaining("(4,)").hasMessageContaining("(2, 3)");
        Dataset flags = f.createDataset("flags", DType.BOOL, Shape.of(2), DatasetOptions.defaults());
        flags.write(NdArray.of(new int[] {0, 1}));
        assertThatThrownBy(() -> flags.write(NdArray.ofStrings("a", "b"))).hasMessageContaining("/flags").hasMessageContaining("vlen str");
        assertThatThrownBy(() -> f.createDataset("u8", DType.UINT8, Shape.of(2), DatasetOptions.defaults().fillValue(300)))
                .hasMessageContaining("/u8").hasMessageContaining("300");
        d.write(NdArray.of(new double[] {1.9, -1.9, 1e10, -1e10, 0, 2}, 2, 3));
        fileStillCompletes("ints", "flags");
        try (H5File r = H5File.open(file)) {
            // libhdf5's conversion: truncation toward zero, saturation at the limits
            assertThat(r.dataset("ints").read().toIntArray()).containsExactly(1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 0, 2);
        }
    }

    @Test
    void storageThatCannotBeMade() {
        create();
        assertThatThrownBy(() -> f.createDataset("c", DType.INT8, Shape.of(4), DatasetOptions.contiguous().maxShape(8)))
                .hasMessageContaining("/c").hasMessageContaining("(8,)");
        assertThatThrownBy(() -> f.createDataset("k", DType.FLOAT64, Shape.of(10_000), DatasetOptions.compact()))
                .hasMessageContaining("/k").hasMessageContaining("80000 bytes");
        assertThatThrownBy(() -> f.createDataset("s", DType.INT8, Shape.SCALAR, DatasetOptions.chunked(1)))
                .hasMessageContaining("/s").hasMessageContaining("scalar");
        Dataset c = f.createDataset("contig", NdArray.of(new int[] {1, 2}));
        assertThatThrownBy(() -> c.resize(3)).hasMessageContaining("/contig").hasMessageContaining("only chunked");
        Dataset e = f.createDataset("e", DType.INT8, Shape.of(0, 2), DatasetOptions.chunked(1, 2).maxShape(3, 2));
        e.append(NdArray.of(new byte[] {1, 2, 3, 4}, 2, 2));
        assertThatThrownBy(() -> e.append(NdArray.of(new byte[] {1, 2, 3, 4}, 2, 2)))
                .hasMessageContaining("/e").hasMessageContaining("(4, 2)").hasMessageContaining("maximum shape (3, 2)");
        assertThatThrownBy(() -> e.append(NdArray.of(new byte[] {1, 2, 3}, 3))).hasMessageContaining("(3,)");
        assertThatThrownBy(() -> e.resize(2, 3)).hasMessageContaining("(2, 3)");
        fileStillCompletes("contig", "e");
        try (H5File r = H5File.open(file)) {
            assertThat(r.dataset("e").shape()).isEqualTo(Shape.of(2, 2));
        }
    }

    @Test
    void everyCallAfterCloseIsRefused() {
        create();
        Dataset d = f.createDataset("d", DType.INT16, Shape.of(0), DatasetOptions.chunked(4).maxShape(Shape.UNLIMITED));
        Group g = f.createGroup("g");
        f.close();
        assertThat(file).exists();
        assertThatThrownBy(() -> d.append(NdArray.of(new short[] {1}))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("out.h5: /d").hasMessageContaining("closed");
        assertThatThrownBy(() -> d.write(NdArray.of(new short[0]))).hasMessageContaining("closed");
        assertThatThrownBy(() -> d.resize(3)).hasMessageContaining("closed");
        assertThatThrownBy(() -> g.setAttribute("x", "y")).hasMessageContaining("/g").hasMessageContaining("closed");
        assertThatThrownBy(() -> f.createGroup("h")).hasMessageContaining("closed");
        f.close();   // a second close does nothing
    }

    @Test
    void aFileBeingWrittenReadsBackWhatWasWritten() {
        create();
        Dataset d = f.createDataset("d", NdArray.of(new int[] {1, 2}));
        assertThat(d.shape()).isEqualTo(Shape.of(2));
        assertThat(d.dtype()).isEqualTo(DType.INT32);
        assertThat(d.read().toIntArray()).containsExactly(1, 2);
        d.attrs().put("units", "counts");
        assertThat(d.attrs().get("units").string()).isEqualTo("counts");
        f.close();
    }

    @Test
    void exclusiveCreationOfAnExistingFileLeavesItUntouched() throws Exception {
        Path existing = Files.writeString(dir.resolve("keep.h5"), "precious");
        assertThatThrownBy(() -> H5File.create(existing, CreateMode.EXCLUSIVE))
                .isInstanceOf(H5Exception.class).hasMessageContaining("keep.h5").hasMessageContaining("already exists");
        assertThat(Files.readString(existing)).isEqualTo("precious");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("keep.h5");
        }
    }

    @Test
    void exclusiveCreationFailsAtCloseWhenTheFileAppearedMeanwhile() throws Exception {
        Path target = dir.resolve("race.h5");
        H5File w = H5File.create(target, CreateMode.EXCLUSIVE);
        w.createDataset("d", NdArray.of(new int[] {1}));
        Files.writeString(target, "someone else's");
        assertThatThrownBy(w::close).isInstanceOf(H5Exception.class).hasMessageContaining("already exists");
        assertThat(Files.readString(target)).isEqualTo("someone else's");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("race.h5");
        }
    }

    @Test
    void truncateReplacesAnExistingFileOnlyWhenComplete() throws Exception {
        Path target = Files.writeString(dir.resolve("old.h5"), "old contents");
        try (H5File w = H5File.create(target)) {
            w.createDataset("d", NdArray.of(new int[] {7}));
            assertThat(Files.readString(target)).isEqualTo("old contents");
        }
        try (H5File r = H5File.open(target)) {
            assertThat(r.dataset("d").read().toIntArray()).containsExactly(7);
        }
    }

    @Test
    void aDiscardedFileLeavesNothing() throws Exception {
        Path target = Files.writeString(dir.resolve("kept.h5"), "old");
        H5File w = H5File.create(target);
        w.createDataset("d", DType.UINT8, Shape.of(1000, 1000), DatasetOptions.chunked(10, 1000)).write(NdArray.zeros(DType.UINT8, 1000, 1000));
        w.discard();
        w.close();
        assertThat(Files.readString(target)).isEqualTo("old");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("kept.h5");
        }
        assertThatThrownBy(() -> w.createGroup("x")).hasMessageContaining("closed");
    }

    @Test
    void badNamesAndLinks() {
        create();
        assertThatThrownBy(() -> f.createGroup("")).hasMessageContaining("names no new object");
        assertThatThrownBy(() -> f.createGroup("a/.")).hasMessageContaining("\".\"");
        assertThatThrownBy(() -> f.root().softLink("s", "")).hasMessageContaining("target");
        assertThatThrownBy(() -> f.root().setAttribute("", "x")).hasMessageContaining("non-empty name");
        assertThatThrownBy(() -> f.root().setAttribute("n", java.util.Arrays.asList("a", null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"n\"").hasMessageContaining("null");
        fileStillCompletes();
    }
}
