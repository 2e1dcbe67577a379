package org.h5vds.inplace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.h5vds.api.Dataset;
import org.h5vds.api.H5File;
import org.h5vds.api.NdArray;
import org.h5vds.testing.H5Wasm;
import org.h5vds.testing.Project;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files libhdf5 2.0 writes in its newest format (h5wasm, libver v200): chunked datasets with layout
 * message version 5, whose extensible array, fixed array and v2 B-tree indexes give a filtered
 * chunk's size 8 bytes ("Size of Lengths") instead of the width derived from the chunk size. h5vds
 * writes, grows and appends to every such index in place (compressed chunks that grow move), keeps
 * the version 5 encoding, and h5wasm reads back what h5vds wrote; h5wasm then changes the file
 * h5vds changed, and h5vds changes it again. (libhdf5 1.10 and 1.14 refuse layout version 5, so
 * h5wasm is the one other reader.)
 */
class LayoutV5InPlaceTest {
    @TempDir
    Path dir;

    private static final List<String> NAMES = List.of("ea", "ea_gzip", "fa", "fa_gzip", "bt2", "bt2_gzip", "single", "single_gzip");

    /** A dataset's expected values, row-major, rank 1 or 2. */
    private static final class Values {
        long[] shape;
        long[] v;

        Values(long[] shape, long[] v) {
            this.shape = shape;
            this.v = v;
        }

        long cols() {
            return shape.length == 1 ? 1 : shape[1];
        }

        void set(long r0, long r1, long c0, long c1, long[] values) {
            int k = 0;
            for (long r = r0; r < r1; r++) for (long c = c0; c < c1; c++) v[(int) (r * cols() + c)] = values[k++];
        }

        void resize(long... to) {
            long[] out = new long[(int) (to[0] * (to.length == 1 ? 1 : to[1]))];
            long newCols = to.length == 1 ? 1 : to[1];
            for (long r = 0; r < Math.min(shape[0], to[0]); r++) {
                for (long c = 0; c < Math.min(cols(), newCols); c++) out[(int) (r * newCols + c)] = v[(int) (r * cols() + c)];
            }
            shape = to.clone();
            v = out;
        }

        boolean unlimited(String name) {
            return name.startsWith("ea") || name.startsWith("bt2");
        }
    }

    private static long[] random(long seed, int n) {
        long[] out = new long[n];
        long x = seed;
        for (int i = 0; i < n; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            out[i] = (int) (x >>> 33);
        }
        return out;
    }

    private static NdArray ints(long[] values, long... shape) {
        int[] v = new int[values.length];
        for (int i = 0; i < v.length; i++) v[i] = (int) values[i];
        return NdArray.of(v, shape);
    }

    private static long[] filled(long value, int n) {
        long[] out = new long[n];
        java.util.Arrays.fill(out, value);
        return out;
    }

    /** Writes rows [r0, r1) x columns [c0, c1) in h5vds and in the model. */
    private static void write(H5File f, Map<String, Values> model, String name, long r0, long r1, long c0, long c1, long[] values) {
        Values m = model.get(name);
        Dataset d = f.dataset(name);
        if (m.shape.length == 1) d.write(r0 + ":" + r1, ints(values, r1 - r0));
        else d.write(r0 + ":" + r1 + ", " + c0 + ":" + c1, ints(values, r1 - r0, c1 - c0));
        m.set(r0, r1, c0, c1, values);
    }

    @Test
    void layoutVersion5IndexesChangedInPlaceAndReadByLibhdf5Two() throws IOException {
        Path file = dir.resolve("v200.h5");
        h5wasm("make", file);
        Map<String, Values> model = new LinkedHashMap<>();
        long[] initial = new long[1000];
        for (int i = 0; i < initial.length; i++) initial[i] = i * 7L;
        for (String n : NAMES) model.put(n, new Values(n.startsWith("ea") ? new long[] {1000} : new long[] {10, 100}, initial.clone()));
        assertThat(filteredIndexEntrySizes(file)).as("h5wasm wrote version 5 indexes: 8-byte chunk sizes").containsOnly(20, 36);
        agree(file, model);

        // h5vds: incompressible rows (gzip chunks grow and move), growth along every unlimited axis, two commits
        try (H5File f = H5File.open(file, H5File.Mode.READ_WRITE)) {
            int seed = 1;
            for (String n : NAMES) {
                Values m = model.get(n);
                write(f, model, n, 2, 4, 0, m.cols(), random(seed++, (int) (2 * m.cols())));
                if (n.startsWith("ea")) {
                    f.dataset(n).resize(1005);
                    m.resize(1005);
                    write(f, model, n, 1000, 1005, 0, 1, filled(9, 5));
                } else if (n.startsWith("bt2")) {
                    f.dataset(n).resize(15, 130);
                    m.resize(15, 130);
                    write(f, model, n, 10, 15, 0, 130, random(seed++, 5 * 130));
                    write(f, model, n, 0, 10, 100, 130, filled(11, 300));
                }
            }
            f.flush();
            for (String n : NAMES) write(f, model, n, 0, 1, 0, model.get(n).cols(), filled(3, (int) model.get(n).cols()));
        }
        assertThat(filteredIndexEntrySizes(file)).as("the indexes h5vds rewrote keep the version 5 encoding").containsOnly(20, 36);
        agree(file, model);

        // libhdf5 2.0 changes the file h5vds changed
        h5wasm("change", file);
        for (String n : NAMES) {
            Values m = model.get(n);
            m.set(0, 2, 0, m.cols(), filled(-1, (int) (2 * m.cols())));
            if (m.unlimited(n)) {
                long rows = m.shape[0];
                m.resize(m.shape.length == 1 ? new long[] {rows + 3} : new long[] {rows + 3, m.shape[1]});
                m.set(rows, rows + 3, 0, m.cols(), filled(5, (int) (3 * m.cols())));
            }
        }
        agree(file, model);

        // and h5vds again, on indexes libhdf5 2.0 rewrote
        try (H5File f = H5File.open(file, H5File.Mode.READ_WRITE)) {
            for (String n : List.of("ea", "ea_gzip")) {
                Values m = model.get(n);
                long rows = m.shape[0];
                long[] frames = random(40 + n.length(), 250);
                f.dataset(n).append(ints(frames, 250));
                m.resize(rows + 250);
                m.set(rows, rows + 250, 0, 1, frames);
            }
            for (String n : List.of("fa", "fa_gzip", "single_gzip")) write(f, model, n, 5, 10, 20, 40, random(50 + n.length(), 100));
            Values b = model.get("bt2_gzip");
            f.dataset("bt2_gzip").resize(4, 60);
            b.resize(4, 60);
        }
        agree(file, model);
    }

    /** h5vds and h5wasm (libhdf5 2.0) read every dataset as the model says. */
    private static void agree(Path file, Map<String, Values> model) {
        try (H5File f = H5File.open(file)) {
            for (String n : NAMES) {
                NdArray a = f.dataset(n).read();
                assertThat(a.shape()).as("h5vds: shape of " + n).containsExactly(model.get(n).shape);
                assertThat(a.toLongArray()).as("h5vds: " + n).containsExactly(model.get(n).v);
            }
        }
        for (String n : NAMES) {
            NdArray a = H5Wasm.read(file, n);
            assertThat(a.shape()).as("h5wasm: shape of " + n + " in " + file).containsExactly(model.get(n).shape);
            assertThat(a.toLongArray()).as("h5wasm: " + n + " in " + file).containsExactly(model.get(n).v);
        }
    }

    /**
     * The entry sizes of the filtered chunk indexes in the file (extensible and fixed array headers of
     * client 1, v2 B-tree headers of record type 11), found by their signatures: 8-byte address,
     * 8-byte size and 4-byte mask (20), plus two 8-byte scaled offsets in a v2 B-tree record (36).
     */
    private static List<Integer> filteredIndexEntrySizes(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        String text = new String(b.array(), java.nio.charset.StandardCharsets.ISO_8859_1);
        List<Integer> sizes = new ArrayList<>();
        for (String sig : List.of("EAHD", "FAHD", "BTHD")) {
            for (int at = text.indexOf(sig); at >= 0; at = text.indexOf(sig, at + 1)) {
                if (sig.equals("BTHD")) {
                    if (b.get(at + 5) == 11) sizes.add(b.getShort(at + 10) & 0xFFFF);
                } else if (b.get(at + 5) == 1) {
                    sizes.add(b.get(at + 6) & 0xFF);
                }
            }
        }
        assertThat(sizes).as("filtered chunk indexes in " + file).isNotEmpty();
        return sizes;
    }

    private static void h5wasm(String mode, Path file) {
        Path script = Project.dir().resolve("src/test/js/h5wasm_layout_v5.mjs");
        ProcessBuilder pb = new ProcessBuilder(H5Wasm.node(), script.toString(), mode, file.toAbsolutePath().toString());
        pb.environment().put("H5WASM_MODULE", H5Wasm.moduleDir().toString());
        try {
            Process p = pb.redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor()).as("h5wasm " + mode + " " + file + "\n" + out).isZero();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

}
