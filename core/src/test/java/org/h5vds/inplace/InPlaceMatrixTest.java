package org.h5vds.inplace;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import org.h5vds.api.DType;
import org.h5vds.api.DatasetOptions;
import org.h5vds.api.H5File;
import org.h5vds.api.NdArray;
import org.h5vds.api.Shape;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.h5vds.testing.Mirror;
import org.h5vds.testing.TreeDump;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The in-place writing matrix: files libhdf5 wrote in each format generation (libver earliest:
 * superblock 0, symbol-table groups, v1 B-tree chunk indexes; v108: superblock 2, compact and
 * dense groups; latest: superblock 3, every chunk index), holding groups of every storage,
 * datasets of every layout and chunk index with and without filters, attributes compact and
 * dense — changed by h5vds with each kind of operation, then checked: h5py reads exactly what a
 * model of the change says (so nothing else moved), h5dump dumps everything, libhdf5 1.14 and
 * h5wasm (libhdf5 2.0) read every dataset alike, and libhdf5 keeps writing the file.
 */
class InPlaceMatrixTest {
    @TempDir
    Path dir;

    private static NdArray ints(int n, int seed) {
        int[] v = new int[n];
        for (int i = 0; i < n; i++) v[i] = seed * 1000 + i;
        return NdArray.of(v, n);
    }

    private static NdArray ints(int seed, long... shape) {
        int n = 1;
        for (long s : shape) n *= (int) s;
        int[] v = new int[n];
        for (int i = 0; i < n; i++) v[i] = seed * 1000 + i;
        return NdArray.of(v, shape);
    }

    private void check(Path file, Mirror m) {
        Oracles.userBlockKept(file);
        ObjectNode after = Oracles.matchesModel(file, m);
        Oracles.allReadersAgree(file, after);
        Oracles.libhdf5KeepsWriting(file);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"earliest", "v108", "latest", "earliest_ub", "latest_ub"})
    void addingToEveryStorage(String libver) {
        Path file = Oracles.copyOfBase(libver, dir);
        ObjectNode before = TreeDump.of(file);
        boolean old = libver.startsWith("earliest");
        Mirror m;
        try (H5File f = H5File.open(file, H5File.Mode.READ_WRITE)) {
            m = new Mirror(f, before);
            for (String g : old ? List.of("/small", "/big", "/nested/a/b", "/") : List.of("/small", "/big", "/ordered", "/many_ordered", "/nested/a/b", "/")) {
                String base = g.equals("/") ? "" : g;
                m.createGroup(base + "/new_group");
                m.createDataset(base + "/new_contiguous", ints(5, 1), DatasetOptions.contiguous());
                m.createDataset(base + "/new_chunked", ints(2, 6, 4), DatasetOptions.chunked(2, 4).maxShape(Shape.UNLIMITED, 4).deflate(4).shuffle());
                m.setAttribute(base + "/new_group", "NX_class", "NXcollection");
            }
            m.createDataset("/small/new_compact", ints(3, 4), DatasetOptions.compact());
            for (int i = 0; i < 12; i++) m.createDataset("/small/more_" + i, ints(1 + i, 7), DatasetOptions.contiguous());
            for (int i = 0; i < (old ? 300 : 30); i++) m.createGroup("/big/extra_" + i);
            m.softLink("/links/soft_new", "/chunked");
            m.externalLink("/links/external", "target.h5", "/data");
            m.hardLink("/links/hard", "/contiguous");
            m.createDataset("/small/Δ-utf8", ints(3, 9), DatasetOptions.contiguous());
            m.setAttribute("/contiguous", "added", "yes");
            m.setAttribute("/contiguous", "vector", NdArray.of(new double[] {1, 2, 3}, 3));
            m.setAttribute("/many_attrs", "a99", 99L);
            m.setAttribute("/", "root_attr", List.of("α", "β"));
            m.setAttribute("/compact", "scale", 0.5);
            for (int i = 0; i < 9; i++) m.setAttribute("/links", "l" + i, (long) i);
            NdArray big = NdArray.of(new long[20000], 20000);
            if (old) {
                // a version 1 header holds no attribute message over 64 KiB, and has no dense storage: libhdf5 refuses it too
                assertThatThrownBy(() -> f.dataset("chunked").attrs().put("big", big)).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("/chunked").hasMessageContaining("version 1 object header");
            } else {
                m.setAttribute("/chunked", "big", big);
            }
        }
        check(file, m);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"earliest", "v108", "latest", "earliest_ub", "latest_ub"})
    void changingWhatIsThere(String libver) {
        Path file = Oracles.copyOfBase(libver, dir);
        ObjectNode before = TreeDump.of(file);
        Mirror m;
        try (H5File f = H5File.open(file, H5File.Mode.READ_WRITE)) {
            m = new Mirror(f, before);
            m.write("/contiguous", "1:3, 2:4", ints(1, 2, 2));
            m.write("/compact", "0", ints(2, 4L));
            for (String d : List.of("/chunked", "/chunked_gzip")) m.write(d, "2:9, 3:11", ints(3, 7, 8));
            m.write("/chunked_fletcher", "1:8:2, 1:7", ints(4, 4, 6));
            m.write("/chunked_lzf", "0:9, 7", ints(5, 9L));
            m.write("/one_chunk", "1, 1", NdArray.scalar(DType.INT32, 6));
            m.write("/one_chunk_gzip", "1:3, :", ints(7, 2, 5));
            m.write("/sparse", "0:20:3, 0", NdArray.of(new long[] {1, 2, 3, 4, 5, 6, 7}, 7));
            m.write("/paged", "10:30, 5", ints(8, 20L));
            m.write("/implicit", "4:7, 1:6", ints(9, 3, 5));
            m.write("/contiguous_unwritten", "1", NdArray.of(new float[] {1, 2, 3, 4}, 4));
            m.append("/unlimited", ints(10, 3, 6));
            m.append("/unlimited_gzip", ints(11, 4, 6));
            m.append("/empty_unlimited", NdArray.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 4));
            m.resize("/unlimited_2d", 8, 9);
            m.write("/unlimited_2d", "6:8, 7:9", ints(12, 2, 2));
            m.resize("/unlimited_2d_gzip", 4, 5);
            m.resize("/unlimited_2d_gzip", 7, 7);
            m.write("/unlimited_2d_gzip", "5, :", ints(13, 7L));
            m.setAttribute("/contiguous", "units", "photons");
            m.removeAttribute("/contiguous", "gain");
            for (int i = 0; i < 8; i++) m.removeAttribute("/many_attrs", String.format("a%02d", i));
            m.delete("/small/d1");
            m.delete("/links/dangling");
            for (int i = 0; i < 36; i++) m.delete(String.format("/big/g%03d", i));
            m.move("/small/d2", "/small/renamed");
            m.move("/nested/a/b/leaf", "/moved_leaf");
            m.move("/nested/a", "/links/a_moved");
        }
        check(file, m);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"earliest", "v108", "latest", "earliest_ub", "latest_ub"})
    void manyCommitsAndSessions(String libver) {
        Path file = Oracles.copyOfBase(libver, dir);
        ObjectNode model = TreeDump.of(file);
        for (int session = 0; session < 3; session++) {
            try (H5File f = H5File.open(file, H5File.Mode.APPEND)) {
                Mirror m = new Mirror(f, model);
                for (int k = 0; k < 3; k++) {
                    String g = "/s" + session + "_" + k;
                    m.createGroup(g);
                    m.setAttribute(g, "k", (long) k);
                    m.append("/unlimited_gzip", ints(20 + k, 1, 6));
                    m.write("/chunked_gzip", "0:4, 0:5", ints(30 + k, 4, 5));
                    m.setAttribute("/contiguous", "session", (long) session * 10 + k);
                    f.flush();
                    model = m.model();
                }
                if (session == 1) m.delete("/s0_1");
                model = m.model();
            }
            Oracles.matchesModel(file, new Mirror(null, model));
        }
        Oracles.userBlockKept(file);
        ObjectNode after = Oracles.matchesModel(file, new Mirror(null, model));
        Oracles.allReadersAgree(file, after);
        Oracles.libhdf5KeepsWriting(file);
    }
}
