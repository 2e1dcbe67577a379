package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.h5vds.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Group#requireGroup} and {@link Group#requireDataset} decide as h5py's {@code require_group}
 * and {@code require_dataset} do, case by case on copies of one file h5py writes, and what they
 * create h5py reads.
 */
class RequireObjectsTest {
    /** The datasets of the file h5py writes: name, NumPy dtype, shape. */
    private static final String WRITE = """
            import sys, h5py, numpy as np
            with h5py.File(sys.argv[1], 'w') as f:
                f.create_group('g')
                f['i4'] = np.zeros((3, 4), '<i4')
                f['be'] = np.zeros(5, '>i2')
                f['u1'] = np.zeros(2, 'u1')
                f['f4'] = np.zeros(2, 'f4')
                f['c8'] = np.zeros(2, 'c8')
                f['s8'] = np.zeros(2, 'S8')
                f['b'] = np.zeros(2, bool)
                f.create_dataset('e', (2,), dtype=h5py.enum_dtype({'A': 0, 'B': 1}, basetype='i1'))
                f['cmp'] = np.zeros(2, [('x', '<i4'), ('y', '<f8')])
                f.create_dataset('vs', (2,), dtype=h5py.string_dtype())
                f['v8'] = np.zeros(2, 'V8')
            """;

    /** One require_dataset call: path, dtype text (DType.parse and NumPy both read it, or "str"), shape, exact. */
    private record Case(String path, String dtype, long[] shape, boolean exact) {
        String py() {
            StringBuilder s = new StringBuilder("(");
            for (long n : shape) s.append(n).append(',');
            return path + ";" + dtype + ";" + s.append(')') + ";" + (exact ? 1 : 0);
        }

        DType type() {
            return dtype.equals("str") ? DType.string() : DType.parse(dtype);
        }

        @Override
        public String toString() {
            return "require_dataset(" + py() + ")";
        }
    }

    private static Case c(String path, String dtype, boolean exact, long... shape) {
        return new Case(path, dtype, shape, exact);
    }

    @Test
    void requireDatasetAcceptsAndRefusesAsH5pyDoes(@TempDir Path dir) throws Exception {
        Path base = dir.resolve("base.h5");
        Python.run(WRITE, base);
        List<Case> cases = new ArrayList<>();
        String[] numbers = {"i1", "i2", "<i4", ">i4", "i8", "u1", "u2", "u4", "u8", "f2", "f4", "f8", "c8", "c16", "bool"};
        for (String t : numbers) {
            for (boolean exact : new boolean[] {false, true}) {
                cases.add(c("i4", t, exact, 3, 4));
                cases.add(c("be", t, exact, 5));
                cases.add(c("u1", t, exact, 2));
                cases.add(c("f4", t, exact, 2));
                cases.add(c("c8", t, exact, 2));
                cases.add(c("b", t, exact, 2));
                cases.add(c("e", t, exact, 2));
            }
        }
        for (boolean exact : new boolean[] {false, true}) {
            for (String s : new String[] {"S4", "S8", "S9", "i1", "u2", "i4", "bool", "f4", "V8"}) cases.add(c("s8", s, exact, 2));
            for (String s : new String[] {"V4", "V8", "V16", "S8", "S9", "i1", "f8", "c16", "[('x', '<i4')]"}) cases.add(c("v8", s, exact, 2));
            cases.add(c("cmp", "[('x', '<i4'), ('y', '<f8')]", exact, 2));
            cases.add(c("cmp", "[('x', '<i4'), ('y', '<f4')]", exact, 2));
            cases.add(c("cmp", "[('a', '<i2'), ('y', '<f4')]", exact, 2));  // NumPy matches fields by position
            cases.add(c("cmp", "[('y', '<f8'), ('x', '<i4')]", exact, 2));
            cases.add(c("cmp", "[('x', '<i4')]", exact, 2));
            cases.add(c("cmp", "<i4", exact, 2));
            for (String s : new String[] {"str", "S8", "<i4", "[('x', '<i4'), ('y', '<f8')]"}) cases.add(c("vs", s, exact, 2));
            cases.add(c("i4", "<i4", exact, 4, 3));        // another shape
            cases.add(c("i4", "<i4", exact, 12));
            cases.add(c("g", "<i4", exact, 2));            // a group is there
            cases.add(c("new/a", "<f4", exact, 2, 3));     // nothing is there: created, groups too
        }

        List<String> ours = new ArrayList<>();
        for (Case k : cases) {
            Path copy = Files.copy(base, dir.resolve("ours.h5"), StandardCopyOption.REPLACE_EXISTING);
            try (H5File f = H5File.open(copy, H5File.Mode.APPEND)) {
                Dataset d = f.requireDataset(k.path, k.type(), Shape.of(k.shape), DatasetOptions.defaults(), k.exact);
                ours.add("ok " + d.shape());
            } catch (IllegalArgumentException e) {
                ours.add("refused");
                assertThat(e).hasMessageContaining(copy.toString());
            }
        }
        String h5py = Python.run("""
                import sys, shutil, h5py, numpy as np
                for case in sys.argv[2].split('|'):
                    path, dtype, shape, exact = case.split(';')
                    dtype = h5py.string_dtype() if dtype == 'str' else np.dtype(eval(dtype) if dtype.startswith('[') else dtype)
                    shutil.copy(sys.argv[1], sys.argv[1] + '.copy')
                    with h5py.File(sys.argv[1] + '.copy', 'a') as f:
                        try:
                            d = f.require_dataset(path, eval(shape), dtype, exact=exact == '1')
                            print('ok', d.shape)
                        except TypeError:
                            print('refused')
                """, base, String.join("|", cases.stream().map(Case::py).toList()));
        List<String> theirs = h5py.strip().lines().map(l -> l.startsWith("ok") ? "ok " + l.substring(3) : l).toList();
        List<String> differ = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            if (!ours.get(i).equals(theirs.get(i))) differ.add(cases.get(i) + ": h5vds " + ours.get(i) + ", h5py " + theirs.get(i));
        }
        assertThat(differ).isEmpty();
        assertThat(ours).contains("refused").anyMatch(o -> o.startsWith("ok"));
    }

    @Test
    void requireGroupFindsCreatesOrRefusesAndH5pyReadsWhatItMade(@TempDir Path dir) {
        Path file = dir.resolve("f.h5");
        Python.run(WRITE, file);
        try (H5File f = H5File.open(file, H5File.Mode.APPEND)) {
            assertThat(f.requireGroup("g").path()).isEqualTo("/g");
            assertThat(f.group("g").requireGroup("/g").path()).isEqualTo("/g");
            assertThat(f.requireGroup("made/below").path()).isEqualTo("/made/below");
            assertThatThrownBy(() -> f.requireGroup("i4")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("/i4 is a dataset, not a group");
            Dataset d = f.requireDataset("made/data", DType.FLOAT32, Shape.of(2, 3));
            d.write("0", NdArray.of(new float[] {1, 2, 3}, 3));
            assertThat(f.requireDataset("made/data", DType.INT16, Shape.of(2, 3)).path()).isEqualTo("/made/data");
        }
        String h5py = Python.run("""
                import sys, h5py
                with h5py.File(sys.argv[1], 'r') as f:
                    print(isinstance(f['made/below'], h5py.Group), f['made/data'].dtype, f['made/data'].shape, f['made/data'][0].tolist())
                """, file);
        assertThat(h5py.strip()).isEqualTo("True float32 (2, 3) [1.0, 2.0, 3.0]");
    }
}
