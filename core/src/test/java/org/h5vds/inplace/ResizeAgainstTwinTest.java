package org.h5vds.inplace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.h5vds.api.DatasetOptions;
import org.h5vds.api.H5File;
import org.h5vds.api.NdArray;
import org.h5vds.testing.H5Dump;
import org.h5vds.testing.Python;
import org.h5vds.testing.TreeDump;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resizing stored chunked datasets, compared with h5py making the same changes to a twin copy of
 * the file: what h5py reads from the two files afterwards must be the same.
 */
class ResizeAgainstTwinTest {
    @TempDir
    Path dir;

    /**
     * Datasets of the implicit chunk index (early allocation, fixed maximum shape) with every kind
     * of fill, and fixed arrays.
     */
    private static final String IMPLICIT_FILE = """
            import sys, h5py, numpy as np
            from h5py import h5p, h5d, h5s, h5t
            with h5py.File(sys.argv[1], 'w', libver='latest') as f:
                for name, fill, time in (('ifset', -2, h5d.FILL_TIME_IFSET), ('default', None, h5d.FILL_TIME_IFSET),
                                         ('alloc', -2, h5d.FILL_TIME_ALLOC), ('never', -2, h5d.FILL_TIME_NEVER),
                                         ('fixed_never', -2, h5d.FILL_TIME_NEVER)):
                    dcpl = h5p.create(h5p.DATASET_CREATE)
                    dcpl.set_chunk((2, 3))
                    if not name.startswith('fixed'):
                        dcpl.set_alloc_time(h5d.ALLOC_TIME_EARLY)
                    dcpl.set_fill_time(time)
                    if fill is not None:
                        dcpl.set_fill_value(np.array(fill, dtype='<i4'))
                    sid = h5s.create_simple((4, 6), (8, 9))
                    d = h5py.Dataset(h5d.create(f.id, name.encode(), h5t.STD_I32LE, sid, dcpl=dcpl))
                    d[...] = np.arange(1, 25).reshape(4, 6)
                f.create_dataset('fixed', data=np.arange(1, 25).reshape(4, 6), chunks=(2, 3), maxshape=(8, 9), fillvalue=-2)
            """;

    private static final List<String> IMPLICIT = List.of("ifset", "default", "alloc", "never");

    private Path[] twins(String make) throws IOException {
        Path file = dir.resolve("h5vds.h5");
        Path twin = dir.resolve("h5py.h5");
        Python.run(make, file);
        Files.copy(file, twin);
        return new Path[] {file, twin};
    }

    private static void sameAsTwin(Path file, Path twin) {
        assertThat(TreeDump.differences(TreeDump.of(twin), TreeDump.of(file))).as("h5py's reading of the file h5vds changed, against its twin").isEmpty();
        H5Dump.Result r = H5Dump.run(file);
        assertThat(r.exit()).as("h5dump\n" + r.err()).isZero();
    }

    /**
     * The implicit index has a place for every chunk of the maximum shape in one block allocated
     * at creation. Growing the dataset writes the fill value into the chunks newly inside it
     * (H5D__chunk_allocate; not when the fill time is never); h5vds read whatever the block held
     * there (zeros never written, or elements cut off by an earlier shrink). Writes beyond the
     * extent as first stored went to new space the index cannot point to (lost), and shrinking
     * gave parts of the block to the free-space manager. Shrinking puts the fill value into the
     * parts of chunks it cuts even when the fill time is never (H5D__chunk_prune_fill), where
     * h5vds put zeros, for every chunk index.
     */
    @Test
    void implicitIndexShrunkGrownAndWrittenAsLibhdf5Does() throws IOException {
        Path[] f = twins(IMPLICIT_FILE);
        NdArray block = NdArray.of(new int[] {101, 102, 103, 104, 105, 106}, 2, 3);
        try (H5File h = H5File.open(f[0], H5File.Mode.READ_WRITE)) {
            for (String d : IMPLICIT) {
                h.dataset(d).resize(8, 9);
                h.dataset(d).write("6:8, 6:9", block);
                h.dataset(d).write("0, 7", NdArray.of(new int[] {7}, 1));
            }
        }
        try (H5File h = H5File.open(f[0], H5File.Mode.READ_WRITE)) {
            for (String d : IMPLICIT) h.dataset(d).resize(3, 4);
            h.dataset("fixed").resize(3, 4);
            h.dataset("fixed_never").resize(3, 4);
            // new objects take the space freed now (none of an implicit index's block)
            h.createDataset("later", NdArray.of(new int[600], 600), DatasetOptions.contiguous());
            h.attrs().put("later", NdArray.of(new long[100], 100));
        }
        try (H5File h = H5File.open(f[0], H5File.Mode.READ_WRITE)) {
            for (String d : IMPLICIT) {
                h.dataset(d).resize(8, 9);
                h.dataset(d).write("7, 8", NdArray.of(new int[] {99}, 1));
            }
            h.dataset("fixed").resize(8, 9);
            h.dataset("fixed_never").resize(8, 9);
            // shrunk and grown again in one session
            h.dataset("ifset").resize(1, 1);
            h.dataset("ifset").resize(5, 9);
        }
        Python.run("""
                import sys, h5py, numpy as np
                names = ('ifset', 'default', 'alloc', 'never')
                with h5py.File(sys.argv[1], 'r+') as f:
                    for d in names:
                        f[d].resize((8, 9))
                        f[d][6:8, 6:9] = np.array([[101, 102, 103], [104, 105, 106]])
                        f[d][0, 7] = 7
                with h5py.File(sys.argv[1], 'r+') as f:
                    for d in names:
                        f[d].resize((3, 4))
                    f['fixed'].resize((3, 4))
                    f['fixed_never'].resize((3, 4))
                    f.create_dataset('later', data=np.zeros(600, dtype='<i4'))
                    f.attrs['later'] = np.zeros(100, dtype='<i8')
                with h5py.File(sys.argv[1], 'r+') as f:
                    for d in names:
                        f[d].resize((8, 9))
                        f[d][7, 8] = 99
                    f['fixed'].resize((8, 9))
                    f['fixed_never'].resize((8, 9))
                    f['ifset'].resize((1, 1))
                    f['ifset'].resize((5, 9))
                """, f[1]);
        sameAsTwin(f[0], f[1]);
    }

    /**
     * A file whose creator asked libhdf5 to share dataspaces (shared object header messages):
     * libhdf5 flags a dataset's dataspace "shareable" and keeps it in the shared-message index.
     * h5vds rewrote the dataspace of a resized dataset keeping that flag, though the new message is
     * in no index; libhdf5 then refused to resize it again ("message not in index"). The
     * rewritten message is no longer flagged shareable.
     */
    @Test
    void datasetsOfFilesSharingDataspacesStayResizableByLibhdf5() throws IOException {
        Path[] f = twins("""
                import ctypes, sys, h5py, numpy as np
                lib = ctypes.CDLL('libhdf5_serial.so.103')
                fcpl = h5py.h5p.create(h5py.h5p.FILE_CREATE)
                assert lib.H5Pset_shared_mesg_nindexes(ctypes.c_int64(fcpl.id), ctypes.c_uint(1)) >= 0
                # dataspaces, datatypes, fill values and filter pipelines are shared
                assert lib.H5Pset_shared_mesg_index(ctypes.c_int64(fcpl.id), ctypes.c_uint(0), ctypes.c_uint(2 | 8 | 32 | 2048), ctypes.c_uint(1)) >= 0
                fapl = h5py.h5p.create(h5py.h5p.FILE_ACCESS)
                fapl.set_libver_bounds(h5py.h5f.LIBVER_LATEST, h5py.h5f.LIBVER_LATEST)
                with h5py.File(h5py.h5f.create(sys.argv[1].encode(), h5py.h5f.ACC_TRUNC, fcpl=fcpl, fapl=fapl)) as f:
                    for name in ('fixed', 'fixed_twin'):
                        f.create_dataset(name, data=np.arange(30, dtype='<i4').reshape(5, 6), chunks=(2, 2), maxshape=(10, 12), fillvalue=-3)
                    f.create_dataset('earray', data=np.arange(30, dtype='<i4').reshape(10, 3), chunks=(2, 3), maxshape=(None, 3), fillvalue=-4)
                    f.create_dataset('btree2', data=np.arange(30, dtype='<i4').reshape(5, 6), chunks=(2, 2), maxshape=(None, None), fillvalue=-5)
                """);
        try (H5File h = H5File.open(f[0], H5File.Mode.READ_WRITE)) {
            h.dataset("fixed").resize(4, 5);
            h.dataset("earray").resize(7, 3);
            h.dataset("btree2").resize(3, 8);
        }
        Python.run("""
                import sys, h5py
                with h5py.File(sys.argv[1], 'r+') as f:
                    f['fixed'].resize((4, 5))
                    f['earray'].resize((7, 3))
                    f['btree2'].resize((3, 8))
                """, f[1]);
        String libhdf5 = """
                import sys, h5py
                with h5py.File(sys.argv[1], 'r+') as f:
                    f['fixed'].resize((6, 7))
                    f['earray'].resize((12, 3))
                    f['btree2'].resize((7, 9))
                    f['fixed'][5, 6] = 1
                """;
        Python.run(libhdf5, f[0]);
        Python.run(libhdf5, f[1]);
        sameAsTwin(f[0], f[1]);
    }
}
