package org.h5vds.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.h5vds.io.Cursor;
import org.h5vds.io.H5FormatException;
import org.h5vds.testing.MemoryStore;
import org.junit.jupiter.api.Test;

/** Heaps the builder writes, read back by {@link FractalHeap}. */
class FractalHeapBuilderTest {
    /** Direct blocks of at most 1 KiB: rows from the fourth on are indirect, and nest from the seventh. */
    static final FractalHeapBuilder.Parameters SMALL = new FractalHeapBuilder.Parameters(8, 1000, 4, 512, 1024, 32, 1, true);
    static final long ADDRESS = 100;

    record Built(byte[] file, List<byte[]> objects, List<byte[]> ids, FractalHeapBuilder.Encoded encoded) {
        FractalHeap heap() {
            return FractalHeap.read(MemoryStore.context(file), ADDRESS);
        }
    }

    static Built build(FractalHeapBuilder.Parameters p, List<byte[]> objects) {
        FractalHeapBuilder b = new FractalHeapBuilder(p, 8, 8);
        List<byte[]> ids = new ArrayList<>();
        for (byte[] o : objects) ids.add(b.add(o));
        FractalHeapBuilder.Encoded e = b.encode(ADDRESS);
        byte[] heap = e.bytes();
        byte[] file = new byte[(int) ADDRESS + heap.length];
        System.arraycopy(heap, 0, file, (int) ADDRESS, heap.length);
        return new Built(file, objects, ids, e);
    }

    static List<byte[]> randomObjects(long seed, int count, int maxSize) {
        Random r = new Random(seed);
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] o = new byte[1 + r.nextInt(maxSize)];
            r.nextBytes(o);
            out.add(o);
        }
        return out;
    }

    static void assertReadsBack(Built b) {
        FractalHeap heap = b.heap();
        for (int i = 0; i < b.objects().size(); i++) {
            assertThat(heap.get(b.ids().get(i))).as("object %d", i).isEqualTo(b.objects().get(i));
        }
        FractalHeapHeader h = heap.header();
        assertThat(h).isEqualTo(b.encoded().header());
        assertThat(h.managedObjectCount() + h.tinyObjectCount()).isEqualTo(b.objects().size());
        List<FractalHeap.BlockInfo> blocks = heap.directBlocks();
        assertThat(blocks.stream().mapToLong(FractalHeap.BlockInfo::size).sum()).isEqualTo(h.allocatedManagedSpace());
        long managedBytes = b.objects().stream().filter(o -> o.length > h.tinyMaxLength()).mapToLong(o -> o.length).sum();
        long tinyBytes = b.objects().stream().filter(o -> o.length <= h.tinyMaxLength()).mapToLong(o -> o.length).sum();
        assertThat(h.tinyObjectsSize()).isEqualTo(tinyBytes);
        assertThat(h.freeSpaceInManagedBlocks() + managedBytes).isLessThanOrEqualTo(h.managedSpace());
    }

    @Test
    void nestsIndirectBlocksWhenTheHeapOutgrowsItsDirectRows() {
        Built b = build(SMALL, randomObjects(1, 400, 1000));
        assertReadsBack(b);
        FractalHeap heap = b.heap();
        DoublingTable t = heap.doublingTable();
        assertThat(t.maxDirectRows()).isEqualTo(3);
        // blocks in row 6 and beyond sit in an indirect block inside an indirect block
        assertThat(heap.directBlocks()).anySatisfy(d -> assertThat(d.heapOffset()).isGreaterThanOrEqualTo(t.rowBlockOffset(6)));
        assertThat(heap.header().currentRootRows()).isGreaterThan(6);
        assertThat(Integer.bitCount(heap.header().currentRootRows())).isEqualTo(1);
    }

    @Test
    void aFewObjectsLiveInARootDirectBlock() {
        Built b = build(FractalHeapBuilder.Parameters.links(), randomObjects(2, 5, 60));
        assertReadsBack(b);
        FractalHeapHeader h = b.heap().header();
        assertThat(h.rootIsDirect()).isTrue();
        assertThat(h.managedSpace()).isEqualTo(512);
        assertThat(h.allocatedManagedSpace()).isEqualTo(512);
        // libhdf5 leaves the iterator at 0 while the root is a direct block
        assertThat(h.directBlockAllocationIteratorOffset()).isZero();
        assertThat(b.encoded().pieces()).hasSize(2);
    }

    @Test
    void anEmptyHeapHasNoBlocks() {
        Built b = build(FractalHeapBuilder.Parameters.links(), List.of());
        FractalHeap heap = b.heap();
        assertThat(heap.header().rootBlockAddress()).isEqualTo(Cursor.UNDEFINED);
        assertThat(heap.header().managedSpace()).isZero();
        assertThat(heap.directBlocks()).isEmpty();
        byte[] id = new FractalHeapId.Managed(30, 10).encode(heap.header(), 8, 8);
        assertThatThrownBy(() -> heap.get(id)).isInstanceOf(H5FormatException.class).hasMessageContaining("outside the heap's managed space");
    }

    @Test
    void smallObjectsAreTinyAndLiveInTheirIds() {
        List<byte[]> objects = List.of(new byte[]{1}, new byte[]{1, 2, 3, 4, 5, 6}, new byte[]{1, 2, 3, 4, 5, 6, 7});
        Built b = build(FractalHeapBuilder.Parameters.links(), objects);
        assertReadsBack(b);
        FractalHeap heap = b.heap();
        assertThat(heap.decodeId(b.ids().get(0))).isInstanceOf(FractalHeapId.Tiny.class);
        assertThat(heap.decodeId(b.ids().get(1))).isInstanceOf(FractalHeapId.Tiny.class);
        assertThat(heap.decodeId(b.ids().get(2))).isInstanceOf(FractalHeapId.Managed.class);
        assertThat(b.ids().get(0)).hasSize(7).startsWith((byte) 0x20, (byte) 1);
        assertThat(heap.header().tinyObjectCount()).isEqualTo(2);
        assertThat(heap.header().tinyObjectsSize()).isEqualTo(7);
    }

    @Test
    void longIdsUseTheExtendedTinyForm() {
        FractalHeapBuilder.Parameters p = new FractalHeapBuilder.Parameters(24, 4096, 4, 512, 65536, 32, 1, true);
        List<byte[]> objects = randomObjects(3, 50, 30);
        Built b = build(p, objects);
        assertReadsBack(b);
        FractalHeapHeader h = b.heap().header();
        assertThat(h.tinyLengthExtended()).isTrue();
        assertThat(h.tinyMaxLength()).isEqualTo(22);
        byte[] id22 = new FractalHeapBuilder(p, 8, 8).add(new byte[22]);
        assertThat(id22[0] & 0xFF).isEqualTo(0x20);
        assertThat(id22[1] & 0xFF).isEqualTo(21);
        // an ID of 18 bytes still fits 16 bytes in the short form (H5HF__tiny_init's boundary case)
        FractalHeapHeader boundary = new FractalHeapBuilder(new FractalHeapBuilder.Parameters(18, 4096, 4, 512, 65536, 32, 1, true), 8, 8)
                .encode(0).header();
        assertThat(boundary.tinyLengthExtended()).isFalse();
        assertThat(boundary.tinyMaxLength()).isEqualTo(16);
    }

    @Test
    void objectsTooBigForEarlySlotsSkipThem() {
        List<byte[]> objects = new ArrayList<>(randomObjects(4, 3, 50));
        objects.add(1, new byte[4096]);
        Built b = build(FractalHeapBuilder.Parameters.links(), objects);
        assertReadsBack(b);
        FractalHeap heap = b.heap();
        // 4096 bytes plus a 21-byte prefix need an 8 KiB block; the smaller slots before it stay empty
        assertThat(heap.directBlocks()).extracting(FractalHeap.BlockInfo::size).containsExactly(512L, 8192L);
        long unallocated = 1000;
        byte[] id = new FractalHeapId.Managed(unallocated, 10).encode(heap.header(), 8, 8);
        assertThatThrownBy(() -> heap.get(id)).isInstanceOf(H5FormatException.class).hasMessageContaining("never allocated");
    }

    @Test
    void refusesObjectsItCannotStore() {
        FractalHeapBuilder b = new FractalHeapBuilder(FractalHeapBuilder.Parameters.links(), 8, 8);
        // longer than the maximum managed object size: a huge object, numbered from 1 as libhdf5 numbers them
        byte[] hugeId = b.add(new byte[4097]);
        org.assertj.core.api.Assertions.assertThat(hugeId[0] & 0x30).as("ID type bits: huge").isEqualTo(0x10);
        org.assertj.core.api.Assertions.assertThat(hugeId[1]).as("the first huge object ID").isEqualTo((byte) 1);
        assertThatThrownBy(() -> b.add(new byte[0])).hasMessageContaining("empty");
        FractalHeapBuilder tight = new FractalHeapBuilder(new FractalHeapBuilder.Parameters(7, 1024, 4, 512, 1024, 32, 1, true), 8, 8);
        assertThatThrownBy(() -> tight.add(new byte[1024])).hasMessageContaining("does not fit the largest direct block");
        assertThatThrownBy(() -> new FractalHeapBuilder(new FractalHeapBuilder.Parameters(5, 4096, 4, 512, 65536, 32, 1, true), 8, 8))
                .hasMessageContaining("shorter than a managed ID");
    }

    @Test
    void worksWithFourByteOffsetsAndLengths() {
        FractalHeapBuilder b = new FractalHeapBuilder(SMALL, 4, 4);
        List<byte[]> objects = randomObjects(5, 200, 900);
        List<byte[]> ids = new ArrayList<>();
        for (byte[] o : objects) ids.add(b.add(o));
        byte[] heap = b.encode(0).bytes();
        FractalHeap read = FractalHeap.read(new FileContext(new MemoryStore(heap, "four.h5"), 4, 4, 0), 0);
        for (int i = 0; i < objects.size(); i++) assertThat(read.get(ids.get(i))).isEqualTo(objects.get(i));
    }

    @Test
    void uncheckedDirectBlocksHaveNoChecksumField() {
        FractalHeapBuilder.Parameters p = new FractalHeapBuilder.Parameters(7, 4096, 4, 512, 65536, 32, 1, false);
        Built b = build(p, randomObjects(6, 100, 200));
        assertReadsBack(b);
        assertThat(b.heap().header().directBlockOverhead(8)).isEqualTo(17);
    }

    @Test
    void manyThreadsShareOneHeap() {
        Built b = build(SMALL, randomObjects(7, 300, 1000));
        FractalHeap heap = b.heap();
        IntStream.range(0, 3000).parallel().forEach(i -> {
            int k = (i * 7919) % b.objects().size();
            assertThat(heap.get(b.ids().get(k))).isEqualTo(b.objects().get(k));
        });
    }

    @Property(tries = 60)
    void anySequenceOfObjectsReadsBack(@ForAll @Size(max = 120) List<@IntRange(min = 1, max = 1000) Integer> sizes,
                                       @ForAll boolean smallTable) {
        Random r = new Random(sizes.hashCode());
        List<byte[]> objects = new ArrayList<>();
        for (int n : sizes) {
            byte[] o = new byte[n];
            r.nextBytes(o);
            objects.add(o);
        }
        assertReadsBack(build(smallTable ? SMALL : FractalHeapBuilder.Parameters.links(), objects));
    }
}
