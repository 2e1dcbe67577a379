package org.h5vds.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.h5vds.testing.BumpAllocator;
import org.h5vds.testing.MemoryStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link ExtensibleArray#setInPlace}: rounds of appended (and some rewritten, some far) elements set
 * in place give the array the builder would build from all of them — same elements, same header
 * counters — and a reader opening the array after ANY prefix of a round's writes (as a SWMR reader
 * may) finds whole blocks only, every element it found before, and no pointer to unwritten bytes
 * (zeros: a signature mismatch would throw).
 */
class ExtensibleArrayInPlaceTest {
    static final int O = 8;
    static final int L = 8;
    /** Small data blocks and 16-element pages, so that a few hundred elements reach paged super blocks. */
    static final ExtensibleArrayBuilder.Parameters SMALL = new ExtensibleArrayBuilder.Parameters(32, 4, 4, 4, 4);

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6})
    void roundsOfAppendsSetInPlaceMatchARebuild(int seed) {
        Random rnd = new Random(seed);
        boolean small = seed % 2 == 0;
        ChunkElementFormat format = format(seed);
        ExtensibleArrayBuilder builder = builder(seed);
        TreeMap<Long, ChunkElement> all = new TreeMap<>();
        long next = 1 + rnd.nextInt(3);
        for (long i = 0; i < next; i++) all.put(i, element(rnd, format));
        BumpAllocator a = new BumpAllocator(64);
        EncodedStructure s = builder.build(all, a);
        byte[] file = MemoryStore.of(a.end(), s).bytes();
        long headerAddress = s.address();
        for (int round = 0; round < 60; round++) {
            TreeMap<Long, ChunkElement> changes = new TreeMap<>();
            int n = 1 + rnd.nextInt(round < 40 ? 4 : 40);
            for (int k = 0; k < n; k++) changes.put(next++, element(rnd, format));
            if (rnd.nextInt(4) == 0) changes.put((long) rnd.nextInt((int) next), element(rnd, format)); // a rewritten chunk
            if (rnd.nextInt(10) == 0) {
                long far = next + rnd.nextInt(5000);
                changes.put(far, element(rnd, format)); // a gap: blocks between stay unwritten
            }
            Map<Long, ChunkElement> before = read(file, headerAddress);
            List<EncodedBlock> writes = ExtensibleArray.open(new MemoryStore(file).context(), headerAddress).setInPlace(changes, a);
            assertThat(writes).isNotNull();
            file = Arrays.copyOf(file, (int) Math.max(file.length, a.end()));
            for (EncodedBlock w : writes) {
                System.arraycopy(w.bytes(), 0, file, (int) w.address(), w.bytes().length);
                Map<Long, ChunkElement> seen = read(file, headerAddress);
                before.forEach((i, e) -> assertThat(seen.get(i)).as("element %d after a partial round", i).isIn(e, changes.get(i)));
            }
            all.putAll(changes);
            assertThat(read(file, headerAddress)).isEqualTo(all);
            ExtensibleArrayHeader got = ExtensibleArray.open(new MemoryStore(file).context(), headerAddress).header();
            ExtensibleArrayHeader rebuilt = ExtensibleArray.open(context(builder.build(all, new BumpAllocator(64))), 64).header();
            assertThat(withIndexAt(got, 0)).as("header counters after round %d", round).isEqualTo(withIndexAt(rebuilt, 0));
        }
        if (small) {
            ExtensibleArray ea = ExtensibleArray.open(new MemoryStore(file).context(), headerAddress);
            assertThat(ea.geometry().isPaged(ea.geometry().superBlockOf(all.lastKey()))).as("paged super blocks reached").isTrue();
        }
    }

    /**
     * {@link ExtensibleArray#updateInPlace}'s array after the writes (what a SWMR writer goes on
     * from instead of reading the array back): chained round after round, each successor holds what
     * the file then holds — same elements, same header — and plans exactly the writes an array
     * opened from the file would plan for the next round, block for block.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6})
    void theArrayAfterAnUpdateIsTheArrayReadBack(int seed) {
        Random rnd = new Random(seed);
        ChunkElementFormat format = format(seed);
        ExtensibleArrayBuilder builder = builder(seed);
        TreeMap<Long, ChunkElement> all = new TreeMap<>();
        all.put(0L, element(rnd, format));
        BumpAllocator a = new BumpAllocator(64);
        EncodedStructure s = builder.build(all, a);
        // one array the size of everything the rounds allocate: the successors read their untouched blocks from it
        byte[] file = Arrays.copyOf(MemoryStore.of(a.end(), s).bytes(), 16 << 20);
        FileContext ctx = new MemoryStore(file).context();
        long headerAddress = s.address();
        long next = 1;
        ExtensibleArray kept = ExtensibleArray.open(ctx, headerAddress);
        for (int round = 0; round < 80; round++) {
            TreeMap<Long, ChunkElement> changes = new TreeMap<>();
            int n = 1 + rnd.nextInt(round < 60 ? 2 : 30);
            for (int k = 0; k < n; k++) changes.put(next++, element(rnd, format));
            if (rnd.nextInt(4) == 0) changes.put((long) rnd.nextInt((int) next), element(rnd, format)); // a rewritten chunk
            if (rnd.nextInt(12) == 0) changes.put(next + rnd.nextInt(3000), element(rnd, format)); // a gap
            BumpAllocator planned = new BumpAllocator(a.end());
            List<EncodedBlock> fromFile = ExtensibleArray.open(ctx, headerAddress).setInPlace(changes, planned);
            ExtensibleArray.InPlaceUpdate u = kept.updateInPlace(changes, a);
            assertThat(u).isNotNull();
            assertThat(u.writes()).as("round %d: the kept array plans what the array read back plans", round).hasSameSizeAs(fromFile);
            for (int i = 0; i < fromFile.size(); i++) {
                assertThat(u.writes().get(i).address()).isEqualTo(fromFile.get(i).address());
                assertThat(u.writes().get(i).bytes()).as("round %d, write %d", round, i).isEqualTo(fromFile.get(i).bytes());
            }
            for (EncodedBlock w : u.writes()) System.arraycopy(w.bytes(), 0, file, (int) w.address(), w.bytes().length);
            all.putAll(changes);
            kept = u.after();
            Map<Long, ChunkElement> inKept = new HashMap<>();
            kept.forEach(inKept::put);
            assertThat(inKept).as("round %d: the kept array's elements", round).isEqualTo(all).isEqualTo(read(file, headerAddress));
            assertThat(kept.header()).isEqualTo(ExtensibleArray.open(ctx, headerAddress).header());
            for (long i : changes.keySet()) assertThat(kept.get(i)).isEqualTo(all.get(i));
        }
    }

    /** Seeds divisible by 3 store filtered chunks (sizes 3 bytes wide). */
    private static ChunkElementFormat format(int seed) {
        return seed % 3 == 0 ? ChunkElementFormat.filtered(O, 3) : ChunkElementFormat.unfiltered(O);
    }

    /** Even seeds build with {@link #SMALL} parameters (paged super blocks soon), odd ones with libhdf5's defaults. */
    private static ExtensibleArrayBuilder builder(int seed) {
        return seed % 2 == 0 ? new ExtensibleArrayBuilder(format(seed), SMALL, O, L) : new ExtensibleArrayBuilder(format(seed), O, L);
    }

    private static ChunkElement element(Random rnd, ChunkElementFormat format) {
        long address = 1_000_000 + 64L * rnd.nextInt(1 << 20);
        return format.filtered() ? new ChunkElement(address, 1 + rnd.nextInt(60000), rnd.nextInt(3)) : new ChunkElement(address, 0, 0);
    }

    private static Map<Long, ChunkElement> read(byte[] file, long headerAddress) {
        Map<Long, ChunkElement> got = new HashMap<>();
        ExtensibleArray.open(new MemoryStore(file).context(), headerAddress).forEach(got::put);
        return got;
    }

    private static FileContext context(EncodedStructure s) {
        long end = 0;
        for (EncodedBlock b : s.blocks()) end = Math.max(end, b.address() + b.bytes().length);
        return MemoryStore.of(end + (1 << 20), s).context();
    }

    private static ExtensibleArrayHeader withIndexAt(ExtensibleArrayHeader h, long address) {
        return new ExtensibleArrayHeader(h.clientId(), h.elementSize(), h.maxNelmtsBits(), h.indexBlockElements(), h.dataBlockMinElements(),
                h.superBlockMinDataPointers(), h.maxDataBlockPageNelmtsBits(), h.numSuperBlocks(), h.superBlockSize(), h.numDataBlocks(),
                h.dataBlockSize(), h.maxIndexSet(), h.numElements(), address);
    }
}
