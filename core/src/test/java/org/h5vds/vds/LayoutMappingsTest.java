package org.h5vds.vds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.h5vds.format.GlobalHeapCollection;
import org.h5vds.format.message.DataLayoutMessage;
import org.h5vds.io.Cursor;
import org.h5vds.select.All;
import org.h5vds.select.Hyperslab;
import org.h5vds.select.Regular;
import org.h5vds.select.Selection;
import org.h5vds.storage.RawSpace;
import org.junit.jupiter.api.Test;

/**
 * The compact store of a layout's mappings gives back every mapping equal to the one added, and
 * its heap block encoder writes the same bytes as the general one ({@link VirtualHeapBlock} of
 * version 0 over the mappings as objects), which the oracle tests check against libhdf5; the
 * block decodes and encodes again to the same bytes.
 */
class LayoutMappingsTest {

    @Test
    void everyMappingComesBackEqualAndEncodesAsTheGeneralEncoderDoes() {
        for (long seed = 0; seed < 300; seed++) {
            Random rnd = new Random(seed);
            int n = rnd.nextInt(40);
            List<VirtualMapping> added = new ArrayList<>();
            LayoutMappings store = new LayoutMappings();
            for (int i = 0; i < n; i++) {
                if (rnd.nextInt(4) == 0) {
                    // one element to one element, as VirtualLayout.set stores layout[i, j] = src[k]
                    long[] source = position(rnd);
                    long[] virtual = position(rnd);
                    VirtualMapping m = new VirtualMapping(i % 2 == 0 ? "a.h5" : ".", "data", Hyperslab.element(source), Hyperslab.element(virtual));
                    boolean within = java.util.Arrays.stream(source).allMatch(a -> a <= 0xFFFFFFFFL) && java.util.Arrays.stream(virtual).allMatch(a -> a <= 0xFFFFFFFFL);
                    assertThat(store.addElement(m.sourceFileName(), m.sourceDatasetName(), source, virtual)).isEqualTo(within);
                    if (!within) store.add(m);                      // past 2^32: not compact, kept as an object by add
                    added.add(m);
                    continue;
                }
                VirtualMapping m = mapping(rnd);
                added.add(m);
                store.add(m);
            }
            assertThat(store.size()).isEqualTo(n);
            assertThat(store.asList()).isEqualTo(added);
            for (int lengthSize : new int[] {4, 8}) {
                byte[] expected = n == 0 ? null : new VirtualHeapBlock(VirtualHeapBlock.VERSION_0, added).encode(lengthSize);
                if (n == 0) continue;
                assertThat(VirtualHeapBlock.encode(store, lengthSize)).as("seed %d, length size %d", seed, lengthSize).isEqualTo(expected);
                Cursor c = new Cursor(java.nio.ByteBuffer.wrap(expected), "test", 0, 8, lengthSize);
                VirtualHeapBlock decoded = VirtualHeapBlock.decode(c, -1);
                assertThat(decoded.mappings()).hasSize(n);
                assertThat(decoded.encode(lengthSize)).isEqualTo(expected);
            }
        }
    }

    @Test
    void theBlockWrittenOutThroughASmallBufferIsTheCollectionOfTheEncodedBlock() {
        for (long seed = 0; seed < 60; seed++) {
            Random rnd = new Random(seed);
            LayoutMappings store = new LayoutMappings();
            int n = 1 + rnd.nextInt(120);
            for (int i = 0; i < n; i++) {
                if (rnd.nextBoolean()) store.addElement(".", "data", position(rnd), position(rnd));
                else store.add(mapping(rnd));
            }
            for (int lengthSize : new int[] {4, 8}) {
                GlobalHeapCollection.Builder expected = new GlobalHeapCollection.Builder(lengthSize);
                expected.add(VirtualHeapBlock.encode(store, lengthSize));
                for (int buffer : new int[] {1, 700, 4096, 1 << 20}) {
                    MemorySpace space = new MemorySpace();
                    DataLayoutMessage m = new VirtualLayoutWriter(store).write(space, lengthSize, buffer);
                    assertThat(space.bytes()).as("seed %d, length size %d, buffer %d", seed, lengthSize, buffer).isEqualTo(expected.encode());
                    assertThat(m).isEqualTo(DataLayoutMessage.virtual(0, 1));
                    if (buffer == 1 && space.bytes().length > 4 * 1024) assertThat(space.writes).isGreaterThan(1);
                }
            }
        }
    }

    /** File space in memory: one allocation, written in order, piece by piece. */
    private static final class MemorySpace implements RawSpace {
        private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int writes;

        @Override
        public long allocate(long size) {
            assertThat(out.size()).isZero();
            return 0;
        }

        @Override
        public long allocateZeroed(long size) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void write(long address, java.nio.ByteBuffer bytes) {
            assertThat(address).as("written in order").isEqualTo(out.size());
            byte[] b = new byte[bytes.remaining()];
            bytes.duplicate().get(b);
            out.writeBytes(b);
            writes++;
        }

        @Override
        public void read(long address, java.nio.ByteBuffer dst) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void discard(long address, long size) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void release(long address, long size) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String fileName() {
            return "memory";
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    @Test
    void renamedCopyRenamesEachFileAndLeavesTheLayoutAsItWas() {
        Random rnd = new Random(7);
        LayoutMappings store = new LayoutMappings();
        List<VirtualMapping> added = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            VirtualMapping m = mapping(rnd);
            added.add(m);
            store.add(m);
        }
        List<String> asked = new ArrayList<>();
        LayoutMappings renamed = store.withFileNames(name -> {
            asked.add(name);
            return name.equals("b.h5") ? VirtualMapping.SAME_FILE : name;
        });
        assertThat(asked).doesNotHaveDuplicates();
        List<VirtualMapping> expected = new ArrayList<>();
        for (VirtualMapping m : added) {
            expected.add(m.sourceFileName().equals("b.h5")
                    ? new VirtualMapping(VirtualMapping.SAME_FILE, m.sourceDatasetName(), m.sourceSelection(), m.virtualSelection()) : m);
        }
        assertThat(renamed.asList()).isEqualTo(expected);
        assertThat(VirtualHeapBlock.encode(renamed, 8)).isEqualTo(new VirtualHeapBlock(VirtualHeapBlock.VERSION_0, expected).encode(8));
        // the layout goes on growing; the copy handed to the writer neither changes nor grows
        VirtualMapping later = mapping(rnd);
        store.add(later);
        assertThat(store.asList()).hasSize(201).endsWith(later);
        assertThat(renamed.asList()).isEqualTo(expected);
        assertThat(store.asList().subList(0, 200)).isEqualTo(added);
        assertThatThrownBy(() -> renamed.add(later)).isInstanceOf(IllegalStateException.class);
    }

    /**
     * Enough mappings to fill several pages of the store's arrays (4,096 entries, 16,384
     * coordinates a page), boxes of up to rank 32 among them so that the pages end unevenly, and
     * mappings kept as objects far apart: each comes back equal, the block is the general
     * encoder's, and a renamed copy taken half-way neither changes nor grows with the layout.
     */
    @Test
    void mappingsAcrossManyPagesComeBackEqual() {
        Random rnd = new Random(11);
        LayoutMappings store = new LayoutMappings();
        List<VirtualMapping> added = new ArrayList<>();
        LayoutMappings half = null;
        List<VirtualMapping> halfAdded = null;
        for (int i = 0; i < 30_000; i++) {
            if (i == 15_001) {
                half = store.withFileNames(name -> name);
                halfAdded = new ArrayList<>(added);
            }
            int kind = rnd.nextInt(100);
            if (kind < 60) {
                long[] source = {rnd.nextInt(100_000)};
                long[] virtual = {rnd.nextInt(1000), rnd.nextInt(100)};
                assertThat(store.addElement(".", "src", source, virtual)).isTrue();
                added.add(new VirtualMapping(".", "src", Hyperslab.element(source), Hyperslab.element(virtual)));
                continue;
            }
            VirtualMapping m;
            if (kind < 98) {
                m = new VirtualMapping(kind % 2 == 0 ? "a.h5" : "b.h5", "data", box(rnd, 1 + rnd.nextInt(32)), box(rnd, 1 + rnd.nextInt(32)));
            } else if (kind == 98) {
                m = new VirtualMapping("a.h5", "data", new All(2), new All(2));
            } else {
                // kept as an object (strided), one in a hundred: the objects' array grows past gaps of compact entries
                m = new VirtualMapping("c.h5", "data", new Hyperslab(new Regular[] {new Regular(rnd.nextInt(9), 4, 2, 2)}), box(rnd, 1));
            }
            store.add(m);
            added.add(m);
        }
        assertThat(store.size()).isEqualTo(added.size());
        assertThat(store.asList()).isEqualTo(added);
        assertThat(VirtualHeapBlock.encode(store, 8)).isEqualTo(new VirtualHeapBlock(VirtualHeapBlock.VERSION_0, added).encode(8));
        assertThat(half.asList()).isEqualTo(halfAdded);
        assertThat(VirtualHeapBlock.encode(half, 4)).isEqualTo(new VirtualHeapBlock(VirtualHeapBlock.VERSION_0, halfAdded).encode(4));
    }

    /** A box of rank {@code rank}, of length 1 to 3 on each axis. */
    private static Selection box(Random rnd, int rank) {
        Regular[] axes = new Regular[rank];
        for (int d = 0; d < rank; d++) axes[d] = new Regular(rnd.nextInt(1000), 1, 1, 1 + rnd.nextInt(3));
        return new Hyperslab(axes);
    }

    /** A mix of what the compact store keeps as arrays (ALL, boxes within 2^32) and what it keeps as objects. */
    private static VirtualMapping mapping(Random rnd) {
        String[] files = {"a.h5", "b.h5", ".", "dir/c%%.h5"};
        String[] datasets = {"data", "/g/x", "y"};
        // the same string object most of the time, as a loop over one VirtualSource gives; sometimes an equal copy
        String file = files[rnd.nextInt(files.length)];
        if (rnd.nextInt(4) == 0) file = new String(file);
        return new VirtualMapping(file, datasets[rnd.nextInt(datasets.length)], selection(rnd), selection(rnd));
    }

    /** A position of rank 1 to 3, now and then on the last positions below 2^32 or past them. */
    private static long[] position(Random rnd) {
        long[] p = new long[1 + rnd.nextInt(3)];
        for (int d = 0; d < p.length; d++) p[d] = rnd.nextInt(5) == 0 ? 0xFFFFFFF0L + rnd.nextInt(32) : rnd.nextInt(1000);
        return p;
    }

    private static Selection selection(Random rnd) {
        int rank = 1 + rnd.nextInt(3);
        switch (rnd.nextInt(6)) {
            case 0:
                return new All(rank);
            case 1: {
                // strided: kept as an object
                Regular[] axes = new Regular[rank];
                for (int d = 0; d < rank; d++) axes[d] = new Regular(rnd.nextInt(50), 3 + rnd.nextInt(3), 2 + rnd.nextInt(4), 1 + rnd.nextInt(3));
                return new Hyperslab(axes);
            }
            case 2: {
                // a box reaching past 2^32 on one axis: kept as an object
                Regular[] axes = new Regular[rank];
                for (int d = 0; d < rank; d++) axes[d] = new Regular(d == 0 ? 0xFFFFFFF0L + rnd.nextInt(40) : rnd.nextInt(9), 1, 1, 1 + rnd.nextInt(30));
                return new Hyperslab(axes);
            }
            default: {
                Regular[] axes = new Regular[rank];
                for (int d = 0; d < rank; d++) {
                    long start = rnd.nextInt(3) == 0 ? 0xFFFFFF00L + rnd.nextInt(100) : rnd.nextInt(1000);
                    // now and then the largest compact box: from 0 to 2^32 - 1, a length of 2^32
                    axes[d] = rnd.nextInt(20) == 0 ? new Regular(0, 1, 1, 1L << 32) : new Regular(start, 1, 1, 1 + rnd.nextInt(100));
                }
                return new Hyperslab(axes);
            }
        }
    }
}
