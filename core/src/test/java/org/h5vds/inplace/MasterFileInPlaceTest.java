package org.h5vds.inplace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.h5vds.api.Dataset;
import org.h5vds.api.DatasetOptions;
import org.h5vds.api.DType;
import org.h5vds.api.H5File;
import org.h5vds.api.NdArray;
import org.h5vds.api.Npy;
import org.h5vds.api.Shape;
import org.h5vds.api.VirtualLayout;
import org.h5vds.api.VirtualSource;
import org.h5vds.testing.H5Dump;
import org.h5vds.testing.H5Wasm;
import org.h5vds.testing.Libhdf5Java;
import org.h5vds.testing.OracleRead;
import org.h5vds.testing.Python;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The first use: a detector pipeline's NeXus master file, written by libhdf5 (every
 * superblock version: 0 from libver earliest, 1 from earliest with a non-default chunk B-tree K,
 * 2 from v108, 3 from latest), gets the virtual dataset that stitches the modules into
 * {@code /entry/data/data} from h5vds, a virtual dataset over its own data (source ".") and
 * processed datasets of every type the writer has, next to the raw data; frames are appended.
 * h5py, h5dump, libhdf5 1.14 and h5wasm read the result, and h5py writes on.
 */
class MasterFileInPlaceTest {
    private static final int MODULES = 3;
    private static final int FRAMES = 4;
    private static final int MODULE_ROWS = 6;
    private static final int GAP = 2;
    private static final int COLS = 8;

    @TempDir
    Path dir;

    /** The master file (and its module files beside it) as libhdf5 writes it; "sbv1" is libver earliest with istore_k 4 and sym_k 2, 2. */
    private Path master(String label) {
        Path p = dir.resolve("master_" + label + ".h5");
        Python.run("""
                import h5py, numpy as np, os, sys
                from h5py import h5f, h5p
                path, label = sys.argv[1], sys.argv[2]
                folder = os.path.dirname(path)
                for m in range(3):
                    with h5py.File(os.path.join(folder, 'module_%d.h5' % m), 'w') as f:
                        f.create_dataset('data', data=(np.arange(4 * 6 * 8) + 1000 * m).reshape(4, 6, 8).astype('<u2'),
                                         chunks=(1, 6, 8), compression='gzip')
                if label == 'sbv1':
                    # h5py 3.7 does not wrap H5Pset_istore_k / H5Pset_sym_k: call the libhdf5 it loaded
                    import ctypes
                    lib = ctypes.CDLL('libhdf5_serial.so.103')
                    fcpl = h5p.create(h5p.FILE_CREATE)
                    assert lib.H5Pset_istore_k(ctypes.c_int64(fcpl.id), ctypes.c_uint(4)) >= 0
                    assert lib.H5Pset_sym_k(ctypes.c_int64(fcpl.id), ctypes.c_uint(2), ctypes.c_uint(2)) >= 0
                    fapl = h5p.create(h5p.FILE_ACCESS)
                    fapl.set_libver_bounds(h5f.LIBVER_EARLIEST, h5f.LIBVER_LATEST)
                    f = h5py.File(h5f.create(path.encode(), h5f.ACC_TRUNC, fapl=fapl, fcpl=fcpl))
                else:
                    f = h5py.File(path, 'w', libver={'earliest': 'earliest', 'v108': ('v108', 'v108'), 'latest': 'latest'}[label])
                with f:
                    entry = f.create_group('entry')
                    entry.attrs['NX_class'] = 'NXentry'
                    det = entry.create_group('instrument/detector')
                    det.attrs['NX_class'] = 'NXdetector'
                    det.create_dataset('x_pixel_size', data=7.5e-5)
                    data = entry.create_group('data')
                    data.attrs['NX_class'] = 'NXdata'
                    data.create_dataset('existing', data=np.arange(10, dtype='<i4'))
                    entry.create_dataset('frames', data=np.arange(8, dtype='<i4').reshape(2, 4), chunks=(1, 4), maxshape=(None, 4))
                print('ok')
                """, p, label);
        return p;
    }

    private static int superblockVersion(Path p) {
        try (var in = Files.newInputStream(p)) {
            byte[] head = in.readNBytes(9);
            return head[8];
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"earliest", "sbv1", "v108", "latest"})
    void aVirtualDatasetStitchingTheModulesIsAddedToTheMasterFile(String label) {
        Path p = master(label);
        assertThat(superblockVersion(p)).isEqualTo(switch (label) {
            case "earliest" -> 0;
            case "sbv1" -> 1;
            case "v108" -> 2;
            default -> 3;
        });
        int rows = MODULES * MODULE_ROWS + (MODULES - 1) * GAP;
        try (H5File f = H5File.open(p, H5File.Mode.READ_WRITE)) {
            VirtualLayout layout = new VirtualLayout(Shape.of(FRAMES, rows, COLS), DType.UINT16);
            for (int m = 0; m < MODULES; m++) {
                int at = m * (MODULE_ROWS + GAP);
                layout.set(":, " + at + ":" + (at + MODULE_ROWS) + ", :", new VirtualSource("module_" + m + ".h5", "data", Shape.of(FRAMES, MODULE_ROWS, COLS)));
            }
            Dataset stitched = f.createVirtualDataset("entry/data/data", layout, 7);
            stitched.attrs().put("units", "counts");
            f.group("entry/data").attrs().put("signal", "data");
            // a virtual dataset over the file's own data: its halves swapped
            VirtualSource own = VirtualSource.of(f.dataset("entry/data/existing"));
            VirtualLayout swap = new VirtualLayout(Shape.of(10), DType.INT32);
            swap.set("0:5", own.slice("5:10"));
            swap.set("5:10", own.slice("0:5"));
            f.createVirtualDataset("entry/data/swapped", swap);
            f.dataset("entry/frames").append(NdArray.of(frames(40), 40, 4));
            for (int i = 0; i < 30; i++) f.createGroup("entry/scan_" + i).attrs().put("index", (long) i);
        }
        String h5py = Python.run("""
                import h5py, numpy as np, sys
                with h5py.File(sys.argv[1], 'r') as f:
                    d = f['entry/data/data']
                    want = np.full((4, 22, 8), 7, dtype='<u2')
                    for m in range(3):
                        want[:, m * 8:m * 8 + 6, :] = (np.arange(4 * 6 * 8) + 1000 * m).reshape(4, 6, 8)
                    print(d.is_virtual, d.dtype, d.fillvalue, np.array_equal(d[()], want), d.attrs['units'], f['entry/data'].attrs['signal'])
                    print(f['entry/data/swapped'][()].tolist(), sorted(s.file_name for s in f['entry/data/swapped'].virtual_sources()))
                    print(f['entry/frames'].shape, np.array_equal(f['entry/frames'][2:], (np.arange(160) * 3).reshape(40, 4)),
                          f['entry/frames'][:2].tolist())
                    print(f['entry'].attrs['NX_class'], f['entry/instrument/detector'].attrs['NX_class'],
                          f['entry/instrument/detector/x_pixel_size'][()], f['entry/data/existing'][()].tolist(),
                          len([k for k in f['entry'] if k.startswith('scan_')]), f['entry/scan_29'].attrs['index'])
                """, p);
        assertThat(h5py).contains("True uint16 7 True counts data")
                .contains("[5, 6, 7, 8, 9, 0, 1, 2, 3, 4] ['.', '.']")
                .contains("(42, 4) True [[0, 1, 2, 3], [4, 5, 6, 7]]")
                .contains("NXentry NXdetector 7.5e-05 [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] 30 29");
        assertThat(H5Dump.run(p).exit()).as("h5dump " + p).isZero();
        List<OracleRead> requests = List.of(OracleRead.of(p, "/entry/data/data"), OracleRead.of(p, "/entry/data/swapped"),
                OracleRead.of(p, "/entry/frames"));
        List<String> failures = new ArrayList<>();
        try (H5File f = H5File.open(p)) {
            for (List<OracleRead> reads : List.of(Libhdf5Java.readAll(requests), H5Wasm.readAll(requests))) {
                for (OracleRead r : reads) {
                    if (!r.ok()) failures.add(r.toString());
                    else if (!r.values().equals(f.dataset(r.dataset()).read())) failures.add(r.dataset() + ": " + r.values());
                }
            }
        }
        assertThat(failures).isEmpty();
        Oracles.libhdf5KeepsWriting(p);
    }

    private static int[] frames(int n) {
        int[] v = new int[n * 4];
        for (int i = 0; i < v.length; i++) v[i] = 3 * i;
        return v;
    }

    /** Every dtype the writer has, as NumPy writes it to .npy: stored as a contiguous and a compressed chunked dataset, and as an attribute. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"earliest", "latest"})
    void processedDatasetsOfEveryTypeAreAddedNextToTheRawData(String label) throws IOException {
        Path p = master(label);
        Path npys = Files.createDirectories(dir.resolve("npy"));
        String names = Python.run("""
                import numpy as np, os, sys
                out = sys.argv[1]
                types = ['<i1', '<i2', '<i4', '<i8', '<u1', '<u2', '<u4', '<u8', '<f2', '<f4', '<f8', '<c8', '<c16', '|b1',
                         '>i4', '>f8']
                for t in types:
                    a = (np.arange(24) * 3 - 20).reshape(4, 6)
                    a = (a % 2 == 0) if t == '|b1' else (a + 1j * a if t.startswith('<c') else a)
                    np.save(os.path.join(out, t.replace('<', 'le_').replace('>', 'be_').replace('|', '') + '.npy'), a.astype(t))
                print(' '.join(sorted(os.listdir(out))))
                """, npys);
        List<String> files = List.of(names.strip().split(" "));
        assertThat(files).hasSize(16);
        try (H5File f = H5File.open(p, H5File.Mode.APPEND)) {
            for (String file : files) {
                NdArray a = Npy.read(npys.resolve(file));
                String name = file.replace(".npy", "");
                f.createDataset("processed/contiguous/" + name, a, DatasetOptions.contiguous());
                f.createDataset("processed/chunked/" + name, a, DatasetOptions.chunked(2, 3).maxShape(Shape.UNLIMITED, 6).deflate(4).shuffle());
                f.group("processed").attrs().put(name, a);
            }
        }
        String h5py = Python.run("""
                import h5py, numpy as np, os, sys
                bad = []
                with h5py.File(sys.argv[1], 'r') as f:
                    for file in sorted(os.listdir(sys.argv[2])):
                        want = np.load(os.path.join(sys.argv[2], file))
                        name = file[:-4]
                        for got in (f['processed/contiguous/' + name], f['processed/chunked/' + name], f['processed'].attrs[name]):
                            if got.dtype != want.dtype or not np.array_equal(got[()], want):
                                bad.append((name, str(got.dtype), str(want.dtype)))
                    assert f['entry/data/existing'][()].tolist() == list(range(10))
                print('bad', bad)
                """, p, npys);
        assertThat(h5py.strip()).isEqualTo("bad []");
        assertThat(H5Dump.run(p).exit()).isZero();
        Oracles.libhdf5KeepsWriting(p);
    }
}
