package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.h5vds.testing.H5Dump;
import org.h5vds.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dimension scales ({@link Dataset#makeScale}, {@link Dataset#dims()}, {@link Dimension}) made by
 * h5vds and by h5py (libhdf5's H5DS API) in twin files: what libhdf5 reads back through H5DS
 * (scales, names, labels, back-references), h5dump's attributes, libhdf5 attaching and detaching
 * more in both files, and h5vds reading h5py's.
 */
class DimensionScalesTest {
    @TempDir
    Path dir;

    /** What libhdf5's H5DS API and h5py's dims make of a file: per dataset, scale or not, name, per axis label and scales, back-references. */
    private static final String DESCRIBE = """
            import sys, json, h5py
            out = {}
            with h5py.File(sys.argv[1], 'r') as f:
                for name in sorted(f):
                    d = f[name]
                    row = {'is_scale': h5py.h5ds.is_scale(d.id), 'attrs': sorted(d.attrs)}
                    if h5py.h5ds.is_scale(d.id):
                        n = h5py.h5ds.get_scale_name(d.id)
                        row['scale_name'] = None if n is None else n.decode()
                    row['dims'] = [{'label': dim.label, 'keys': list(dim.keys()), 'scales': [s.name for s in dim.values()],
                                    'count': h5py.h5ds.get_num_scales(d.id, i)} for i, dim in enumerate(d.dims)]
                    if 'REFERENCE_LIST' in d.attrs:
                        row['back'] = [[f[r].name, int(k)] for r, k in d.attrs['REFERENCE_LIST']]
                    out[name] = row
            print(json.dumps(out, sort_keys=True, indent=1))
            """;

    private static final String TWIN = """
            import sys, h5py, numpy as np
            with h5py.File(sys.argv[1], 'w', libver='latest') as f:
                d = f.create_dataset('data', data=np.zeros((3, 4)))
                e = f.create_dataset('e', data=np.zeros(3))
                x = f.create_dataset('x', data=np.arange(3.0))
                y = f.create_dataset('y', data=np.arange(4.0))
                y2 = f.create_dataset('y2', data=np.arange(4.0))
                n = f.create_dataset('n', data=np.arange(4.0))
                x.make_scale('x name')
                y.make_scale()
                y2.make_scale('yy')
                d.dims[0].attach_scale(x)
                d.dims[1].attach_scale(y)
                d.dims[1].attach_scale(y2)
                d.dims[1].attach_scale(n)
                e.dims[0].attach_scale(x)
                d.dims[1].detach_scale(y)
                d.dims[0].label = 'rows'
                e.dims[0].label = 'only'
                y2.make_scale('renamed')
            """;

    private Path writeWithH5vds() {
        Path file = dir.resolve("h5vds.h5");
        try (H5File f = H5File.create(file)) {
            Dataset d = f.createDataset("data", NdArray.zeros(DType.FLOAT64, 3, 4));
            Dataset e = f.createDataset("e", NdArray.zeros(DType.FLOAT64, 3));
            Dataset x = f.createDataset("x", NdArray.of(new double[] {0, 1, 2}, 3));
            Dataset y = f.createDataset("y", NdArray.of(new double[] {0, 1, 2, 3}, 4));
            Dataset y2 = f.createDataset("y2", NdArray.of(new double[] {0, 1, 2, 3}, 4));
            Dataset n = f.createDataset("n", NdArray.of(new double[] {0, 1, 2, 3}, 4));
            x.makeScale("x name");
            y.makeScale("");
            y2.makeScale("yy");
            d.dims().get(0).attachScale(x);
            d.dims().get(1).attachScale(y);
            d.dims().get(1).attachScale(y2);
            d.dims().get(1).attachScale(n);
            e.dims().get(0).attachScale(x);
            d.dims().get(1).detachScale(y);
            d.dims().get(0).setLabel("rows");
            e.dims().get(0).setLabel("only");
            y2.makeScale("renamed");
            // read back in the writing session; detaching y moved n, the last, into its place, as libhdf5 does
            assertThat(d.dims().get(1).scaleNames()).containsExactly("", "renamed");
            assertThat(d.dims().get(0).label()).isEqualTo("rows");
            assertThat(d.dims().get(1).label()).isEmpty();
        }
        return file;
    }

    @Test
    void scalesAreWhatLibhdf5Makes() {
        Path ours = writeWithH5vds();
        Path twin = dir.resolve("h5py.h5");
        Python.run(TWIN, twin);
        String expected = Python.run(DESCRIBE, twin);
        assertThat(expected).contains("\"renamed\"").contains("\"/n\"").contains("\"rows\"");
        assertThat(Python.run(DESCRIBE, ours)).as("libhdf5's H5DS reading h5vds' scales").isEqualTo(expected);
        H5Dump.Result a = H5Dump.run(ours, "-A");
        H5Dump.Result b = H5Dump.run(twin, "-A");
        assertThat(a.exit()).as("h5dump\n" + a.err()).isZero();
        // object references print as their addresses, which differ between the files
        assertThat(withoutAddresses(a.out(), ours)).as("h5dump -A").isEqualTo(withoutAddresses(b.out(), twin));
        // libhdf5 goes on attaching, detaching and labelling in both files
        String more = """
                import sys, h5py
                with h5py.File(sys.argv[1], 'r+') as f:
                    d, e = f['data'], f['e']
                    d.dims[1].attach_scale(f['y'])
                    d.dims[0].detach_scale(f['x'])
                    e.dims[0].detach_scale(f['x'])
                    d.dims[1].label = 'columns'
                """;
        Python.run(more, ours);
        Python.run(more, twin);
        assertThat(Python.run(DESCRIBE, ours)).as("after libhdf5's changes").isEqualTo(Python.run(DESCRIBE, twin));
    }

    private static String withoutAddresses(String dump, Path file) {
        return dump.replace(file.toString(), "F").replaceAll("DATASET \\d+ ", "DATASET ");
    }

    @Test
    void readsScalesLibhdf5Made() {
        Path twin = dir.resolve("h5py.h5");
        Python.run(TWIN, twin);
        try (H5File f = H5File.open(twin)) {
            Dataset d = f.dataset("data");
            assertThat(d.dims()).hasSize(2);
            assertThat(d.dims().get(0).scales()).extracting(Dataset::path).containsExactly("/x");
            assertThat(d.dims().get(1).scales()).extracting(Dataset::path).containsExactly("/n", "/y2");
            assertThat(d.dims().get(1).scaleNames()).containsExactly("", "renamed");
            assertThat(d.dims().get(0).label()).isEqualTo("rows");
            assertThat(d.dims().get(1).label()).isEmpty();
            assertThat(f.dataset("x").isScale()).isTrue();
            assertThat(f.dataset("x").scaleName()).isEqualTo("x name");
            assertThat(f.dataset("n").isScale()).isTrue();
            assertThat(f.dataset("data").isScale()).isFalse();
            assertThat(f.dataset("e").dims().get(0).scales()).extracting(Dataset::path).containsExactly("/x");
        }
    }

    /** h5vds changing the scales of a file libhdf5 wrote ('r+'), against libhdf5 making the same changes to a copy. */
    @Test
    void changesScalesLibhdf5MadeAsLibhdf5Does() throws java.io.IOException {
        Path ours = dir.resolve("h5py-then-h5vds.h5");
        Python.run(TWIN, ours);
        Path twin = dir.resolve("h5py-then-h5py.h5");
        java.nio.file.Files.copy(ours, twin);
        try (H5File f = H5File.open(ours, H5File.Mode.READ_WRITE)) {
            Dataset d = f.dataset("data");
            d.dims().get(1).attachScale(f.dataset("y"));
            d.dims().get(0).detachScale(f.dataset("x"));
            Dataset z = f.createDataset("z", NdArray.of(new double[] {5, 6, 7}, 3));
            z.makeScale("zed");
            d.dims().get(0).attachScale(z);
            f.dataset("e").dims().get(0).setLabel("relabelled");
        }
        Python.run("""
                import sys, h5py, numpy as np
                with h5py.File(sys.argv[1], 'r+') as f:
                    d = f['data']
                    d.dims[1].attach_scale(f['y'])
                    d.dims[0].detach_scale(f['x'])
                    z = f.create_dataset('z', data=np.array([5.0, 6.0, 7.0]))
                    z.make_scale('zed')
                    d.dims[0].attach_scale(z)
                    f['e'].dims[0].label = 'relabelled'
                """, twin);
        String expected = Python.run(DESCRIBE, twin);
        assertThat(expected).contains("\"zed\"").contains("relabelled");
        assertThat(Python.run(DESCRIBE, ours)).isEqualTo(expected);
        H5Dump.Result r = H5Dump.run(ours, "-A");
        assertThat(r.exit()).as("h5dump\n" + r.err()).isZero();
    }

    @Test
    void detachingTheLastScaleDeletesTheBookkeepingAsLibhdf5Does() {
        Path ours = writeWithH5vds();
        try (H5File f = H5File.open(ours, H5File.Mode.READ_WRITE)) {
            Dataset d = f.dataset("data");
            d.dims().get(0).detachScale(f.dataset("x"));
            d.dims().get(1).detachScale(f.dataset("y2"));
            d.dims().get(1).detachScale(f.dataset("n"));
            f.dataset("e").dims().get(0).detachScale(f.dataset("x"));
        }
        Path twin = dir.resolve("h5py.h5");
        Python.run(TWIN, twin);
        Python.run("""
                import sys, h5py
                with h5py.File(sys.argv[1], 'r+') as f:
                    d = f['data']
                    d.dims[0].detach_scale(f['x'])
                    d.dims[1].detach_scale(f['y2'])
                    d.dims[1].detach_scale(f['n'])
                    f['e'].dims[0].detach_scale(f['x'])
                """, twin);
        String expected = Python.run(DESCRIBE, twin);
        assertThat(expected).doesNotContain("DIMENSION_LIST").doesNotContain("REFERENCE_LIST");
        assertThat(Python.run(DESCRIBE, ours)).isEqualTo(expected);
    }

    @Test
    void refusesWhatLibhdf5Refuses() {
        Path file = dir.resolve("refusals.h5");
        Path other = dir.resolve("other.h5");
        try (H5File f = H5File.create(file); H5File o = H5File.create(other)) {
            Dataset d = f.createDataset("data", NdArray.zeros(DType.FLOAT64, 3, 4));
            Dataset x = f.createDataset("x", NdArray.of(new double[] {0, 1, 2}, 3));
            Dataset s = f.createDataset("scalar", NdArray.scalar(DType.INT32, 1));
            Dataset elsewhere = o.createDataset("x", NdArray.of(new double[] {0, 1, 2}, 3));
            x.makeScale("x");
            d.dims().get(0).attachScale(x);
            d.dims().get(0).attachScale(x); // attached already: nothing more
            assertThat(d.dims().get(0).scales()).hasSize(1);
            assertThat(x.attrs().get("REFERENCE_LIST").shape().get(0)).isEqualTo(1);
            assertThat(s.dims()).isEmpty();
            assertThatThrownBy(() -> d.dims().get(1).attachScale(d)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("its own");
            assertThatThrownBy(() -> x.dims().get(0).attachScale(d)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("/x: is a dimension scale");
            Dataset e = f.createDataset("e", NdArray.zeros(DType.FLOAT64, 3));
            assertThatThrownBy(() -> e.dims().get(0).attachScale(d)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("/data has dimension scales attached");
            assertThatThrownBy(() -> d.makeScale("d")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has dimension scales attached");
            assertThatThrownBy(() -> d.dims().get(1).attachScale(elsewhere)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("another file");
            assertThatThrownBy(() -> d.dims().get(1).detachScale(x)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not attached to axis 1");
            assertThatThrownBy(() -> d.dims().get(1).attachScale(null)).isInstanceOf(NullPointerException.class);
            Dataset odd = f.createDataset("odd", NdArray.of(new double[] {0, 1, 2, 3}, 4));
            odd.makeScale("odd");
            odd.attrs().put("REFERENCE_LIST", NdArray.of(new int[] {1, 2}, 2));
            assertThatThrownBy(() -> d.dims().get(1).attachScale(odd)).isInstanceOf(H5Exception.class)
                    .hasMessageContaining("/odd: its REFERENCE_LIST attribute is not the list");
            assertThat(d.dims().get(1).scales()).as("nothing changed by the refusals").isEmpty();
            assertThat(List.copyOf(d.attrs().keySet())).containsExactly("DIMENSION_LIST");
        }
    }
}
