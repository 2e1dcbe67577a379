package org.h5vds.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import org.h5vds.io.H5FormatException;
import org.h5vds.testing.Libhdf5Files;
import org.h5vds.testing.MemoryStore;
import org.h5vds.testing.Python;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalHeapTest {
    @TempDir
    static Path dir;
    static Path file;
    static long heapAddress;

    @BeforeAll
    static void writeEarliestGroup() {
        file = dir.resolve("earliest.h5");
        String out = Python.run("""
                import sys, h5py
                with h5py.File(sys.argv[1], 'w', libver='earliest') as f:
                    for i in range(5):
                        f.create_group('name%d' % i)
                    print(h5py.h5o.get_info(f['/'].id).addr)
                """, file);
        long rootHeader = Long.parseLong(out.trim());
        heapAddress = Libhdf5Files.number(Libhdf5Files.h5debug(file, rootHeader), "Name heap address");
    }

    @Test
    void readsTheLinkNamesLibhdf5Wrote() {
        LocalHeap heap = LocalHeap.read(MemoryStore.read(file).context(), heapAddress);
        String debug = Libhdf5Files.h5debug(file, heapAddress);
        assertThat(heap.addressOfDataSegment()).isEqualTo(Libhdf5Files.number(debug, "Address of heap data"));
        assertThat(heap.dataSegmentSize()).isEqualTo(Libhdf5Files.number(debug, "Data bytes allocated for heap"));
        // libhdf5 puts the empty name at 0, then each name in creation order, each padded to 8 bytes
        assertThat(heap.nameAt(0)).isEmpty();
        for (int i = 0; i < 5; i++) assertThat(heap.nameAt(8L * (i + 1))).isEqualTo("name" + i);
        assertThat(heap.freeBlocks()).containsExactly(new LocalHeap.FreeBlock(48, heap.dataSegmentSize() - 48));
        assertThat(debug).contains("Block #0:").containsPattern("48,\\s+" + (heap.dataSegmentSize() - 48));
    }

    @Test
    void builderReproducesLibhdf5sHeapByteForByte() {
        byte[] file = MemoryStore.read(LocalHeapTest.file).bytes();
        LocalHeap heap = LocalHeap.read(MemoryStore.read(LocalHeapTest.file).context(), heapAddress);
        LocalHeap.Builder b = new LocalHeap.Builder();
        for (int i = 0; i < 5; i++) assertThat(b.add("name" + i)).isEqualTo(8L * (i + 1));
        int free = (int) heap.freeBlocks().get(0).size();
        byte[] encoded = b.encode(heapAddress, 8, 8, free);
        byte[] original = Arrays.copyOfRange(file, (int) heapAddress, (int) heapAddress + encoded.length);
        assertThat(encoded).isEqualTo(original);
    }

    @Test
    void roundTripsWithSmallSizesAndNoFreeBlock() {
        LocalHeap.Builder b = new LocalHeap.Builder();
        long a = b.add("alpha");
        long u = b.add("ünïcødé");
        long e = b.add("exactly8");
        byte[] heap = b.encode(16, 4, 4, 0);
        byte[] file = new byte[16 + heap.length];
        System.arraycopy(heap, 0, file, 16, heap.length);
        FileContext ctx = new FileContext(new MemoryStore(file, "small.h5"), 4, 4, 0);
        LocalHeap read = LocalHeap.read(ctx, 16);
        // 4-byte sizes: a 20-byte header padded to 24, as libhdf5's H5HL_SIZEOF_HDR does
        assertThat(read.addressOfDataSegment()).isEqualTo(16 + 24);
        assertThat(read.offsetToHeadOfFreeList()).isEqualTo(1);
        assertThat(read.freeBlocks()).isEmpty();
        assertThat(read.nameAt(a)).isEqualTo("alpha");
        assertThat(read.nameAt(u)).isEqualTo("ünïcødé");
        assertThat(read.nameAt(e)).isEqualTo("exactly8");
        assertThat(e % 8).isZero();
    }

    @Test
    void acceptsTheSpecsUndefinedAddressAsNoFreeList() {
        byte[] heap = new LocalHeap.Builder().encode(0, 8, 8, 0);
        ByteBuffer.wrap(heap).order(ByteOrder.LITTLE_ENDIAN).putLong(16, -1L);
        assertThat(LocalHeap.read(MemoryStore.context(heap), 0).freeBlocks()).isEmpty();
    }

    @Test
    void rejectsABadSignature() {
        byte[] heap = encoded();
        heap[0] = 'X';
        assertThatThrownBy(() -> LocalHeap.read(MemoryStore.context(heap), 0))
                .isInstanceOf(H5FormatException.class)
                .hasMessageContaining("memory.h5").hasMessageContaining("at byte offset 0").hasMessageContaining("\"HEAP\"");
    }

    @Test
    void rejectsNameOffsetsOutsideTheSegmentInFreeSpaceOrUnterminated() {
        LocalHeap heap = LocalHeap.read(MemoryStore.context(encoded()), 0);
        assertThatThrownBy(() -> heap.nameAt(heap.dataSegmentSize()))
                .isInstanceOf(H5FormatException.class).hasMessageContaining("outside its");
        assertThatThrownBy(() -> heap.nameAt(16 + 3))
                .isInstanceOf(H5FormatException.class).hasMessageContaining("free block");
        byte[] bytes = encoded();
        // drop the free block and overwrite the last name's NUL and padding
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(8, 16).putLong(16, 1);
        Arrays.fill(bytes, 32 + 8, 32 + 16, (byte) 'x');
        LocalHeap unterminated = LocalHeap.read(MemoryStore.context(bytes), 0);
        assertThatThrownBy(() -> unterminated.nameAt(8))
                .isInstanceOf(H5FormatException.class).hasMessageContaining("not NUL-terminated").hasMessageContaining("at byte offset 40");
    }

    @Test
    void rejectsAFreeListThatLoopsOrLeavesTheSegment() {
        byte[] loops = encoded();
        // the free block at 16 names itself as the next one
        ByteBuffer.wrap(loops).order(ByteOrder.LITTLE_ENDIAN).putLong(32 + 16, 16);
        assertThatThrownBy(() -> LocalHeap.read(MemoryStore.context(loops), 0))
                .isInstanceOf(H5FormatException.class).hasMessageContaining("loops");
        byte[] outside = encoded();
        ByteBuffer.wrap(outside).order(ByteOrder.LITTLE_ENDIAN).putLong(16, 4096);
        assertThatThrownBy(() -> LocalHeap.read(MemoryStore.context(outside), 0))
                .isInstanceOf(H5FormatException.class).hasMessageContaining("free block offset 4096")
                .hasMessageContaining("at byte offset 16");
        byte[] tooBig = encoded();
        ByteBuffer.wrap(tooBig).order(ByteOrder.LITTLE_ENDIAN).putLong(32 + 16 + 8, 1000);
        assertThatThrownBy(() -> LocalHeap.read(MemoryStore.context(tooBig), 0))
                .isInstanceOf(H5FormatException.class).hasMessageContaining("has size 1000");
    }

    @Test
    void rejectsADataSegmentBeyondTheFile() {
        byte[] bytes = encoded();
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(8, 1L << 40);
        assertThatThrownBy(() -> LocalHeap.read(MemoryStore.context(bytes), 0))
                .isInstanceOf(H5FormatException.class).hasMessageContaining("data segment size");
    }

    /** Header at 0 (32 bytes), data segment at 32: "" at 0, "abc" at 8, a 16-byte free block at 16. */
    private static byte[] encoded() {
        LocalHeap.Builder b = new LocalHeap.Builder();
        b.add("abc");
        return b.encode(0, 8, 8, 16);
    }
}
