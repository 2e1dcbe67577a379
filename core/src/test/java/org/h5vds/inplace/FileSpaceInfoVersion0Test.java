package org.h5vds.inplace;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.h5vds.api.DatasetOptions;
import org.h5vds.api.H5File;
import org.h5vds.api.NdArray;
import org.h5vds.format.Checksum;
import org.h5vds.format.FileContext;
import org.h5vds.format.HeaderMessage;
import org.h5vds.format.ObjectHeader;
import org.h5vds.format.Superblock;
import org.h5vds.format.message.FileSpaceInfoMessage;
import org.h5vds.io.ChannelStore;
import org.h5vds.io.Cursor;
import org.h5vds.testing.Mirror;
import org.h5vds.testing.Python;
import org.h5vds.testing.TreeDump;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files of libhdf5 1.10.0's persistent free space (File Space Info message version 0, strategy
 * "all persist"). No oracle here writes them (libhdf5 1.10.1 and later write version 1 and turn
 * a version 0 message into version 1 when they open the file for writing), so the file is made
 * from one h5py writes with persistent free space: its version 1 message is rewritten in place as
 * the version 0 message of the spec (IV.A.2.x: version, strategy, threshold, the addresses of the
 * six managers — the same managers), the bytes it no longer needs becoming a NIL message, the
 * header's checksum renewed. libhdf5 1.10.8 reading that file and its managers (h5stat -S) is what
 * shows the construction is right. h5vds then takes the managers' space over, reuses it, keeps the
 * message at version 0 with no managers, and every oracle reads the file; libhdf5 writes on.
 */
class FileSpaceInfoVersion0Test {
    @TempDir
    Path dir;

    @Test
    void version0PersistentFreeSpaceIsWrittenInPlaceAndKeptAsVersion0WithoutManagers() throws IOException {
        Path file = dir.resolve("fsinfo_v0.h5");
        Python.run("""
                import h5py, numpy as np, sys
                with h5py.File(sys.argv[1], 'w', libver='latest', fs_strategy='fsm', fs_persist=True, fs_threshold=1) as f:
                    for i in range(4):
                        f.create_dataset('d%d' % i, data=np.arange(2000, dtype='i4') * (i + 1), chunks=(250,), maxshape=(None,),
                                         compression='gzip')
                        f.create_group('g%d' % i).attrs['x'] = i
                    f.create_dataset('contiguous', data=np.arange(3000, dtype='i2'))
                    f.create_dataset('last', data=np.arange(10, dtype='i2'))
                with h5py.File(sys.argv[1], 'a') as f:
                    del f['d1'], f['g2'], f['contiguous']
                """, file);
        long tracked = PersistentFreeSpaceTest.trackedFreeSpace(file);
        assertThat(tracked).as("libhdf5's managers hold the space its deletes freed").isPositive();
        toVersion0(file);
        assertThat(info(file).version()).isZero();
        assertThat(PersistentFreeSpaceTest.trackedFreeSpace(file)).as("libhdf5 1.10.8 reads the version 0 message and its managers").isEqualTo(tracked);
        ObjectNode made = TreeDump.of(file);

        long size = Files.size(file);
        Mirror m;
        try (H5File f = H5File.open(file, H5File.Mode.READ_WRITE)) {
            m = new Mirror(f, made);
            m.createDataset("/reused", NdArray.of(new int[] {1, 2, 3, 4, 5, 6, 7, 8}, 8), DatasetOptions.contiguous());
            f.flush();
            m.write("/d0", "0:2000", noise(2000));
            m.setAttribute("/g1", "y", 2.5);
        }
        FileSpaceInfoMessage after = info(file);
        assertThat(after.version()).as("the message keeps libhdf5 1.10.0's version").isZero();
        assertThat(after.strategy()).isEqualTo(FileSpaceInfoMessage.V0_STRATEGY_ALL_PERSIST);
        long[] none = new long[6];
        Arrays.fill(none, Cursor.UNDEFINED);
        assertThat(after.managerAddresses()).as("no managers: the space they held was taken over").containsExactly(none);
        assertThat(PersistentFreeSpaceTest.trackedFreeSpace(file)).isZero();
        assertThat(Files.size(file)).as("the new data went into the space the managers held").isLessThan(size + 8000);
        ObjectNode dump = Oracles.matchesModel(file, m);
        Oracles.allReadersAgree(file, dump);
        Oracles.libhdf5KeepsWriting(file);
        // and h5vds again, on the file libhdf5 wrote (its message now version 1)
        try (H5File f = H5File.open(file, H5File.Mode.READ_WRITE)) {
            f.createGroup("/again");
        }
        Oracles.allReadersAgree(file, TreeDump.of(file));
    }

    private static NdArray noise(int n) {
        int[] v = new int[n];
        long x = 99;
        for (int i = 0; i < n; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            v[i] = (int) (x >>> 33);
        }
        return NdArray.of(v, n);
    }

    private static FileSpaceInfoMessage info(Path file) {
        try (ChannelStore store = ChannelStore.open(file)) {
            Superblock sb = Superblock.read(store);
            return ObjectHeader.read(sb.context(), sb.superblockExtensionAddress()).find(FileSpaceInfoMessage.class);
        }
    }

    /**
     * Rewrites the file's version 1 File Space Info message as version 0 (strategy 1, "all
     * persist", its threshold and its first six manager addresses — the slots of version 0),
     * followed by a NIL message over the bytes left, in the superblock extension's header (v2).
     */
    private static void toVersion0(Path file) throws IOException {
        long chunkAt;
        byte[] chunk;
        int bodyAt;
        int oldSize;
        byte[] v0;
        try (ChannelStore store = ChannelStore.open(file)) {
            Superblock sb = Superblock.read(store);
            FileContext ctx = sb.context();
            ObjectHeader ext = ObjectHeader.read(ctx, sb.superblockExtensionAddress());
            assertThat(ext.version()).isEqualTo(2);
            HeaderMessage msg = ext.messages().stream().filter(h -> h.type() == FileSpaceInfoMessage.TYPE).findFirst().orElseThrow();
            FileSpaceInfoMessage v1 = ext.find(FileSpaceInfoMessage.class);
            int c = ext.chunkOf(msg);
            chunkAt = ctx.baseAddress() + ext.chunks().get(c).address();
            chunk = ext.chunkBytes(c);
            bodyAt = (int) (msg.address() - chunkAt);
            oldSize = msg.size();
            FileSpaceInfoMessage m0 = new FileSpaceInfoMessage(0, FileSpaceInfoMessage.V0_STRATEGY_ALL_PERSIST, true, v1.threshold(), 0, 0,
                    Cursor.UNDEFINED, Arrays.copyOf(v1.managerAddresses(), 6));
            Cursor out = Cursor.forWriting(m0.encodedSize(8, 8), 8, 8);
            m0.encode(out);
            v0 = out.written();
        }
        ByteBuffer b = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
        // message prefix (type, size, flags; no creation order in the extension): size, then the body and a NIL message after it
        assertThat(chunk[bodyAt - 4]).isEqualTo((byte) FileSpaceInfoMessage.TYPE);
        b.putShort(bodyAt - 3, (short) v0.length);
        Arrays.fill(chunk, bodyAt, bodyAt + oldSize, (byte) 0);
        System.arraycopy(v0, 0, chunk, bodyAt, v0.length);
        int nil = bodyAt + v0.length;
        chunk[nil] = 0;
        b.putShort(nil + 1, (short) (oldSize - v0.length - 4));
        chunk[nil + 3] = 0;
        b.putInt(chunk.length - 4, Checksum.lookup3(chunk, 0, chunk.length - 4));
        try (var ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(chunk), chunkAt);
        }
    }
}
