package org.h5vds.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.h5vds.io.Cursor;
import org.h5vds.io.FileStore;
import org.h5vds.io.H5FormatException;
import org.h5vds.testing.MemoryStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuperblockTest {
    @TempDir
    static Path dir;
    static Path earliest;
    static Path v1;
    static Path v108;
    static Path latest;
    static Path userBlock;
    static Path userBlockEarliest;

    @BeforeAll
    static void writeFiles() {
        String data = "    f.create_dataset('d', data=np.arange(12, dtype='<i4'))\n";
        earliest = H5pyFixtures.write(dir, "earliest.h5", "with h5py.File(path, 'w', libver='earliest') as f:\n" + data);
        v108 = H5pyFixtures.write(dir, "v108.h5", "with h5py.File(path, 'w', libver=('v108', 'v108')) as f:\n" + data);
        latest = H5pyFixtures.write(dir, "latest.h5", "with h5py.File(path, 'w', libver='latest') as f:\n" + data);
        userBlock = H5pyFixtures.write(dir, "ub.h5", "with h5py.File(path, 'w', libver='latest', userblock_size=512) as f:\n" + data);
        userBlockEarliest = H5pyFixtures.write(dir, "ub0.h5", "with h5py.File(path, 'w', userblock_size=1024) as f:\n" + data);
        // h5py 3.7 does not wrap H5Pset_istore_k / H5Pset_sym_k: call libhdf5 directly
        v1 = H5pyFixtures.write(dir, "v1.h5", """
                import ctypes
                lib = ctypes.CDLL('libhdf5_serial.so.103')
                fcpl = h5py.h5p.create(h5py.h5p.FILE_CREATE)
                assert lib.H5Pset_istore_k(ctypes.c_int64(fcpl.id), ctypes.c_uint(64)) >= 0
                assert lib.H5Pset_sym_k(ctypes.c_int64(fcpl.id), ctypes.c_uint(8), ctypes.c_uint(5)) >= 0
                fid = h5py.h5f.create(path.encode(), h5py.h5f.ACC_TRUNC, fcpl=fcpl)
                with h5py.File(fid) as f:
                    f.create_dataset('d', data=np.arange(12, dtype='<i4'))
                """);
    }

    private static Superblock read(Path p) {
        return Superblock.read(FileStore.open(p));
    }

    @Test
    void version0FromLibverEarliest() throws IOException {
        Superblock sb = read(earliest);
        assertThat(sb.version()).isZero();
        assertThat(sb.offsetSize()).isEqualTo(8);
        assertThat(sb.lengthSize()).isEqualTo(8);
        assertThat(sb.baseAddress()).isZero();
        assertThat(sb.endOfFileAddress()).isEqualTo(Files.size(earliest));
        assertThat(sb.groupLeafNodeK()).isEqualTo(4);
        assertThat(sb.groupInternalNodeK()).isEqualTo(16);
        assertThat(sb.freeSpaceInfoAddress()).isEqualTo(Cursor.UNDEFINED);
        assertThat(sb.driverInformationBlockAddress()).isEqualTo(Cursor.UNDEFINED);
        SymbolTableEntry root = sb.rootGroupSymbolTableEntry();
        assertThat(root.cacheType()).isEqualTo(SymbolTableEntry.CACHE_GROUP);
        assertThat(sb.rootGroupObjectHeaderAddress()).isEqualTo(H5pyFixtures.addresses(earliest).get("/"));
        // the cached B-tree and heap addresses are those h5debug reports for the root's symbol table message
        String debug = H5pyFixtures.h5debug(earliest, sb.rootGroupObjectHeaderAddress());
        assertThat(debug).contains("B-tree address:                              " + root.btreeAddress());
        assertThat(debug).contains("Name heap address:                           " + root.localHeapAddress());
    }

    @Test
    void version1WithIndexedStorageK() {
        Superblock sb = read(v1);
        assertThat(sb.version()).isEqualTo(1);
        assertThat(sb.indexedStorageInternalNodeK()).isEqualTo(64);
        assertThat(sb.groupLeafNodeK()).isEqualTo(5);
        assertThat(sb.groupInternalNodeK()).isEqualTo(8);
        assertThat(sb.rootGroupObjectHeaderAddress()).isEqualTo(H5pyFixtures.addresses(v1).get("/"));
    }

    @Test
    void versions2And3VerifyTheirChecksumAndReencodeIdentically() throws IOException {
        for (Path p : new Path[]{v108, latest}) {
            Superblock sb = read(p);
            assertThat(sb.version()).isEqualTo(p == v108 ? 2 : 3);
            assertThat(sb.rootGroupObjectHeaderAddress()).isEqualTo(H5pyFixtures.addresses(p).get("/"));
            assertThat(sb.endOfFileAddress()).isEqualTo(Files.size(p));
            byte[] onDisk = Arrays.copyOf(Files.readAllBytes(p), Superblock.encodedSize(sb.version(), 8, 8));
            assertThat(sb.encode()).isEqualTo(onDisk);
        }
    }

    @Test
    void versions0And1ReencodeIdentically() throws IOException {
        for (Path p : new Path[]{earliest, v1}) {
            Superblock sb = read(p);
            byte[] onDisk = Arrays.copyOf(Files.readAllBytes(p), Superblock.encodedSize(sb.version(), 8, 8));
            assertThat(sb.encode()).isEqualTo(onDisk);
        }
    }

    @Test
    void userBlockMakesAddressesRelativeToTheSuperblock() throws IOException {
        Superblock sb = read(userBlock);
        assertThat(sb.location()).isEqualTo(512);
        assertThat(sb.baseAddress()).isEqualTo(512);
        assertThat(sb.storedBaseAddress()).isEqualTo(512);
        // libhdf5 stores the end of file counting the user block
        assertThat(sb.endOfFile()).isEqualTo(Files.size(userBlock));
        FileContext ctx = sb.context();
        assertThat(ctx.baseAddress()).isEqualTo(512);
        long root = H5pyFixtures.addresses(userBlock).get("/");
        assertThat(sb.rootGroupObjectHeaderAddress()).isEqualTo(root);
        assertThat(ctx.read(root, 4, "root").bytes(4)).isEqualTo("OHDR".getBytes());

        Superblock sb0 = read(userBlockEarliest);
        assertThat(sb0.version()).isZero();
        assertThat(sb0.baseAddress()).isEqualTo(1024);
        assertThat(sb0.rootGroupObjectHeaderAddress()).isEqualTo(H5pyFixtures.addresses(userBlockEarliest).get("/"));
    }

    @Test
    void encodedVersion3ReadsBack() {
        Superblock sb = Superblock.v2(3, 8, 8, 0, 0, Cursor.UNDEFINED, 4096, 48);
        byte[] bytes = Arrays.copyOf(sb.encode(), 4096);
        Superblock back = Superblock.read(new MemoryStore(bytes));
        assertThat(back.version()).isEqualTo(3);
        assertThat(back.rootGroupObjectHeaderAddress()).isEqualTo(48);
        assertThat(back.superblockExtensionAddress()).isEqualTo(Cursor.UNDEFINED);
        assertThat(back.encode()).isEqualTo(sb.encode());

        Superblock small = Superblock.v2(2, 4, 2, 0, 0, 200, 300, 100);
        Superblock smallBack = Superblock.read(new MemoryStore(Arrays.copyOf(small.encode(), 300)));
        assertThat(smallBack.offsetSize()).isEqualTo(4);
        assertThat(smallBack.lengthSize()).isEqualTo(2);
        assertThat(smallBack.superblockExtensionAddress()).isEqualTo(200);
        assertThat(smallBack.encode()).isEqualTo(small.encode());
    }

    // ---- corrupt input ------------------------------------------------------------------------

    private static H5FormatException failure(byte[] bytes) {
        try {
            Superblock.read(new MemoryStore(bytes));
        } catch (H5FormatException e) {
            return e;
        }
        throw new AssertionError("no error");
    }

    @Test
    void notAnHdf5File() {
        assertThat(failure(new byte[4]).getMessage()).contains("memory.h5").contains("too few");
        assertThat(failure(new byte[5000]).getMessage()).contains("no HDF5 signature at byte 0, 512, 1024");
    }

    @Test
    void fileShorterThanItsSuperblock() throws IOException {
        byte[] full = Files.readAllBytes(latest);
        H5FormatException e = failure(Arrays.copyOf(full, 30));
        assertThat(e.getMessage()).contains("needs 48 bytes but the file ends after 30");
        assertThat(e.offset()).isZero();
        assertThat(failure(Arrays.copyOf(full, 8)).getMessage()).contains("ends inside the superblock");
    }

    @Test
    void badVersionAndSizes() throws IOException {
        byte[] b = Files.readAllBytes(latest);
        b[8] = 7;
        H5FormatException e = failure(b);
        assertThat(e.getMessage()).contains("unknown version 7");
        assertThat(e.offset()).isEqualTo(8);

        b = Files.readAllBytes(latest);
        b[9] = 3;
        e = failure(b);
        assertThat(e.getMessage()).contains("Size of Offsets is 3, expected 2, 4 or 8");
        assertThat(e.offset()).isEqualTo(9);

        b = Files.readAllBytes(earliest);
        b[14] = 16;
        e = failure(b);
        assertThat(e.getMessage()).contains("Size of Lengths is 16");
        assertThat(e.offset()).isEqualTo(14);
    }

    @Test
    void checksumMismatch() throws IOException {
        byte[] b = Files.readAllBytes(latest);
        b[30] ^= 1;
        H5FormatException e = failure(b);
        assertThat(e.getMessage()).contains("superblock: checksum mismatch");
        assertThat(e.offset()).isEqualTo(44);
    }

    @Test
    void truncatedFileIsRejectedLikeLibhdf5DoesButTrailingBytesAreFine() throws IOException {
        byte[] full = Files.readAllBytes(latest);
        H5FormatException e = failure(Arrays.copyOf(full, full.length - 1));
        assertThat(e.getMessage()).contains("file is truncated").contains("ends at byte " + full.length)
                .contains("has only " + (full.length - 1) + " bytes");
        // libhdf5 agrees: h5py refuses the same truncated file
        Path cut = dir.resolve("cut.h5");
        Files.write(cut, Arrays.copyOf(full, full.length - 1));
        String out = org.h5vds.testing.Python.run("""
                import sys, h5py
                try:
                    h5py.File(sys.argv[1], 'r')
                    print('opened')
                except OSError as e:
                    print('refused', e)
                """, cut);
        assertThat(out).startsWith("refused").contains("truncated file");

        Superblock longer = Superblock.read(new MemoryStore(Arrays.copyOf(full, full.length + 100)));
        assertThat(longer.endOfFileAddress()).isEqualTo(full.length);

        byte[] ub = Files.readAllBytes(userBlock);
        assertThat(failure(Arrays.copyOf(ub, ub.length - 1)).getMessage()).contains("file is truncated");
    }

    @Test
    void aMovedFileTakesTheSignaturePositionAsBase() throws IOException {
        // prepend 512 bytes to a file written without user block: libhdf5 then adjusts base and EOF
        byte[] full = Files.readAllBytes(latest);
        byte[] moved = new byte[512 + full.length];
        System.arraycopy(full, 0, moved, 512, full.length);
        Path p = dir.resolve("moved.h5");
        Files.write(p, moved);
        Superblock sb = read(p);
        assertThat(sb.storedBaseAddress()).isZero();
        assertThat(sb.baseAddress()).isEqualTo(512);
        assertThat(sb.endOfFile()).isEqualTo(moved.length);
        Map<String, Long> libhdf5 = H5pyFixtures.addresses(p);
        assertThat(sb.rootGroupObjectHeaderAddress()).isEqualTo(libhdf5.get("/"));
        assertThat(ObjectHeader.read(sb.context(), sb.rootGroupObjectHeaderAddress()).version()).isEqualTo(2);
    }
}
