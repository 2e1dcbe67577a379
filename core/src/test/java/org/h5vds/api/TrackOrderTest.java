package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.h5vds.testing.CreationOrderDump;
import org.h5vds.testing.H5Dump;
import org.h5vds.testing.H5Wasm;
import org.h5vds.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Groups, datasets and files made with creation order tracked (h5py's {@code track_order=True}:
 * {@link GroupOptions#trackOrder()}, {@link DatasetOptions#trackOrder()},
 * {@link H5File#create(Path, CreateMode, GroupOptions)}), against h5py making the same objects in
 * a twin file: the flags libhdf5 reads from each header, every link's and attribute's creation
 * order, the order libhdf5 gives the next one (h5py adds a link and an attribute to both), and
 * h5dump's listing in creation order. Copies of tracked objects keep their orders, as libhdf5's.
 */
class TrackOrderTest {
    @TempDir
    Path dir;

    /** libhdf5 goes on: a link and an attribute added to every group, an attribute to every dataset. */
    private static final String MORE = """
            import sys, h5py
            with h5py.File(sys.argv[1], 'r+') as f:
                objects = [f['/']]
                f.visititems(lambda name, o: objects.append(o))
                for o in objects:
                    if isinstance(o, h5py.Group):
                        o.create_group('zz_libhdf5')
                    o.attrs['zz_libhdf5'] = 1
            """;

    private static final String TWIN = """
            import sys, h5py, numpy as np
            with h5py.File(sys.argv[1], 'w', libver='latest', track_order=True) as f:
                g = f.create_group('tracked', track_order=True)
                for n in ('m3', 'm1', 'm2'):
                    g.create_group(n)
                del g['m1']
                g['soft'] = h5py.SoftLink('/tracked/m2')
                g.attrs['z'] = 1
                g.attrs['a'] = 2
                del g['m3']
                dense = f.create_group('dense', track_order=True)
                for i in range(12):
                    dense.create_group('n%02d' % (20 - i))
                    dense.attrs['b%02d' % (20 - i)] = np.arange(i + 1)
                f.create_group('plain_under_tracked')
                f.create_group('tracked_parent/mid/leaf', track_order=True)
                u = f.create_group('untracked', track_order=False)
                u.create_group('x/y', track_order=True)
                d = f.create_dataset('data', data=np.arange(6).reshape(2, 3), track_order=True)
                d.attrs['units'] = 'm'
                d.attrs['alpha'] = 1.5
                d.attrs['units'] = 'cm'
                c = f.create_dataset('chunked', shape=(0, 4), maxshape=(None, 4), chunks=(2, 4), dtype='i4', track_order=True)
                for i in range(10):
                    c.attrs['k%d' % (9 - i)] = i
                f.create_dataset('untracked_data', data=np.arange(3))
                f.attrs['second'] = 2
                f.attrs['first'] = 1
            """;

    private Path writeWithH5vds(String name) {
        Path file = dir.resolve(name);
        GroupOptions tracked = GroupOptions.defaults().trackOrder();
        try (H5File f = H5File.create(file, CreateMode.TRUNCATE, tracked)) {
            Group g = f.createGroup("tracked", tracked);
            for (String n : List.of("m3", "m1", "m2")) g.createGroup(n);
            g.delete("m1");
            g.softLink("soft", "/tracked/m2");
            g.attrs().put("z", 1L);
            g.attrs().put("a", 2L);
            g.delete("m3");
            Group dense = f.createGroup("dense", tracked);
            for (int i = 0; i < 12; i++) {
                dense.createGroup("n%02d".formatted(20 - i));
                long[] values = new long[i + 1];
                for (int k = 0; k <= i; k++) values[k] = k;
                dense.attrs().put("b%02d".formatted(20 - i), NdArray.of(values, i + 1));
            }
            f.createGroup("plain_under_tracked");
            f.createGroup("tracked_parent/mid/leaf", tracked);
            Group u = f.createGroup("untracked");
            u.createGroup("x/y", tracked);
            Dataset d = f.createDataset("data", NdArray.of(new long[] {0, 1, 2, 3, 4, 5}, 2, 3), DatasetOptions.defaults().trackOrder());
            d.attrs().put("units", "m");
            d.attrs().put("alpha", 1.5);
            d.attrs().put("units", "cm");
            Dataset c = f.createDataset("chunked", DType.INT32, Shape.of(0, 4),
                    DatasetOptions.chunked(2, 4).maxShape(Shape.UNLIMITED, 4).trackOrder());
            for (int i = 0; i < 10; i++) c.attrs().put("k" + (9 - i), (long) i);
            f.createDataset("untracked_data", NdArray.of(new long[] {0, 1, 2}, 3));
            f.attrs().put("second", 2L);
            f.attrs().put("first", 1L);
        }
        return file;
    }

    @Test
    void newTrackedObjectsAreWhatH5pyMakes() throws IOException {
        Path ours = writeWithH5vds("h5vds.h5");
        Path twin = dir.resolve("h5py.h5");
        Python.run(TWIN, twin);
        String expected = Python.run(CreationOrderDump.SCRIPT, twin);
        assertThat(expected).as("the twin tracks what the test means it to").contains("\"link_flags\": 3").contains("\"attr_flags\": 3");
        assertThat(Python.run(CreationOrderDump.SCRIPT, ours)).as("flags and creation orders h5py reads").isEqualTo(expected);
        for (String kind : List.of("creation_order", "name")) {
            H5Dump.Result a = H5Dump.run(ours, "-q", kind);
            H5Dump.Result b = H5Dump.run(twin, "-q", kind);
            assertThat(a.exit()).as("h5dump\n" + a.err()).isZero();
            assertThat(a.out().replace(ours.toString(), "F")).as("h5dump -q " + kind).isEqualTo(b.out().replace(twin.toString(), "F"));
        }
        String wasm = H5Wasm.listing(twin);
        assertThat(wasm).as("h5wasm lists in creation order").contains("\"m2\",\n   \"soft\"");
        assertThat(H5Wasm.listing(ours)).as("h5wasm (libhdf5 2.0) listing members and attributes").isEqualTo(wasm);
        Python.run(MORE, ours);
        Python.run(MORE, twin);
        assertThat(Python.run(CreationOrderDump.SCRIPT, ours)).as("the orders libhdf5 gives next").isEqualTo(Python.run(CreationOrderDump.SCRIPT, twin));
    }

    @Test
    void listsInCreationOrderWhileWritingAndAfterReopening() {
        Path file = writeWithH5vds("listing.h5");
        try (H5File f = H5File.open(file, H5File.Mode.READ_WRITE)) {
            assertThat(f.keys()).containsExactly("tracked", "dense", "plain_under_tracked", "tracked_parent", "untracked", "data", "chunked",
                    "untracked_data");
            assertThat(f.group("tracked").keys()).containsExactly("m2", "soft");
            assertThat(f.group("dense").keys()).first().isEqualTo("n20");
            assertThat(f.dataset("data").attrs().keySet()).containsExactly("alpha", "units");
            assertThat(f.attrs().keySet()).containsExactly("second", "first");
            // h5vds goes on from the stored next order, as libhdf5 does
            f.group("tracked").createGroup("b_later");
            f.group("tracked").createGroup("a_latest");
            f.dataset("data").attrs().put("beta", 2L);
            assertThat(f.group("tracked").keys()).containsExactly("m2", "soft", "b_later", "a_latest");
            Group fresh = f.createGroup("fresh", GroupOptions.defaults().trackOrder());
            fresh.createGroup("y");
            fresh.createGroup("x");
            assertThat(fresh.keys()).as("before the commit").containsExactly("y", "x");
        }
        try (H5File f = H5File.open(file)) {
            assertThat(f.group("tracked").keys()).containsExactly("m2", "soft", "b_later", "a_latest");
            assertThat(f.group("fresh").keys()).containsExactly("y", "x");
            assertThat(f.dataset("data").attrs().keySet()).containsExactly("alpha", "units", "beta");
            assertThat(f.group("untracked/x").keys()).as("an untracked parent makes untracked groups").containsExactly("y");
        }
        String orders = Python.run("""
                import sys, h5py
                with h5py.File(sys.argv[1], 'r') as f:
                    g = f['tracked']
                    print([(n, g.id.links.get_info(n.encode()).corder) for n in g], list(f['fresh']))
                """, file);
        assertThat(orders.trim()).isEqualTo("[('m2', 2), ('soft', 3), ('b_later', 4), ('a_latest', 5)] ['y', 'x']");
    }

    @Test
    void copiesKeepCreationOrdersAsLibhdf5Does() throws IOException {
        Path file = dir.resolve("copy.h5");
        Python.run(TWIN, file);
        Path theirs = dir.resolve("theirs.h5");
        Path ours = dir.resolve("ours.h5");
        Files.copy(file, theirs);
        Files.copy(file, ours);
        Path theirsOut = dir.resolve("theirs-out.h5");
        Path oursOut = dir.resolve("ours-out.h5");
        Python.run("""
                import sys, h5py
                with h5py.File(sys.argv[1], 'r+') as f:
                    for name in ('tracked', 'dense', 'tracked_parent', 'untracked', 'data', 'chunked'):
                        f.copy(name, 'copy_of_' + name)
                    with h5py.File(sys.argv[2], 'w', libver='latest') as out:
                        f.copy('/', out, 'everything')
                        f.copy('dense', out, 'dense', without_attrs=True)
                """, theirs, theirsOut);
        try (H5File f = H5File.open(ours, H5File.Mode.READ_WRITE)) {
            for (String name : List.of("tracked", "dense", "tracked_parent", "untracked", "data", "chunked")) f.copy(name, "copy_of_" + name);
            try (H5File out = H5File.create(oursOut)) {
                out.copy(f.group("/"), "everything");
                out.copy(f.group("dense"), "dense", CopyOptions.defaults().withoutAttributes());
            }
        }
        assertThat(Python.run(CreationOrderDump.SCRIPT, ours)).as("copies within the file").isEqualTo(Python.run(CreationOrderDump.SCRIPT, theirs));
        assertThat(Python.run(CreationOrderDump.SCRIPT, oursOut)).as("copies into another file").isEqualTo(Python.run(CreationOrderDump.SCRIPT, theirsOut));
        for (Path p : List.of(ours, theirs, oursOut, theirsOut)) Python.run(MORE, p);
        assertThat(Python.run(CreationOrderDump.SCRIPT, ours)).as("the orders libhdf5 gives next, in the file").isEqualTo(Python.run(CreationOrderDump.SCRIPT, theirs));
        assertThat(Python.run(CreationOrderDump.SCRIPT, oursOut)).as("the orders libhdf5 gives next, in the other file").isEqualTo(Python.run(CreationOrderDump.SCRIPT, theirsOut));
    }

    /**
     * Copying objects made in the same session: copying a contiguous dataset commits the file midway
     * (its storage is placed by a commit), and the copy's group must still give its later links the
     * source's orders, not the next ones.
     */
    @Test
    void copiesOfObjectsNotYetCommittedKeepTheirOrders() {
        Path file = dir.resolve("uncommitted.h5");
        GroupOptions tracked = GroupOptions.defaults().trackOrder();
        try (H5File f = H5File.create(file)) {
            Group g = f.createGroup("g", tracked);
            for (String n : List.of("c", "b", "a")) {
                g.createDataset(n, NdArray.of(new long[] {1, 2, 3}, 3), DatasetOptions.contiguous().trackOrder()).attrs().put("z" + n, 1L);
                g.createGroup("sub_" + n);
            }
            g.delete("b");
            g.attrs().put("y", 1L);
            g.attrs().put("x", 1L);
            f.copy("g", "copy");
            f.group("copy").createGroup("later");
            f.group("g").createGroup("later");
        }
        String orders = """
                import sys, h5py
                with h5py.File(sys.argv[1], 'r') as f:
                    for n in ('g', 'copy'):
                        o = f[n]
                        print([(k, o.id.links.get_info(k.encode()).corder) for k in o], [(k, h5py.h5a.get_info(o.id, k.encode()).corder) for k in o.attrs])
                """;
        String[] lines = Python.run(orders, file).trim().split("\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).isEqualTo("[('c', 0), ('sub_c', 1), ('sub_b', 3), ('a', 4), ('sub_a', 5), ('later', 6)] [('y', 0), ('x', 1)]");
        assertThat(lines[1]).as("the copy").isEqualTo(lines[0]);
    }

    /**
     * {@link H5File#copyFlattened}: groups keep every link's and attribute's order; datasets track
     * as the source's do and list their attributes in the same order (counted from 0 in the copy).
     */
    @Test
    void flattenedCopiesKeepTheListingOrder() {
        Path file = dir.resolve("flatten-source.h5");
        Python.run(TWIN, file);
        Path flat = dir.resolve("flat.h5");
        try (H5File f = H5File.open(file)) {
            assertThat(f.copyFlattened(flat)).isEmpty();
        }
        String listing = """
                import sys, json, h5py
                out = {}
                with h5py.File(sys.argv[1], 'r') as f:
                    def seen(name, o):
                        p = o.id.get_create_plist()
                        row = {'attr_flags': p.get_attr_creation_order(), 'attrs': list(o.attrs)}
                        if isinstance(o, h5py.Group):
                            row['link_flags'] = p.get_link_creation_order()
                            row['links'] = [[n, o.id.links.get_info(n.encode()).corder] for n in o]
                            row['attr_orders'] = [h5py.h5a.get_info(o.id, n.encode()).corder for n in o.attrs] if row['attr_flags'] else None
                        out[name] = row
                    seen('/', f['/'])
                    f.visititems(seen)
                print(json.dumps(out, sort_keys=True, indent=1))
                """;
        assertThat(Python.run(listing, flat)).isEqualTo(Python.run(listing, file));
        // Dataset.materialize with its attributes: each keeps its order
        Path materialized = dir.resolve("materialized.h5");
        try (H5File f = H5File.open(file); H5File out = H5File.create(materialized)) {
            f.dataset("chunked").materialize(out.root(), "chunked");
            f.dataset("data").materialize(out.root(), "data");
        }
        String attrs = """
                import sys, h5py
                with h5py.File(sys.argv[1], 'r') as f:
                    for n in ('chunked', 'data'):
                        o = f[n]
                        print(n, o.id.get_create_plist().get_attr_creation_order(), [(k, h5py.h5a.get_info(o.id, k.encode()).corder) for k in o.attrs])
                """;
        assertThat(Python.run(attrs, materialized)).isEqualTo(Python.run(attrs, file)).contains("('alpha', 1), ('units', 2)");
    }

    @Test
    void onlyANewEmptyGroupStartsTracking() {
        Path file = dir.resolve("refused.h5");
        try (H5File f = H5File.create(file)) {
            f.createGroup("g").createGroup("member");
            Group g = f.group("g");
            assertThatThrownBy(() -> g.writable().trackOrderWhileEmpty()).isInstanceOf(IllegalStateException.class).hasMessageContaining("/g");
            assertThatThrownBy(() -> f.createGroup("h", null)).isInstanceOf(NullPointerException.class);
        }
        assertThat(GroupOptions.defaults().trackOrder()).isEqualTo(GroupOptions.defaults().trackOrder()).isNotEqualTo(GroupOptions.defaults());
        assertThat(DatasetOptions.defaults().trackOrder()).isNotEqualTo(DatasetOptions.defaults());
        assertThat(DatasetOptions.defaults().trackOrder().toString()).contains("track_order");
    }
}
