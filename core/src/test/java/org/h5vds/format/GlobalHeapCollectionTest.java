package org.h5vds.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.h5vds.io.Cursor;
import org.h5vds.io.H5FormatException;
import org.h5vds.testing.Libhdf5Files;
import org.h5vds.testing.MemoryStore;
import org.h5vds.testing.Python;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GlobalHeapCollectionTest {
    static final String[] STRINGS = {"alpha", "beta", "gamma".repeat(100)};

    @TempDir
    static Path dir;
    static Path vlen;
    static long vlenDataOffset;
    static Path vds;
    static long vdsHeapAddress;
    static long vdsHeapIndex;

    @BeforeAll
    static void writeFiles() {
        vlen = dir.resolve("vlen.h5");
        vds = dir.resolve("vds.h5");
        String out = Python.run("""
                import sys, h5py, numpy as np
                with h5py.File(sys.argv[1], 'w') as f:
                    d = f.create_dataset('s', data=np.array(sys.argv[3:], dtype=object), dtype=h5py.string_dtype())
                    print(d.id.get_offset())
                layout = h5py.VirtualLayout(shape=(2, 10), dtype='i8')
                layout[0] = h5py.VirtualSource('src.h5', 'data', shape=(10,))
                layout[1, :5] = h5py.VirtualSource('.', 'data2', shape=(10,))[::2]
                with h5py.File(sys.argv[2], 'w') as f:
                    f['data2'] = np.arange(10)
                    f.create_virtual_dataset('v', layout, fillvalue=-1)
                    print(h5py.h5o.get_info(f['v'].id).addr)
                """, vlen, vds, STRINGS[0], STRINGS[1], STRINGS[2]);
        String[] lines = out.trim().split("\n");
        vlenDataOffset = Long.parseLong(lines[0].trim());
        String layout = Libhdf5Files.h5debug(vds, Long.parseLong(lines[1].trim()));
        vdsHeapAddress = Libhdf5Files.number(layout, "Global heap address");
        vdsHeapIndex = Libhdf5Files.number(layout, "Global heap index");
    }

    /** A variable-length element in the dataset: its length, then a global heap ID. */
    record VlenElement(long length, GlobalHeapId id) {
    }

    static VlenElement[] elements(FileContext ctx) {
        Cursor c = ctx.read(vlenDataOffset, 3L * (4 + GlobalHeapId.size(8)), "vlen data");
        VlenElement[] out = new VlenElement[3];
        for (int i = 0; i < 3; i++) out[i] = new VlenElement(c.u32(), GlobalHeapId.read(c));
        return out;
    }

    @Test
    void readsVariableLengthStringsLibhdf5Wrote() {
        FileContext ctx = MemoryStore.read(vlen).context();
        VlenElement[] elements = elements(ctx);
        GlobalHeapCollection collection = GlobalHeapCollection.read(ctx, elements[0].id().collectionAddress());
        assertThat(collection.collectionSize()).isEqualTo(GlobalHeapCollection.MINIMUM_SIZE);
        for (int i = 0; i < 3; i++) {
            assertThat(elements[i].id().collectionAddress()).isEqualTo(collection.address());
            byte[] data = collection.objectBytes((int) elements[i].id().objectIndex());
            assertThat(new String(data, StandardCharsets.UTF_8)).isEqualTo(STRINGS[i]);
            assertThat((long) data.length).isEqualTo(elements[i].length());
            assertThat(elements[i].id().resolve(ctx).remaining()).isEqualTo(data.length);
        }
        // the rest of the 4096 bytes is object 0, whose size counts its own 16-byte header
        long used = 16 + 3L * 16 + 8 + 8 + 504;
        assertThat(collection.freeSpace()).isEqualTo(4096 - used);
        String debug = Libhdf5Files.h5debug(vlen, collection.address());
        assertThat(debug).containsPattern("Free space:\\s+" + collection.freeSpace());
    }

    @Test
    void builderReproducesLibhdf5sCollectionByteForByte() {
        FileContext ctx = MemoryStore.read(vlen).context();
        VlenElement[] elements = elements(ctx);
        long address = elements[0].id().collectionAddress();
        GlobalHeapCollection.Builder b = new GlobalHeapCollection.Builder(8);
        // add in libhdf5's index order so that the layouts can match
        String[] byIndex = new String[4];
        for (int i = 0; i < 3; i++) byIndex[(int) elements[i].id().objectIndex()] = STRINGS[i];
        for (int index = 1; index <= 3; index++) {
            assertThat(b.add(byIndex[index].getBytes(StandardCharsets.UTF_8))).isEqualTo(index);
        }
        byte[] encoded = b.encode();
        byte[] file = MemoryStore.read(vlen).bytes();
        assertThat(encoded).isEqualTo(Arrays.copyOfRange(file, (int) address, (int) address + 4096));
    }

    @Test
    void readsTheVirtualDatasetMappingBlockWithItsExactSize() {
        FileContext ctx = MemoryStore.read(vds).context();
        GlobalHeapCollection collection = GlobalHeapCollection.read(ctx, vdsHeapAddress);
        ByteBuffer block = collection.object((int) vdsHeapIndex);
        // heap block version 0: the size field is exact, so the block ends with the lookup3 checksum of all before it
        assertThat(block.get(0)).isZero();
        assertThat(block.getLong(1)).isEqualTo(2); // Num Entries
        int n = block.remaining();
        assertThat(block.getInt(n - 4)).isEqualTo(Checksum.lookup3(block, block.position(), n - 4));
        byte[] bytes = collection.objectBytes((int) vdsHeapIndex);
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        assertThat(text).contains("src.h5\0data\0").contains(".\0data2\0");
    }

    @Test
    void roundTripsManyObjectsAndGrowsPastTheMinimumSize() {
        Random random = new Random(42);
        GlobalHeapCollection.Builder b = new GlobalHeapCollection.Builder(8);
        byte[][] objects = new byte[300][];
        for (int i = 0; i < objects.length; i++) {
            objects[i] = new byte[i % 7 == 0 ? 0 : random.nextInt(40)];
            random.nextBytes(objects[i]);
            assertThat(b.add(objects[i])).isEqualTo(i + 1);
        }
        byte[] big = new byte[10_000];
        random.nextBytes(big);
        int bigIndex = b.add(big);
        byte[] encoded = b.encode();
        assertThat((long) encoded.length).isEqualTo(b.collectionSize()).isGreaterThan(4096);
        assertThat(encoded.length % 8).isZero();
        byte[] file = new byte[64 + encoded.length];
        System.arraycopy(encoded, 0, file, 64, encoded.length);
        GlobalHeapCollection c = GlobalHeapCollection.read(MemoryStore.context(file), 64);
        for (int i = 0; i < objects.length; i++) assertThat(c.objectBytes(i + 1)).isEqualTo(objects[i]);
        assertThat(c.objectBytes(bigIndex)).isEqualTo(big);
        assertThat(c.indices()).hasSize(301);
    }

    @Test
    void aCollectionOfOneObjectWrittenInPiecesIsLaidOutAsTheBuilderLaysItOut() {
        // lengths around the minimum size, the 8-byte padding and an object 0 header that does
        // not fit (4056 leaves 8 bytes), with 8- and 4-byte lengths
        Random random = new Random(7);
        for (int lengthSize : new int[] {8, 4}) {
            for (int length : new int[] {0, 1, 7, 8, 9, 100, 4040, 4055, 4056, 4057, 4064, 4065, 10_000}) {
                byte[] object = new byte[length];
                random.nextBytes(object);
                GlobalHeapCollection.Builder b = new GlobalHeapCollection.Builder(lengthSize);
                b.add(object);
                GlobalHeapCollection.OneObject one = new GlobalHeapCollection.OneObject(lengthSize, length);
                byte[] tail = one.tail();
                Cursor c = Cursor.forWriting((int) one.size(), 8, lengthSize);
                one.putHead(c);
                assertThat(c.position()).isEqualTo(one.headSize());
                c.putBytes(object).putBytes(tail);
                assertThat(c.filled()).as("length %d, length size %d", length, lengthSize).isEqualTo(b.encode());
            }
        }
    }

    @Test
    void acceptsFreeSpaceTooSmallForAnObjectHeader() {
        // 16 header + 16 object header + 4056 data leaves 8 bytes: no room for object 0's header
        GlobalHeapCollection.Builder b = new GlobalHeapCollection.Builder(8);
        b.add(new byte[4056]);
        byte[] encoded = b.encode();
        assertThat(encoded).hasSize(4096);
        GlobalHeapCollection c = GlobalHeapCollection.read(MemoryStore.context(encoded), 0);
        assertThat(c.freeSpace()).isEqualTo(8);
        assertThat(c.objectBytes(1)).hasSize(4056);
    }

    @Test
    void roundTripsWithFourByteLengths() {
        GlobalHeapCollection.Builder b = new GlobalHeapCollection.Builder(4);
        b.add("x".getBytes(StandardCharsets.US_ASCII));
        b.add(new byte[13]);
        byte[] encoded = b.encode();
        FileContext ctx = new FileContext(new MemoryStore(encoded, "four.h5"), 4, 4, 0);
        GlobalHeapCollection c = GlobalHeapCollection.read(ctx, 0);
        assertThat(c.objectBytes(1)).containsExactly('x');
        assertThat(c.objectBytes(2)).hasSize(13);
        assertThat(c.info(2).dataFileOffset()).isEqualTo(16 + 16 + 8 + 16);
    }

    @Test
    void namesTheCollectionWhenAnIndexIsMissing() {
        GlobalHeapCollection c = GlobalHeapCollection.read(MemoryStore.context(sample()), 0);
        assertThatThrownBy(() -> c.object(7))
                .isInstanceOf(H5FormatException.class)
                .hasMessageContaining("memory.h5").hasMessageContaining("collection at 0")
                .hasMessageContaining("no object with index 7").hasMessageContaining("[1, 2]");
        assertThatThrownBy(() -> c.object(0)).isInstanceOf(H5FormatException.class).hasMessageContaining("free space");
    }

    @Test
    void rejectsCorruptCollections() {
        byte[] badSignature = sample();
        badSignature[1] = 'X';
        assertThatThrownBy(() -> GlobalHeapCollection.read(MemoryStore.context(badSignature), 0))
                .isInstanceOf(H5FormatException.class).hasMessageContaining("\"GCOL\"").hasMessageContaining("at byte offset 0");

        byte[] tooBig = sample();
        le(tooBig).putLong(8, 1 << 20);
        assertThatThrownBy(() -> GlobalHeapCollection.read(MemoryStore.context(tooBig), 0))
                .isInstanceOf(H5FormatException.class).hasMessageContaining("global heap collection");

        byte[] objectTooBig = sample();
        le(objectTooBig).putLong(16 + 8, 5000);
        assertThatThrownBy(() -> GlobalHeapCollection.read(MemoryStore.context(objectTooBig), 0))
                .isInstanceOf(H5FormatException.class).hasMessageContaining("object 1 has size 5000")
                .hasMessageContaining("at byte offset 24");

        byte[] duplicate = sample();
        le(duplicate).putShort(16 + 16 + 8, (short) 1);
        assertThatThrownBy(() -> GlobalHeapCollection.read(MemoryStore.context(duplicate), 0))
                .isInstanceOf(H5FormatException.class).hasMessageContaining("appears twice");

        byte[] emptyFreeObject = sample();
        // object 0 claiming 0 bytes would never advance the parse
        le(emptyFreeObject).putLong(16 + 16 + 8 + 16 + 8 + 8, 0);
        assertThatThrownBy(() -> GlobalHeapCollection.read(MemoryStore.context(emptyFreeObject), 0))
                .isInstanceOf(H5FormatException.class).hasMessageContaining("free space object size 0");

        byte[] truncated = Arrays.copyOf(sample(), 1000);
        assertThatThrownBy(() -> GlobalHeapCollection.read(MemoryStore.context(truncated), 0))
                .isInstanceOf(H5FormatException.class).hasMessageContaining("collection size is 4096, more than 1000");
    }

    @Test
    void globalHeapIdRoundTrips() {
        Cursor c = Cursor.forWriting(12, 8, 8);
        new GlobalHeapId(0x1234, 7).write(c);
        Cursor r = new Cursor(ByteBuffer.wrap(c.written()), "id", 0, 8, 8);
        assertThat(GlobalHeapId.read(r)).isEqualTo(new GlobalHeapId(0x1234, 7));
    }

    /** Object 1: 5 bytes, object 2: 8 bytes, then object 0. */
    private static byte[] sample() {
        GlobalHeapCollection.Builder b = new GlobalHeapCollection.Builder(8);
        b.add("hello".getBytes(StandardCharsets.US_ASCII));
        b.add(new byte[8]);
        return b.encode();
    }

    private static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }
}
