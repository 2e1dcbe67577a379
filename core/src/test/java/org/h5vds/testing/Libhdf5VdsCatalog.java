package org.h5vds.testing;

import hdf.hdf5lib.H5;
import hdf.hdf5lib.HDF5Constants;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Virtual datasets written by libhdf5 1.14.3 itself (the C library through the HDF Group's JNI API,
 * {@code hdf.hdf5lib.H5}), not through h5py: the mapping forms of the h5py fixtures, and
 * reproductions of the files libhdf5's own VDS programs write (the {@code examples/h5_vds*.c}
 * programs and the tools test generators {@code tools/test/misc/vds/UC_*_gen.c}: stacked sources,
 * Excalibur, Eiger, Percival with unlimited min/max mappings, printf names, VDS of VDS).
 *
 * <p>A child-JVM program ({@link #write} runs it): {@code Libhdf5VdsCatalog DIR BOUND} writes every
 * file into DIR with the file format bounds BOUND ({@code earliest}: libhdf5's default, selections
 * as hyperslab versions 1 and 2; {@code v110}: regular hyperslabs of 4 blocks or more as version 2;
 * {@code v114}: hyperslab version 3, which libhdf5 1.10 cannot read) and lists what to read in
 * {@code DIR/reads.tsv}: virtual file, dataset, view ({@code last}, libhdf5's default, or
 * {@code first}), printf gap.
 */
public final class Libhdf5VdsCatalog {
    /** One read the catalogue asks for. */
    public record Read(Path file, String dataset, String view, long gap) {
        public String label() {
            return file.getFileName() + ":" + dataset + (view.equals("first") ? " first-missing" : "") + (gap > 0 ? " gap " + gap : "");
        }
    }

    // instance fields, not constants: the test JVM loads this class (for write) and must not load libhdf5
    private final long U = HDF5Constants.H5S_UNLIMITED;
    private final long DEFAULT = HDF5Constants.H5P_DEFAULT;
    private final long INT = HDF5Constants.H5T_NATIVE_INT32;

    private final Path dir;
    private final long fapl;
    private final List<String> reads = new ArrayList<>();

    private Libhdf5VdsCatalog(Path dir, long fapl) {
        this.dir = dir;
        this.fapl = fapl;
    }

    /** Writes the catalogue with libhdf5 1.14.3 in a child JVM; returns the reads it lists. */
    public static List<Read> write(Path dir, String bound) {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-cp", Libhdf5Java.classpath(),
                Libhdf5VdsCatalog.class.getName(), dir.toAbsolutePath().toString(), bound);
        Python.Processes.Result r = Python.Processes.runAllowingFailure(cmd, 300);
        if (r.exit() != 0) throw new AssertionError("libhdf5 1.14 could not write the VDS catalogue (exit " + r.exit() + ")\n" + r.err() + r.out());
        try {
            List<Read> out = new ArrayList<>();
            for (String line : Files.readAllLines(dir.resolve("reads.tsv"))) {
                String[] f = line.split("\t");
                out.add(new Read(dir.resolve(f[0]), f[1], f[2], Long.parseLong(f[3])));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void main(String[] args) {
        int status = 0;
        try {
            org.bytedeco.javacpp.Loader.load(org.bytedeco.hdf5.hdf5_java.class);
            Path dir = Files.createDirectories(Path.of(args[0]));
            long fapl = H5.H5Pcreate(HDF5Constants.H5P_FILE_ACCESS);
            switch (args[1]) {
                case "earliest" -> H5.H5Pset_libver_bounds(fapl, HDF5Constants.H5F_LIBVER_EARLIEST, HDF5Constants.H5F_LIBVER_LATEST);
                case "v110" -> H5.H5Pset_libver_bounds(fapl, HDF5Constants.H5F_LIBVER_V110, HDF5Constants.H5F_LIBVER_LATEST);
                case "v114" -> H5.H5Pset_libver_bounds(fapl, HDF5Constants.H5F_LIBVER_V114, HDF5Constants.H5F_LIBVER_V114);
                default -> throw new IllegalArgumentException("unknown bound " + args[1]);
            }
            Libhdf5VdsCatalog c = new Libhdf5VdsCatalog(dir, fapl);
            c.all();
            Files.write(dir.resolve("reads.tsv"), c.reads);
        } catch (Throwable t) {
            t.printStackTrace();
            status = 2;
        }
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(status);
    }

    private void all() throws Exception {
        // reproductions of libhdf5's own programs
        exampleVds();
        exampleExcalibur();
        exampleEiger();
        examplePercival();
        examplePercivalUnlimitedMaxMin();
        useCase1And3();
        useCase2();
        useCase4Printf();
        useCase5Strided();
        // the mapping forms of the h5py fixtures
        stridedAndIrregularSelections();
        multiBlockSelections();
        sameFileSourcesAndFill();
        conversions();
        missingSources();
        ranksOneAndFour();
    }

    // ---- libhdf5's examples/h5_vds*.c ----------------------------------------------------------

    /** h5_vds.c: A in a.h5, b.h5, c.h5 (6 ints each) stacked as rows 0-2 of a 4 x 6 VDS, fill -1. */
    private void exampleVds() throws Exception {
        String[] src = {"ex_a.h5", "ex_b.h5", "ex_c.h5"};
        for (int i = 0; i < 3; i++) source(src[i], "A", HDF5Constants.H5T_STD_I32LE, new long[] {6}, null, null, false, filled(6, i + 1));
        Vds v = new Vds(new long[] {4, 6}, null, HDF5Constants.H5T_STD_I32LE, -1);
        long all = H5.H5Screate_simple(1, new long[] {6}, null);
        for (int i = 0; i < 3; i++) v.map(slab(v.space, new long[] {i, 0}, null, new long[] {1, 1}, new long[] {1, 6}), src[i], "A", all);
        H5.H5Sclose(all);
        v.create("ex_vds.h5", "VDS");
        read("ex_vds.h5", "VDS");
    }

    /**
     * h5_vds-exc.c (Excalibur): six modules of 2 and 3 rows stacked, unlimited frames; module e is
     * absent. The example selects each source whole (ALL), which libhdf5 1.14 refuses for an
     * unlimited virtual selection, so the sources are selected unlimited as well.
     */
    private void exampleExcalibur() throws Exception {
        int k = 2, n = 3, width = 8;
        String[] names = {"exc_a.h5", "exc_b.h5", "exc_c.h5", "exc_d.h5", "exc_e.h5", "exc_f.h5"};
        long[] frames = {3, 4, 4, 2, 0, 4};
        Vds v = new Vds(new long[] {0, 3 * (k + n), width}, new long[] {U, 3 * (k + n), width}, HDF5Constants.H5T_NATIVE_INT32, 0);
        for (int i = 0; i < 6; i++) {
            int rows = i % 2 == 0 ? k : n;
            if (frames[i] > 0) {
                source(names[i], "data", HDF5Constants.H5T_NATIVE_INT32, new long[] {frames[i], rows, width}, new long[] {U, rows, width},
                        new long[] {1, rows, width}, i % 2 == 1, counting(frames[i] * rows * width, 1000 * (i + 1)));
            }
            long start = i % 2 == 0 ? (long) (k + n) * (i / 2) : k + (long) (k + n) * (i / 2);
            long src = H5.H5Screate_simple(3, new long[] {0, rows, width}, new long[] {U, rows, width});
            slab(src, new long[] {0, 0, 0}, null, new long[] {U, 1, 1}, new long[] {1, rows, width});
            v.map(slab(v.space, new long[] {0, start, 0}, null, new long[] {U, 1, 1}, new long[] {1, rows, width}), names[i], "data", src);
            H5.H5Sclose(src);
        }
        v.create("exc_vds.h5", "VDS-Excalibur");
        read("exc_vds.h5", "VDS-Excalibur");
        read("exc_vds.h5", "VDS-Excalibur", "first", 0);
    }

    /** h5_vds-eiger.c: every 5 frames of 10 x 10 in /A of f-0.h5, f-1.h5, ...; printf "f-%b.h5"; f-2.h5 not yet written. */
    private void exampleEiger() throws Exception {
        for (int b : new int[] {0, 1, 3}) {
            source("f-" + b + ".h5", "A", HDF5Constants.H5T_NATIVE_INT32, new long[] {5, 10, 10}, null, null, false, counting(500, 1000 * b));
        }
        Vds v = new Vds(new long[] {5, 10, 10}, new long[] {U, 10, 10}, HDF5Constants.H5T_NATIVE_INT32, 0);
        long src = H5.H5Screate_simple(3, new long[] {5, 10, 10}, null);
        v.map(slab(v.space, new long[] {0, 0, 0}, new long[] {5, 1, 1}, new long[] {U, 1, 1}, new long[] {5, 10, 10}), "f-%b.h5", "/A", src);
        H5.H5Sclose(src);
        v.create("vds-eiger.h5", "VDS-Eiger");
        read("vds-eiger.h5", "VDS-Eiger");
        read("vds-eiger.h5", "VDS-Eiger", "first", 0);
        read("vds-eiger.h5", "VDS-Eiger", "first", 1);
        read("vds-eiger.h5", "VDS-Eiger", "last", 1);
    }

    /** h5_vds-percival.c: every fourth 10 x 10 plane of a 40-plane VDS comes from one of four sources. */
    private void examplePercival() throws Exception {
        String[] names = {"per_a.h5", "per_b.h5", "per_c.h5", "per_d.h5"};
        for (int i = 0; i < 4; i++) source(names[i], "A", HDF5Constants.H5T_NATIVE_INT32, new long[] {10, 10, 10}, null, null, false, filled(1000, i + 1));
        Vds v = new Vds(new long[] {40, 10, 10}, new long[] {40, 10, 10}, HDF5Constants.H5T_NATIVE_INT32, -1);
        long src = H5.H5Screate_simple(3, new long[] {10, 10, 10}, null);
        for (int i = 0; i < 4; i++) {
            v.map(slab(v.space, new long[] {i, 0, 0}, new long[] {4, 1, 1}, new long[] {10, 1, 1}, new long[] {1, 10, 10}), names[i], "A", src);
        }
        H5.H5Sclose(src);
        v.create("vds-percival.h5", "VDS-Percival");
        read("vds-percival.h5", "VDS-Percival");
    }

    /**
     * h5_vds-percival-unlim-maxmin.c: four unlimited sources of 4 planes, interleaved with stride 4 on an
     * unlimited VDS, each then grown by 1, 2, 3, 4 planes; the views give 20 and 32 planes.
     */
    private void examplePercivalUnlimitedMaxMin() throws Exception {
        String[] names = {"max_a.h5", "max_b.h5", "max_c.h5", "max_d.h5"};
        String[] sets = {"A", "B", "C", "D"};
        for (int i = 0; i < 4; i++) {
            source(names[i], sets[i], HDF5Constants.H5T_NATIVE_INT32, new long[] {4, 10, 10}, new long[] {U, 10, 10}, new long[] {4, 10, 10},
                    false, filled(400, i + 1));
        }
        Vds v = new Vds(new long[] {16, 10, 10}, new long[] {U, 10, 10}, HDF5Constants.H5T_NATIVE_INT32, null);
        long src = H5.H5Screate_simple(3, new long[] {4, 10, 10}, new long[] {U, 10, 10});
        slab(src, new long[] {0, 0, 0}, null, new long[] {U, 1, 1}, new long[] {1, 10, 10});
        for (int i = 0; i < 4; i++) {
            v.map(slab(v.space, new long[] {i, 0, 0}, new long[] {4, 1, 1}, new long[] {U, 1, 1}, new long[] {1, 10, 10}), names[i], sets[i], src);
        }
        H5.H5Sclose(src);
        v.create("vds-percival-unlim-maxmin.h5", "VDS-Percival-unlim-maxmin");
        for (int i = 0; i < 4; i++) grow(names[i], sets[i], 4, i + 1, 10 * (i + 1));
        read("vds-percival-unlim-maxmin.h5", "VDS-Percival-unlim-maxmin");
        read("vds-percival-unlim-maxmin.h5", "VDS-Percival-unlim-maxmin", "first", 0);
    }

    // ---- libhdf5's tools/test/misc/vds/UC_*_gen.c ----------------------------------------------

    private static final long[] UC1_HEIGHTS = {2, 4, 2, 4, 2, 4};

    /**
     * UC_1 (1_vds.h5: six unlimited sources of 2 and 4 rows stacked along rows, fill -9, sources with
     * fill values -1..-6, every other one deflated) and UC_3's 3_1_vds.h5 (the same sources with a
     * one-row gap between them).
     */
    private void useCase1And3() throws Exception {
        String[] names = {"1_a.h5", "1_b.h5", "1_c.h5", "1_d.h5", "1_e.h5", "1_f.h5"};
        Vds v1 = new Vds(new long[] {0, 18, 8}, new long[] {U, 18, 8}, HDF5Constants.H5T_STD_I32LE, -9);
        Vds v31 = new Vds(new long[] {0, 25, 8}, new long[] {U, 25, 8}, HDF5Constants.H5T_STD_I32LE, -9);
        long row = 0;
        long gapRow = 1;
        for (int i = 0; i < 6; i++) {
            long h = UC1_HEIGHTS[i];
            int[] data = new int[(int) (5 * h * 8)];
            for (int p = 0; p < 5; p++) java.util.Arrays.fill(data, (int) (p * h * 8), (int) ((p + 1) * h * 8), (i + 1) * 10 + p);
            sourceFilled(names[i], "source_dset", HDF5Constants.H5T_STD_I32LE, new long[] {5, h, 8}, new long[] {U, h, 8}, new long[] {1, h, 8},
                    i % 2 == 1, data, -(i + 1));
            long src = H5.H5Screate_simple(3, new long[] {0, h, 8}, new long[] {U, h, 8});
            slab(src, new long[] {0, 0, 0}, null, new long[] {U, h, 8}, null);
            v1.map(slab(v1.space, new long[] {0, row, 0}, null, new long[] {U, h, 8}, null), names[i], "/source_dset", src);
            v31.map(slab(v31.space, new long[] {0, gapRow, 0}, null, new long[] {U, h, 8}, null), names[i], "/source_dset", src);
            H5.H5Sclose(src);
            row += h;
            gapRow += h + 1;
        }
        v1.create("1_vds.h5", "vds_dset");
        v31.create("3_1_vds.h5", "vds_dset");
        read("1_vds.h5", "vds_dset");
        read("3_1_vds.h5", "vds_dset");
        read("3_1_vds.h5", "vds_dset", "first", 0);
    }

    /** UC_2 (2_vds.h5: five sources tiled in two columns, 6 planes, chunks of 3 planes, deflated) and UC_3's 3_2_vds.h5 (the same, scattered). */
    private void useCase2() throws Exception {
        String[] names = {"2_a.h5", "2_b.h5", "2_c.h5", "2_d.h5", "2_e.h5"};
        long[] heights = {2, 4, 2, 5, 3};
        long[][] positions = {{0, 0, 0}, {0, 2, 0}, {0, 6, 0}, {0, 0, 7}, {0, 5, 7}};
        long[][] scattered = {{0, 1, 1}, {0, 4, 0}, {0, 11, 4}, {0, 1, 9}, {0, 8, 12}};
        Vds v2 = new Vds(new long[] {0, 8, 14}, new long[] {U, 8, 14}, HDF5Constants.H5T_STD_I32LE, -9);
        Vds v32 = new Vds(new long[] {0, 13, 19}, new long[] {U, 13, 19}, HDF5Constants.H5T_STD_I32LE, -9);
        for (int i = 0; i < 5; i++) {
            long h = heights[i];
            int[] data = new int[(int) (6 * h * 7)];
            for (int p = 0; p < 6; p++) java.util.Arrays.fill(data, (int) (p * h * 7), (int) ((p + 1) * h * 7), (i + 1) * 10 + p);
            sourceFilled(names[i], "source_dset", HDF5Constants.H5T_STD_I32LE, new long[] {6, h, 7}, new long[] {U, h, 7}, new long[] {3, h, 7}, true, data, -(i + 1));
            long src = H5.H5Screate_simple(3, new long[] {0, h, 7}, new long[] {U, h, 7});
            slab(src, new long[] {0, 0, 0}, null, new long[] {U, h, 7}, null);
            v2.map(slab(v2.space, positions[i], null, new long[] {U, h, 7}, null), names[i], "/source_dset", src);
            v32.map(slab(v32.space, scattered[i], null, new long[] {U, h, 7}, null), names[i], "/source_dset", src);
            H5.H5Sclose(src);
        }
        v2.create("2_vds.h5", "vds_dset");
        v32.create("3_2_vds.h5", "vds_dset");
        read("2_vds.h5", "vds_dset");
        read("3_2_vds.h5", "vds_dset");
    }

    /** UC_4: printf "4_%b.h5" with three sources of 3 planes of 10 x 10, stride and block of a whole source. */
    private void useCase4Printf() throws Exception {
        long[] dims = {3, 10, 10};
        for (int i = 0; i < 3; i++) {
            int[] data = new int[300];
            for (int p = 0; p < 3; p++) java.util.Arrays.fill(data, p * 100, (p + 1) * 100, (i + 1) * 10 + p);
            sourceFilled("4_" + i + ".h5", "source_dset", HDF5Constants.H5T_STD_I32LE, dims, dims, new long[] {1, 10, 10}, true, data, -(i + 1));
        }
        Vds v = new Vds(new long[] {0, 10, 10}, new long[] {U, 10, 10}, HDF5Constants.H5T_STD_I32LE, -9);
        long src = H5.H5Screate_simple(3, dims, dims);
        slab(src, new long[] {0, 0, 0}, null, dims, null);
        v.map(slab(v.space, new long[] {0, 0, 0}, dims, new long[] {U, 1, 1}, dims), "4_%b.h5", "/source_dset", src);
        H5.H5Sclose(src);
        v.create("4_vds.h5", "vds_dset");
        read("4_vds.h5", "vds_dset");
        read("4_vds.h5", "vds_dset", "first", 0);
    }

    /** UC_5: three unlimited sources interleaved plane by plane (stride 3), grown to different lengths. */
    private void useCase5Strided() throws Exception {
        String[] names = {"5_a.h5", "5_b.h5", "5_c.h5"};
        long[] planes = {4, 3, 2};
        Vds v = new Vds(new long[] {0, 10, 10}, new long[] {U, 10, 10}, HDF5Constants.H5T_STD_I32LE, -9);
        for (int i = 0; i < 3; i++) {
            sourceFilled(names[i], "source_dset", HDF5Constants.H5T_STD_I32LE, new long[] {planes[i], 10, 10}, new long[] {U, 10, 10},
                    new long[] {1, 10, 10}, true, counting(planes[i] * 100, 1000 * (i + 1)), -(i + 1));
            long src = H5.H5Screate_simple(3, new long[] {0, 10, 10}, new long[] {U, 10, 10});
            slab(src, new long[] {0, 0, 0}, null, new long[] {U, 1, 1}, new long[] {1, 10, 10});
            v.map(slab(v.space, new long[] {i, 0, 0}, new long[] {3, 1, 1}, new long[] {U, 1, 1}, new long[] {1, 10, 10}), names[i], "/source_dset", src);
            H5.H5Sclose(src);
        }
        v.create("5_vds.h5", "vds_dset");
        read("5_vds.h5", "vds_dset");
        read("5_vds.h5", "vds_dset", "first", 0);
    }

    // ---- the mapping forms of the h5py fixtures --------------------------------------------------

    /** Strided source slices, index lists and unions of blocks on both sides (irregular hyperslabs). */
    private void stridedAndIrregularSelections() throws Exception {
        source("form_src.h5", "a", HDF5Constants.H5T_STD_I32LE, new long[] {100}, null, null, false, counting(100, 0));
        source("form_src.h5", "grid", HDF5Constants.H5T_STD_I32LE, new long[] {12, 15}, null, new long[] {4, 5}, true, counting(180, 1000));
        Vds v = new Vds(new long[] {3, 50}, null, HDF5Constants.H5T_STD_I32LE, -7);
        long a = H5.H5Screate_simple(1, new long[] {100}, null);
        v.map(slab(v.space, new long[] {0, 0}, null, new long[] {1, 50}, null), "form_src.h5", "a", slab(a, new long[] {0}, new long[] {2}, new long[] {50}, null));
        // row 1: columns 0:10 take a[1:3], a[7:10], a[20:25] (irregular source), columns 20:24 and 30:33 take a[90:97] (irregular virtual)
        slab(a, new long[] {1}, null, new long[] {2}, null);
        or(a, new long[] {7}, new long[] {3});
        or(a, new long[] {20}, new long[] {5});
        v.map(slab(v.space, new long[] {1, 0}, null, new long[] {1, 10}, null), "form_src.h5", "a", a);
        long vs = slab(v.space, new long[] {1, 20}, null, new long[] {1, 4}, null);
        or(vs, new long[] {1, 30}, new long[] {1, 3});
        v.map(vs, "form_src.h5", "a", slab(a, new long[] {90}, null, new long[] {7}, null));
        // row 2: every third column takes the diagonal-ish index list of grid (points as unions of 1-element blocks)
        long g = H5.H5Screate_simple(2, new long[] {12, 15}, null);
        slab(g, new long[] {0, 0}, null, new long[] {1, 1}, null);
        for (int k = 1; k < 12; k++) or(g, new long[] {k, k}, new long[] {1, 1});
        v.map(slab(v.space, new long[] {2, 0}, new long[] {1, 3}, new long[] {1, 12}, null), "form_src.h5", "grid", g);
        H5.H5Sclose(g);
        H5.H5Sclose(a);
        v.create("form_irregular.h5", "v");
        read("form_irregular.h5", "v");
    }

    /** Regular selections with blocks and strides (h5py's MultiBlockSlice), 2 and 3 axes, four blocks or more. */
    private void multiBlockSelections() throws Exception {
        source("form_src.h5", "cube", HDF5Constants.H5T_STD_I32LE, new long[] {6, 8, 10}, null, new long[] {2, 4, 5}, false, counting(480, 0));
        Vds v = new Vds(new long[] {40, 12}, null, HDF5Constants.H5T_STD_I32LE, -3);
        long cube = H5.H5Screate_simple(3, new long[] {6, 8, 10}, null);
        // 6 blocks of 3 rows (stride 5) x 4 columns <- 3 x 2 x 12 elements of the cube
        v.map(slab(v.space, new long[] {1, 0}, new long[] {5, 1}, new long[] {6, 1}, new long[] {3, 4}),
                "form_src.h5", "cube", slab(cube, new long[] {0, 0, 0}, new long[] {3, 4, 5}, new long[] {2, 2, 2}, new long[] {1, 3, 3}));
        // 2 x 2 blocks of 2 x 3 <- the same count taken as 4 blocks of 6 from a cube plane
        v.map(slab(v.space, new long[] {32, 5}, new long[] {4, 4}, new long[] {2, 2}, new long[] {2, 3}),
                "form_src.h5", "cube", slab(cube, new long[] {5, 0, 0}, new long[] {1, 2, 5}, new long[] {1, 2, 2}, new long[] {1, 2, 3}));
        H5.H5Sclose(cube);
        v.create("form_blocks.h5", "v");
        read("form_blocks.h5", "v");
    }

    /**
     * Sources in the virtual file itself ("."), overlapping mappings (the later wins; libhdf5 then
     * counts the shared elements twice and leaves the unmapped ones unfilled) and fill values.
     */
    private void sameFileSourcesAndFill() throws Exception {
        long file = H5.H5Fcreate(dir.resolve("form_same.h5").toString(), HDF5Constants.H5F_ACC_TRUNC, DEFAULT, fapl);
        long s = H5.H5Screate_simple(2, new long[] {4, 6}, null);
        long d = H5.H5Dcreate(file, "local", HDF5Constants.H5T_STD_I16BE, s, DEFAULT, DEFAULT, DEFAULT);
        H5.H5Dwrite(d, INT, HDF5Constants.H5S_ALL, HDF5Constants.H5S_ALL, DEFAULT, counting(24, -10));
        H5.H5Dclose(d);
        long grp = H5.H5Gcreate(file, "g", DEFAULT, DEFAULT, DEFAULT);
        d = H5.H5Dcreate(grp, "inner", HDF5Constants.H5T_IEEE_F32LE, s, DEFAULT, DEFAULT, DEFAULT);
        double[] values = new double[24];
        for (int i = 0; i < 24; i++) values[i] = i * 0.25 - 2;
        H5.H5Dwrite(d, HDF5Constants.H5T_NATIVE_DOUBLE, HDF5Constants.H5S_ALL, HDF5Constants.H5S_ALL, DEFAULT, values);
        H5.H5Dclose(d);
        H5.H5Gclose(grp);
        Vds v = new Vds(new long[] {6, 8}, null, HDF5Constants.H5T_IEEE_F64LE, -2.5);
        v.map(slab(v.space, new long[] {0, 0}, null, new long[] {4, 6}, null), ".", "local", s);
        v.map(slab(v.space, new long[] {2, 2}, null, new long[] {4, 6}, null), ".", "/g/inner", s);
        v.createIn(file, "overlap");
        // without a mapping H5Pset_virtual never ran: libhdf5 makes a contiguous dataset of fill values
        Vds empty = new Vds(new long[] {3, 3}, null, HDF5Constants.H5T_STD_U8LE, 200);
        empty.createIn(file, "no_mappings");
        Vds unset = new Vds(new long[] {3, 5}, null, HDF5Constants.H5T_STD_I64BE, null);
        unset.map(slab(unset.space, new long[] {1, 0}, null, new long[] {1, 5}, null), ".", "local", slab(s, new long[] {3, 1}, null, new long[] {1, 5}, null));
        unset.createIn(file, "default_fill");
        H5.H5Sclose(s);
        H5.H5Fclose(file);
        read("form_same.h5", "overlap");
        read("form_same.h5", "no_mappings");
        read("form_same.h5", "default_fill");
    }

    /** Source types converted to the virtual dataset's: saturating integers, truncating floats, both byte orders. */
    private void conversions() throws Exception {
        int[] ints = {-100000, -129, -1, 0, 1, 127, 128, 255, 256, 40000, 100000, Integer.MAX_VALUE};
        double[] doubles = {-1e10, -2.7, -0.5, 0.5, 2.7, 126.9, 127.5, 1e10, 3.25e38, -1e-300, 1e300, 7};
        source("form_types.h5", "i32be", HDF5Constants.H5T_STD_I32BE, new long[] {12}, null, null, false, ints);
        source("form_types.h5", "f64le", HDF5Constants.H5T_IEEE_F64LE, new long[] {12}, null, null, false, doubles);
        source("form_types.h5", "u8", HDF5Constants.H5T_STD_U8LE, new long[] {12}, null, null, false, new int[] {0, 1, 127, 128, 200, 255, 3, 4, 5, 6, 7, 8});
        long[] vtypes = {HDF5Constants.H5T_STD_I16LE, HDF5Constants.H5T_STD_I8LE, HDF5Constants.H5T_IEEE_F32BE, HDF5Constants.H5T_STD_U16BE,
            HDF5Constants.H5T_STD_I64LE};
        String[] vnames = {"to_i16", "to_i8", "to_f32be", "to_u16be", "to_i64"};
        long s = H5.H5Screate_simple(1, new long[] {12}, null);
        for (int t = 0; t < vtypes.length; t++) {
            Vds v = new Vds(new long[] {3, 12}, null, vtypes[t], 0);
            String[] sources = {"i32be", "f64le", "u8"};
            for (int i = 0; i < 3; i++) v.map(slab(v.space, new long[] {i, 0}, null, new long[] {1, 12}, null), "form_types.h5", sources[i], s);
            v.create("form_conv_" + vnames[t] + ".h5", "v");
            read("form_conv_" + vnames[t] + ".h5", "v");
        }
        H5.H5Sclose(s);
    }

    /** Mappings whose file or dataset does not exist read as the fill value. */
    private void missingSources() throws Exception {
        source("form_present.h5", "data", HDF5Constants.H5T_STD_I32LE, new long[] {10}, null, null, false, counting(10, 1));
        Vds v = new Vds(new long[] {4, 10}, null, HDF5Constants.H5T_STD_I32LE, -5);
        long s = H5.H5Screate_simple(1, new long[] {10}, null);
        v.map(slab(v.space, new long[] {0, 0}, null, new long[] {1, 10}, null), "form_present.h5", "data", s);
        v.map(slab(v.space, new long[] {1, 0}, null, new long[] {1, 10}, null), "form_absent.h5", "data", s);
        v.map(slab(v.space, new long[] {2, 0}, null, new long[] {1, 10}, null), "form_present.h5", "nothing", s);
        v.map(slab(v.space, new long[] {3, 0}, null, new long[] {1, 10}, null), "sub/form_present.h5", "/data", s);
        H5.H5Sclose(s);
        v.create("form_missing.h5", "v");
        read("form_missing.h5", "v");
    }

    /** A 1-D VDS of ALL on both sides and a 4-D one from hyperslabs of a 2-D source. */
    private void ranksOneAndFour() throws Exception {
        source("form_src.h5", "line", HDF5Constants.H5T_IEEE_F64BE, new long[] {7}, null, null, false,
                new double[] {0.5, 1.5, -2, 3e100, -0.0, 6, 7});
        Vds one = new Vds(new long[] {7}, null, HDF5Constants.H5T_IEEE_F64BE, 0);
        long line = H5.H5Screate_simple(1, new long[] {7}, null);
        long all = H5.H5Screate_simple(1, new long[] {7}, null);
        one.map(all, "form_src.h5", "line", line);
        one.create("form_ranks.h5", "one");
        H5.H5Sclose(line);
        Vds four = new Vds(new long[] {2, 3, 4, 5}, null, HDF5Constants.H5T_STD_I32LE, 9);
        long grid = H5.H5Screate_simple(2, new long[] {12, 15}, null);
        four.map(slab(four.space, new long[] {1, 0, 1, 0}, null, new long[] {1, 3, 2, 5}, null), "form_src.h5", "grid",
                slab(grid, new long[] {2, 0}, new long[] {3, 1}, new long[] {3, 10}, new long[] {1, 1}));
        H5.H5Sclose(grid);
        long file = H5.H5Fopen(dir.resolve("form_ranks.h5").toString(), HDF5Constants.H5F_ACC_RDWR, fapl);
        four.createIn(file, "four");
        H5.H5Fclose(file);
        read("form_ranks.h5", "one");
        read("form_ranks.h5", "four");
    }

    // ---- writing helpers -------------------------------------------------------------------------

    /** A virtual dataset being built: its dataspace (reselected for each mapping), creation properties and type. */
    private final class Vds {
        final long space;
        final long dcpl;
        final long type;

        Vds(long[] dims, long[] max, long type, Number fill) throws Exception {
            this.space = H5.H5Screate_simple(dims.length, dims, max);
            this.dcpl = H5.H5Pcreate(HDF5Constants.H5P_DATASET_CREATE);
            this.type = type;
            if (fill instanceof Double f) H5.H5Pset_fill_value(dcpl, HDF5Constants.H5T_NATIVE_DOUBLE, new double[] {f});
            else if (fill != null) H5.H5Pset_fill_value(dcpl, INT, new int[] {fill.intValue()});
        }

        /** Adds a mapping from the current selection of {@code vspace} (this VDS's space) to {@code sourceSpace}'s. */
        void map(long vspace, String file, String dataset, long sourceSpace) throws Exception {
            H5.H5Pset_virtual(dcpl, vspace, file, dataset, sourceSpace);
        }

        void create(String fileName, String name) throws Exception {
            long file = H5.H5Fcreate(dir.resolve(fileName).toString(), HDF5Constants.H5F_ACC_TRUNC, DEFAULT, fapl);
            createIn(file, name);
            H5.H5Fclose(file);
        }

        void createIn(long file, String name) throws Exception {
            H5.H5Sselect_all(space);
            long d = H5.H5Dcreate(file, name, type, space, DEFAULT, dcpl, DEFAULT);
            H5.H5Dclose(d);
            H5.H5Pclose(dcpl);
            H5.H5Sclose(space);
        }
    }

    /** A read with libhdf5's default access: the last-available view, printf gap 0. */
    private void read(String file, String dataset) {
        read(file, dataset, "last", 0);
    }

    private void read(String file, String dataset, String view, long gap) {
        reads.add(file + "\t" + dataset + "\t" + view + "\t" + gap);
    }

    /** Selects a hyperslab (SET) in {@code space}; returns the space. */
    private static long slab(long space, long[] start, long[] stride, long[] count, long[] block) throws Exception {
        H5.H5Sselect_hyperslab(space, HDF5Constants.H5S_SELECT_SET, start, stride, count, block);
        return space;
    }

    /** Adds a block of {@code size} at {@code start} to the selection of {@code space} (H5S_SELECT_OR). */
    private static void or(long space, long[] start, long[] size) throws Exception {
        H5.H5Sselect_hyperslab(space, HDF5Constants.H5S_SELECT_OR, start, null, size, null);
    }

    private void source(String file, String name, long type, long[] dims, long[] max, long[] chunk, boolean deflate, Object data) throws Exception {
        source(file, name, type, dims, max, chunk, deflate, data, H5.H5Pcreate(HDF5Constants.H5P_DATASET_CREATE));
    }

    /** As {@link #source}, with the dataset's fill value set to {@code fill}. */
    private void sourceFilled(String file, String name, long type, long[] dims, long[] max, long[] chunk, boolean deflate, int[] data, int fill)
            throws Exception {
        long dcpl = H5.H5Pcreate(HDF5Constants.H5P_DATASET_CREATE);
        H5.H5Pset_fill_value(dcpl, INT, new int[] {fill});
        source(file, name, type, dims, max, chunk, deflate, data, dcpl);
    }

    /** Writes {@code data} as dataset {@code name} of {@code file} (created, or opened when it exists). */
    private void source(String file, String name, long type, long[] dims, long[] max, long[] chunk, boolean deflate, Object data, long dcpl)
            throws Exception {
        long memType = data instanceof double[] ? HDF5Constants.H5T_NATIVE_DOUBLE : INT;
        Path path = dir.resolve(file);
        if (path.getParent() != null) Files.createDirectories(path.getParent());
        long f = Files.exists(path) ? H5.H5Fopen(path.toString(), HDF5Constants.H5F_ACC_RDWR, fapl)
                : H5.H5Fcreate(path.toString(), HDF5Constants.H5F_ACC_TRUNC, DEFAULT, fapl);
        if (chunk != null) H5.H5Pset_chunk(dcpl, chunk.length, chunk);
        if (deflate) H5.H5Pset_deflate(dcpl, 4);
        long s = H5.H5Screate_simple(dims.length, dims, max);
        long d = H5.H5Dcreate(f, name, type, s, DEFAULT, dcpl, DEFAULT);
        H5.H5Dwrite(d, memType, HDF5Constants.H5S_ALL, HDF5Constants.H5S_ALL, DEFAULT, data);
        H5.H5Dclose(d);
        H5.H5Sclose(s);
        H5.H5Pclose(dcpl);
        H5.H5Fclose(f);
    }

    /** Appends {@code planes} planes of {@code value} to a 3-D source of {@code have} planes (H5Dset_extent, then a write). */
    private void grow(String file, String name, long have, long planes, int value) throws Exception {
        long f = H5.H5Fopen(dir.resolve(file).toString(), HDF5Constants.H5F_ACC_RDWR, fapl);
        long d = H5.H5Dopen(f, name, DEFAULT);
        long s0 = H5.H5Dget_space(d);
        long[] dims = new long[3];
        H5.H5Sget_simple_extent_dims(s0, dims, null);
        H5.H5Sclose(s0);
        H5.H5Dset_extent(d, new long[] {have + planes, dims[1], dims[2]});
        long s = H5.H5Dget_space(d);
        slab(s, new long[] {have, 0, 0}, null, new long[] {planes, dims[1], dims[2]}, null);
        long m = H5.H5Screate_simple(3, new long[] {planes, dims[1], dims[2]}, null);
        H5.H5Dwrite(d, INT, m, s, DEFAULT, filled((int) (planes * dims[1] * dims[2]), value));
        H5.H5Sclose(m);
        H5.H5Sclose(s);
        H5.H5Dclose(d);
        H5.H5Fclose(f);
    }

    private static int[] filled(long n, int value) {
        int[] a = new int[Math.toIntExact(n)];
        java.util.Arrays.fill(a, value);
        return a;
    }

    private static int[] counting(long n, int base) {
        int[] a = new int[Math.toIntExact(n)];
        for (int i = 0; i < a.length; i++) a[i] = base + i;
        return a;
    }
}
