package org.h5vds.vds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.h5vds.api.H5File;
import org.h5vds.api.NdArray;
import org.h5vds.format.Checksum;
import org.h5vds.format.EncodedBlock;
import org.h5vds.format.EncodedStructure;
import org.h5vds.format.FileContext;
import org.h5vds.format.GlobalHeapCollection;
import org.h5vds.io.Cursor;
import org.h5vds.io.H5FormatException;
import org.h5vds.node.DatasetNode;
import org.h5vds.node.OpenFile;
import org.h5vds.select.Box;
import org.h5vds.select.DimSet;
import org.h5vds.select.Hyperslab;
import org.h5vds.select.Selection;
import org.h5vds.select.SelectionCodec;
import org.h5vds.testing.H5Wasm;
import org.h5vds.testing.H5pyVds;
import org.h5vds.testing.Transplant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Global Heap Block for Virtual Dataset: blocks libhdf5 1.10 wrote decode to the mappings h5py
 * lists and re-encode to the same bytes; version 1 blocks (HDF5 2.0's shared names, encoded here by
 * hand after the 2.0 specification) decode to the same mappings and read in libhdf5 2.0 (h5wasm)
 * as the original; corrupt blocks fail with the file and offset named.
 */
class VirtualHeapBlockTest {
    static final String[] DATASETS = {"all", "rows", "strided", "blocks", "indexed", "unlimited", "printf", "cube", "shared"};
    static Path dir;

    @BeforeAll
    static void write() {
        dir = H5pyVds.make("heap-block", """
                import json
                with h5py.File('src.h5', 'w') as f:
                    f['a'] = np.arange(100, dtype='<i4')
                    f['c'] = np.arange(60, dtype='<i4').reshape(3, 4, 5)
                    f.create_dataset('u', data=np.arange(10, dtype='<i4'), maxshape=(None,))
                # libver 'earliest' (h5py's default): libhdf5 1.10 then writes every bounded hyperslab as a
                # version 1 block list, as SelectionCodec.Versions.V18 does; with 'latest' it writes
                # regular hyperslabs of 4 or more blocks as version 2 (read in VirtualReadTest)
                for fname, libver in [('vds.h5', 'earliest'), ('vds_latest.h5', 'latest')]:
                  with h5py.File(fname, 'w', libver=libver) as f:
                      f['local'] = np.arange(100, dtype='<i4') * 2
                      lay = h5py.VirtualLayout((100,), '<i4'); lay[:] = h5py.VirtualSource('src.h5', 'a', shape=(100,))
                      f.create_virtual_dataset('all', lay)
                      lay = h5py.VirtualLayout((4, 100), '<i4')
                      for n in range(4): lay[n] = h5py.VirtualSource('src.h5', 'a', shape=(100,))
                      f.create_virtual_dataset('rows', lay)
                      lay = h5py.VirtualLayout((2, 50), '<i4')
                      lay[0] = h5py.VirtualSource('src.h5', 'a', shape=(100,))[0:100:2]
                      lay[1, ::5] = h5py.VirtualSource('src.h5', 'a', shape=(100,))[1:20:2]
                      f.create_virtual_dataset('strided', lay)
                      lay = h5py.VirtualLayout((40,), '<i4')
                      lay[h5py.MultiBlockSlice(start=1, stride=5, count=6, block=3)] = h5py.VirtualSource('src.h5', 'a', shape=(100,))[h5py.MultiBlockSlice(start=0, stride=9, count=3, block=6)]
                      f.create_virtual_dataset('blocks', lay)
                      lay = h5py.VirtualLayout((100,), '<i4')
                      lay[[3, 6, 20, 25, 33]] = h5py.VirtualSource('src.h5', 'a', shape=(100,))[[1, 2, 5, 9, 10]]
                      f.create_virtual_dataset('indexed', lay)
                      lay = h5py.VirtualLayout((10,), '<i4', maxshape=(None,))
                      lay[0:U] = h5py.VirtualSource('src.h5', 'u', shape=(10,), maxshape=(None,))[0:U]
                      f.create_virtual_dataset('unlimited', lay)
                      vspace = h5py.h5s.create_simple((0,), (U,))
                      vspace.select_hyperslab((0,), (U,), stride=(12,), block=(10,))
                      dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
                      dcpl.set_virtual(vspace, b'p_%b_100%%.h5', b'd%%%b', h5py.h5s.create_simple((10,)))
                      h5py.h5d.create(f.id, b'printf', h5py.h5t.STD_I32LE, vspace, dcpl=dcpl)
                      lay = h5py.VirtualLayout((2, 3, 4, 5), '<i4')
                      lay[1, :, 1:3] = h5py.VirtualSource('src.h5', 'c', shape=(3, 4, 5))[:, 0:2]
                      f.create_virtual_dataset('cube', lay)
                      lay = h5py.VirtualLayout((6, 100), '<i4')
                      lay[0] = h5py.VirtualSource('.', 'local', shape=(100,))
                      lay[1] = h5py.VirtualSource('src.h5', 'a', shape=(100,))
                      lay[2] = h5py.VirtualSource('.', 'local', shape=(100,))
                      lay[3, 0:50] = h5py.VirtualSource('src.h5', 'a', shape=(100,))[50:]
                      lay[4] = h5py.VirtualSource('missing.h5', 'a', shape=(100,))
                      lay[5] = h5py.VirtualSource('missing.h5', 'local', shape=(100,))
                      f.create_virtual_dataset('shared', lay, fillvalue=-1)
                out = {}
                with h5py.File('vds.h5', 'r') as f:
                    for name in ['all', 'rows', 'strided', 'blocks', 'indexed', 'unlimited', 'printf', 'cube', 'shared']:
                        maps = []
                        for m in f[name].virtual_sources():
                            try:
                                n = int(m.vspace.get_select_npoints())
                            except RuntimeError:
                                n = -1  # an unlimited selection has no element count
                            maps.append({'file': m.file_name, 'dataset': m.dset_name,
                                         'vtype': m.vspace.get_select_type(), 'stype': m.src_space.get_select_type(),
                                         'vcount': -1 if n < 0 or n >= 2**63 else n})
                        out[name] = maps
                    save('shared', f['shared'][()])
                with open('mappings.json', 'w') as fh:
                    json.dump(out, fh)
                """);
    }

    /** The heap object holding a dataset's mapping list, as libhdf5 wrote it, and the file's size of lengths. */
    record Stored(byte[] bytes, long offset, int lengthSize, int rank, long layoutObjectHeader, int heapIndex) {
    }

    static Stored stored(Path file, String dataset) {
        try (OpenFile f = OpenFile.open(file)) {
            DatasetNode d = (DatasetNode) f.resolve(dataset);
            FileContext ctx = f.context();
            GlobalHeapCollection heap = GlobalHeapCollection.read(ctx, d.layout().globalHeapAddress());
            int index = (int) d.layout().globalHeapIndex();
            return new Stored(heap.objectBytes(index), heap.info(index).dataFileOffset(), ctx.lengthSize(), d.dims().length, d.address(), index);
        }
    }

    static VirtualHeapBlock decode(byte[] bytes, int lengthSize, int rank) {
        return VirtualHeapBlock.decode(new Cursor(ByteBuffer.wrap(bytes), "test.h5", 1000, 8, lengthSize), rank);
    }

    @Test
    void libhdf5BlocksDecodeToH5pysMappingsAndReencodeByteForByte() throws Exception {
        JsonNode expected = new ObjectMapper().readTree(dir.resolve("mappings.json").toFile());
        for (String name : DATASETS) {
            Stored s = stored(dir.resolve("vds.h5"), name);
            VirtualHeapBlock block = decode(s.bytes, s.lengthSize, s.rank);
            assertThat(block.version()).isZero();
            JsonNode maps = expected.get(name);
            assertThat(block.mappings()).as(name).hasSize(maps.size());
            for (int i = 0; i < maps.size(); i++) {
                VirtualMapping m = block.mappings().get(i);
                JsonNode want = maps.get(i);
                assertThat(m.sourceFileName()).as("%s %d", name, i).isEqualTo(want.get("file").asText());
                assertThat(m.sourceDatasetName()).as("%s %d", name, i).isEqualTo(want.get("dataset").asText());
                assertThat(kind(m.virtualSelection())).as("%s %d virtual", name, i).isEqualTo(want.get("vtype").asInt());
                assertThat(kind(m.sourceSelection())).as("%s %d source", name, i).isEqualTo(want.get("stype").asInt());
                if (want.get("vcount").asLong() >= 0 && m.virtualSelection().isResolved()) {
                    assertThat(m.virtualSelection().count()).isEqualTo(want.get("vcount").asLong());
                }
            }
            assertThat(block.encodedSize(s.lengthSize, SelectionCodec.Versions.V18)).isEqualTo(s.bytes.length);
            assertThat(block.encode(s.lengthSize, SelectionCodec.Versions.V18)).as(name + " re-encoded").isEqualTo(s.bytes);
        }
    }

    /** H5S_sel_type: 0 none, 1 points, 2 hyperslabs, 3 all. */
    private static int kind(Selection s) {
        if (s instanceof org.h5vds.select.All) return 3;
        if (s instanceof org.h5vds.select.NoneSelection) return 0;
        if (s instanceof org.h5vds.select.Points) return 1;
        return 2;
    }

    @Test
    void versionOneSharesNamesAndRoundTrips() {
        Stored s = stored(dir.resolve("vds.h5"), "shared");
        VirtualHeapBlock v0 = decode(s.bytes, s.lengthSize, s.rank);
        VirtualHeapBlock v1 = new VirtualHeapBlock(VirtualHeapBlock.VERSION_1, v0.mappings());
        byte[] bytes = v1.encode(s.lengthSize);
        assertThat(bytes.length).isEqualTo(v1.encodedSize(s.lengthSize));
        VirtualHeapBlock back = decode(bytes, s.lengthSize, s.rank);
        assertThat(back.version()).isEqualTo(1);
        assertThat(back.mappings()).isEqualTo(v0.mappings());
        // entry 0 ".": same-file flag, no name; entry 2 ".": same file again; dataset "local" shared from entry 0
        assertThat(bytes[1 + s.lengthSize]).isEqualTo((byte) VirtualHeapBlock.FLAG_SOURCE_SAME_FILE);
        for (int lengthSize : new int[] {2, 4, 8}) {
            for (int version : new int[] {0, 1}) {
                VirtualHeapBlock b = new VirtualHeapBlock(version, v0.mappings());
                assertThat(decode(b.encode(lengthSize), lengthSize, s.rank).mappings()).isEqualTo(v0.mappings());
            }
        }
    }

    @Test
    void versionOneBlocksReadInLibhdf5TwoAsTheOriginalReads() throws Exception {
        Path original = dir.resolve("vds_latest.h5");
        Stored s = stored(original, "shared");
        VirtualHeapBlock v1 = new VirtualHeapBlock(VirtualHeapBlock.VERSION_1, decode(s.bytes, s.lengthSize, s.rank).mappings());
        Transplant t = new Transplant(original, Files.readAllBytes(original));
        t.replace(s.layoutObjectHeader, "layout", 4, alloc -> {
            byte[] collection = collectionWith(s, v1.encode(s.lengthSize));
            long at = alloc.allocate(collection.length);
            return new EncodedStructure(at, List.of(new EncodedBlock(at, collection)));
        });
        Path patched = dir.resolve("vds_v1.h5");
        Files.write(patched, t.bytes());
        NdArray want = H5pyVds.expected(dir, "shared");
        try (H5File f = H5File.open(patched)) {
            assertThat(f.dataset("shared").read()).isEqualTo(want);
        }
        try (VirtualReaders engine = new VirtualReaders(VirtualOptions.defaults()); OpenFile f = engine.openFile(patched)) {
            VirtualReader r = (VirtualReader) ((DatasetNode) f.resolve("shared")).reader();
            assertThat(r.heapBlockVersion()).isEqualTo(1);
        }
        assertThat(H5Wasm.read(patched, "shared")).isEqualTo(want.withOrder(ByteOrder.LITTLE_ENDIAN));
    }

    /** A new global heap collection holding {@code object} at the heap object index the layout message keeps. */
    static byte[] collectionWith(Stored s, byte[] object) {
        GlobalHeapCollection.Builder b = new GlobalHeapCollection.Builder(s.lengthSize);
        while (b.count() + 1 < s.heapIndex) b.add(new byte[] {0});
        assertThat(b.add(object)).isEqualTo(s.heapIndex);
        return b.encode();
    }

    // ---- corrupt blocks ---------------------------------------------------------------------------

    private static byte[] rechecksummed(byte[] b) {
        byte[] out = b.clone();
        int sum = Checksum.lookup3(Arrays.copyOf(out, out.length - 4));
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putInt(out.length - 4, sum);
        return out;
    }

    private static void assertCorrupt(byte[] bytes, int lengthSize, int rank, String... words) {
        Throwable t = catchThrowable(() -> decode(bytes, lengthSize, rank));
        assertThat(t).isInstanceOf(H5FormatException.class).hasMessageContaining("test.h5");
        for (String w : words) assertThat(t.getMessage()).contains(w);
    }

    @Test
    void corruptBlocksFailNamingFileAndOffset() {
        Stored s = stored(dir.resolve("vds.h5"), "rows");
        byte[] good = s.bytes;
        int ls = s.lengthSize;
        assertThat(decode(good, ls, 2).mappings()).hasSize(4);

        byte[] flipped = good.clone();
        flipped[1 + ls + 2] ^= 0x20; // a letter of the first source file name
        assertCorrupt(flipped, ls, 2, "checksum");

        assertCorrupt(Arrays.copyOf(good, good.length - 9), ls, 2);
        assertCorrupt(Arrays.copyOf(good, 3), ls, 2);

        byte[] huge = good.clone();
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putLong(1, 1L << 40);
        assertCorrupt(rechecksummed(huge), ls, 2, "entries");
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putLong(1, -1L);
        assertCorrupt(rechecksummed(huge), ls, 2, "entries");

        byte[] version = good.clone();
        version[0] = 2;
        assertCorrupt(rechecksummed(version), ls, 2, "version");

        int selectionAt = 1 + ls + "src.h5".length() + 1 + "a".length() + 1;
        byte[] badType = good.clone();
        badType[selectionAt] = 7;
        assertCorrupt(rechecksummed(badType), ls, 2, "selection type");
        assertCorrupt(good, ls, 3, "rank");

        VirtualMapping ok = decode(good, ls, 2).mappings().get(0);
        VirtualMapping badName = new VirtualMapping("file_%d.h5", "a", ok.sourceSelection(), ok.virtualSelection());
        byte[] named = new VirtualHeapBlock(0, List.of(badName)).encode(ls);
        assertCorrupt(named, ls, 2, "format specifier", "file_%d.h5");

        byte[] v1 = new VirtualHeapBlock(1, List.of(ok, ok)).encode(ls);
        // entry 1 shares both names with entry 0: flags 0x03, file index, dataset index
        int second = 1 + ls + 1 + "src.h5".length() + 1 + "a".length() + 1
                + org.h5vds.select.SelectionCodec.encodedSize(ok.sourceSelection(), org.h5vds.select.SelectionCodec.Versions.V110)
                + org.h5vds.select.SelectionCodec.encodedSize(ok.virtualSelection(), org.h5vds.select.SelectionCodec.Versions.V110);
        assertThat(v1[second]).isEqualTo((byte) 0x03);
        byte[] forward = v1.clone();
        ByteBuffer.wrap(forward).order(ByteOrder.LITTLE_ENDIAN).putLong(second + 1, 1);
        assertCorrupt(rechecksummed(forward), ls, 2, "not an earlier entry");
        byte[] flags = v1.clone();
        flags[second] = (byte) 0x83;
        assertCorrupt(rechecksummed(flags), ls, 2, "flags");
    }

    @Test
    void encodingChoosesLibhdf5sSelectionVersionsAndKeepsUnlimitedCounts() {
        Selection v = new Hyperslab(new long[] {0, 0}, new long[] {1, 4}, new long[] {3, DimSet.UNLIMITED}, new long[] {1, 2});
        Selection src = Selection.box(new Box(new long[] {2}, new long[] {6}));
        VirtualMapping m = new VirtualMapping("f_%b.h5", "data", src, v);
        byte[] bytes = new VirtualHeapBlock(0, List.of(m)).encode(8);
        VirtualHeapBlock back = decode(bytes, 8, 2);
        assertThat(back.mappings()).containsExactly(m);
        assertThat(((Hyperslab) back.mappings().get(0).virtualSelection()).unlimitedAxis()).isEqualTo(1);
        List<VirtualMapping> many = new ArrayList<>();
        for (int i = 0; i < 1000; i++) many.add(new VirtualMapping("s" + (i % 7) + ".h5", "/d", src, Selection.box(new long[] {i, 0}, new long[] {1, 6})));
        assertThat(decode(new VirtualHeapBlock(1, many).encode(4), 4, 2).mappings()).isEqualTo(many);
    }

    @Test
    void aCorruptBlockInAFileFailsTheRead() throws Exception {
        Path original = dir.resolve("vds_latest.h5");
        Stored s = stored(original, "rows");
        byte[] bad = s.bytes.clone();
        bad[bad.length - 1] ^= 1;
        Transplant t = new Transplant(original, Files.readAllBytes(original));
        long rows = s.layoutObjectHeader;
        t.replace(rows, "layout", 4, alloc -> {
            byte[] collection = collectionWith(s, bad);
            long at = alloc.allocate(collection.length);
            return new EncodedStructure(at, List.of(new EncodedBlock(at, collection)));
        });
        Path patched = dir.resolve("vds_bad.h5");
        Files.write(patched, t.bytes());
        try (H5File f = H5File.open(patched)) {
            Throwable e = catchThrowable(() -> f.dataset("rows").read());
            assertThat(e).isInstanceOf(org.h5vds.api.H5FormatException.class).hasMessageContaining("vds_bad.h5").hasMessageContaining("checksum")
                    .hasMessageContaining("/rows");
        }
    }
}
