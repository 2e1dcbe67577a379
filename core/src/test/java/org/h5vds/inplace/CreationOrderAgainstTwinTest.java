package org.h5vds.inplace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.h5vds.api.H5File;
import org.h5vds.testing.CreationOrderDump;
import org.h5vds.testing.H5Dump;
import org.h5vds.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Links and attributes removed from and added to groups and objects that track creation order
 * ({@code track_order=True}), compared with h5py making the same changes to a twin copy: the
 * creation order of every link and attribute (h5py's {@code get_info(...).corder}) must be the same.
 */
class CreationOrderAgainstTwinTest {
    @TempDir
    Path dir;

    /**
     * libhdf5 counts creation order from 0 again in a group its last link left and on an object
     * its last attribute left (H5G__obj_remove_update_linfo, H5O__attr_remove_update); h5vds
     * went on counting. Renaming a group's only link gives it the next order (libhdf5 inserts the
     * new link before removing the old), moving it to another group leaves the group empty.
     */
    @Test
    void creationOrderStartsAgainInEmptiedGroupsAndObjects() throws IOException {
        Path file = dir.resolve("h5vds.h5");
        Path twin = dir.resolve("h5py.h5");
        Python.run("""
                import sys, h5py, numpy as np
                with h5py.File(sys.argv[1], 'w', libver='latest') as f:
                    for name, n in (('compact', 3), ('dense', 12), ('emptied_dense', 12), ('single', 1), ('source', 2)):
                        g = f.create_group(name, track_order=True)
                        for i in range(n):
                            g.create_group('m%02d' % (n - i))
                    d = f.create_dataset('data', data=np.arange(3), track_order=True)
                    for i in range(4):
                        d.attrs['a%d' % (3 - i)] = i
                    g = f.create_group('many_attrs', track_order=True)
                    for i in range(12):
                        g.attrs['b%02d' % (11 - i)] = i
                """, file);
        Files.copy(file, twin);
        try (H5File f = H5File.open(file, H5File.Mode.READ_WRITE)) {
            for (int i = 1; i <= 3; i++) f.delete("/compact/m%02d".formatted(i));
            for (int i = 1; i <= 12; i++) f.delete("/dense/m%02d".formatted(i));
            f.createGroup("/dense/after");
            f.move("/single/m01", "/single/renamed");
            f.move("/source/m01", "/single/moved_in");
            f.move("/source/m02", "/compact/moved");
            for (int i = 0; i < 4; i++) f.dataset("data").removeAttribute("a" + i);
            for (int i = 0; i < 12; i++) f.group("many_attrs").removeAttribute("b%02d".formatted(i));
            f.group("many_attrs").attrs().put("again", 1L);
        }
        try (H5File f = H5File.open(file, H5File.Mode.READ_WRITE)) {
            f.createGroup("/compact/next");
            f.createGroup("/source/back");
            f.dataset("data").attrs().put("z", 1L);
            f.dataset("data").attrs().put("y", 2L);
            for (int i = 1; i <= 12; i++) f.delete("/emptied_dense/m%02d".formatted(i));
        }
        try (H5File f = H5File.open(file, H5File.Mode.READ_WRITE)) {
            f.createGroup("/emptied_dense/first");
        }
        Python.run("""
                import sys, h5py
                with h5py.File(sys.argv[1], 'r+') as f:
                    for i in range(1, 4):
                        del f['compact/m%02d' % i]
                    for i in range(1, 13):
                        del f['dense/m%02d' % i]
                    f.create_group('dense/after')
                    f.move('single/m01', 'single/renamed')
                    f.move('source/m01', 'single/moved_in')
                    f.move('source/m02', 'compact/moved')
                    for i in range(4):
                        del f['data'].attrs['a%d' % i]
                    for i in range(12):
                        del f['many_attrs'].attrs['b%02d' % i]
                    f['many_attrs'].attrs['again'] = 1
                with h5py.File(sys.argv[1], 'r+') as f:
                    f.create_group('compact/next')
                    f.create_group('source/back')
                    f['data'].attrs['z'] = 1
                    f['data'].attrs['y'] = 2
                    for i in range(1, 13):
                        del f['emptied_dense/m%02d' % i]
                with h5py.File(sys.argv[1], 'r+') as f:
                    f.create_group('emptied_dense/first')
                """, twin);
        assertThat(Python.run(CreationOrderDump.SCRIPT, file)).as("creation orders h5py reads from the file h5vds changed").isEqualTo(Python.run(CreationOrderDump.SCRIPT, twin));
        H5Dump.Result r = H5Dump.run(file);
        assertThat(r.exit()).as("h5dump\n" + r.err()).isZero();
        // libhdf5 goes on adding links and attributes after h5vds' changes, as after its own
        String more = """
                import sys, h5py
                with h5py.File(sys.argv[1], 'r+') as f:
                    for g in ('compact', 'dense', 'single', 'source', 'emptied_dense'):
                        for i in range(10):
                            f[g].create_group('libhdf5_%d' % i)
                    for i in range(10):
                        f['data'].attrs['libhdf5_%d' % i] = i
                """;
        Python.run(more, file);
        Python.run(more, twin);
        assertThat(Python.run(CreationOrderDump.SCRIPT, file)).as("creation orders after libhdf5 added more").isEqualTo(Python.run(CreationOrderDump.SCRIPT, twin));
    }
}
