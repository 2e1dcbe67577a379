package org.h5vds.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.h5vds.format.message.AttributeInfoMessage;
import org.h5vds.format.message.AttributeMessage;
import org.h5vds.format.message.BTreeKValuesMessage;
import org.h5vds.format.message.ContinuationMessage;
import org.h5vds.format.message.Dataspace;
import org.h5vds.format.message.Datatype;
import org.h5vds.format.message.FixedPointType;
import org.h5vds.format.message.FileSpaceInfoMessage;
import org.h5vds.format.message.GroupInfoMessage;
import org.h5vds.format.message.LinkInfoMessage;
import org.h5vds.format.message.LinkMessage;
import org.h5vds.format.message.Message;
import org.h5vds.format.message.Messages;
import org.h5vds.format.message.NilMessage;
import org.h5vds.format.message.ObjectCommentMessage;
import org.h5vds.format.message.SymbolTableMessage;
import org.h5vds.format.message.UnknownMessage;
import org.h5vds.io.Cursor;
import org.h5vds.io.FileStore;
import org.h5vds.io.H5FormatException;
import org.h5vds.testing.MemoryStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ObjectHeaderTest {
    @TempDir
    static Path dir;
    static Path earliest;
    static Path latest;

    /** Datasets whose attributes, added after other objects were allocated, spill into continuation blocks. */
    @BeforeAll
    static void writeFiles() {
        String body = """
                with h5py.File(path, 'w', libver=LIBVER) as f:
                    f.create_group('g')
                    d = f.create_dataset('d', data=np.arange(6, dtype='<i2'))
                    f.create_dataset('other', data=[1, 2, 3])
                    for i in range(COUNT):
                        d.attrs['a%02d' % i] = np.arange(i + 1, dtype='<f8')
                    t = f.create_group('tracked', track_order=True)
                    for i in range(3):
                        t.attrs['x%d' % i] = i
                    t.create_group('child')
                    f.create_dataset('commented', data=1)
                    h5py.h5o.set_comment(f.id, b'a comment', obj_name=b'commented')
                """;
        earliest = H5pyFixtures.write(dir, "earliest.h5", body.replace("LIBVER", "'earliest'").replace("COUNT", "40"));
        latest = H5pyFixtures.write(dir, "latest.h5", body.replace("LIBVER", "'latest'").replace("COUNT", "7"));
    }

    private static FileContext open(Path p) {
        return Superblock.read(FileStore.open(p)).context();
    }

    /** One message as h5debug lists it: type, chunk number, data offset in the chunk, size. */
    record Listed(int type, int chunk, long offset, long size) {
    }

    private static List<Listed> h5debugMessages(String debug) {
        Pattern p = Pattern.compile("Message ID \\(sequence number\\):\\s+0x([0-9a-f]+)[\\s\\S]*?Chunk number:\\s+(\\d+)\\s+"
                + "Raw message data \\(offset, size\\) in chunk:\\s+\\((\\d+), (\\d+)\\) bytes");
        Matcher m = p.matcher(debug);
        List<Listed> out = new ArrayList<>();
        while (m.find()) {
            out.add(new Listed(Integer.parseInt(m.group(1), 16), Integer.parseInt(m.group(2)), Long.parseLong(m.group(3)), Long.parseLong(m.group(4))));
        }
        return out;
    }

    private static List<long[]> h5debugChunks(String debug) {
        Matcher m = Pattern.compile("Chunk (\\d+)\\.\\.\\.\\s+Address:\\s+(\\d+)\\s+Size in bytes:\\s+(\\d+)\\s+Gap:\\s+(\\d+)").matcher(debug);
        List<long[]> out = new ArrayList<>();
        while (m.find()) out.add(new long[]{Long.parseLong(m.group(2)), Long.parseLong(m.group(3)), Long.parseLong(m.group(4))});
        return out;
    }

    private static long field(String debug, String name) {
        Matcher m = Pattern.compile(Pattern.quote(name) + ":?\\s+(\\d+)").matcher(debug);
        assertThat(m.find()).as(name).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static List<Listed> ours(ObjectHeader h) {
        List<Listed> out = new ArrayList<>();
        for (HeaderMessage m : h.messages()) {
            for (int c = 0; c < h.chunks().size(); c++) {
                ObjectHeader.Chunk chunk = h.chunks().get(c);
                long abs = h.context().baseAddress() + chunk.address();
                // message data always follows a message prefix, and may be empty at the very end of a chunk
                if (m.address() > abs && m.address() <= abs + chunk.size()) {
                    out.add(new Listed(m.type(), c, m.address() - abs, m.size()));
                }
            }
        }
        return out;
    }

    /** Our chunks and messages are exactly those libhdf5's h5debug reports. */
    private static void assertMatchesH5debug(Path file, ObjectHeader h) {
        String debug = H5pyFixtures.h5debug(file, h.address());
        assertThat(h.version()).isEqualTo((int) field(debug, "Version"));
        long prefix = field(debug, "Header size (in bytes)");
        List<long[]> chunks = h5debugChunks(debug);
        assertThat(h.chunks()).hasSize(chunks.size());
        for (int i = 0; i < chunks.size(); i++) {
            ObjectHeader.Chunk c = h.chunks().get(i);
            assertThat(c.address()).isEqualTo(chunks.get(i)[0]);
            // h5debug counts chunk #0 without the header prefix
            assertThat(c.size() - (i == 0 ? prefix : 0)).isEqualTo(chunks.get(i)[1]);
            assertThat((long) c.gap()).isEqualTo(chunks.get(i)[2]);
        }
        assertThat(ours(h)).containsExactlyInAnyOrderElementsOf(h5debugMessages(debug));
        assertThat(h.referenceCount()).isEqualTo(field(debug, "Number of links"));
    }

    @Test
    void version1HeaderWithContinuationBlocks() {
        FileContext ctx = open(earliest);
        Map<String, Long> addresses = H5pyFixtures.addresses(earliest);
        ObjectHeader d = ObjectHeader.read(ctx, addresses.get("/d"));
        assertThat(d.version()).isEqualTo(1);
        assertThat(d.chunks().size()).isGreaterThanOrEqualTo(2);
        assertMatchesH5debug(earliest, d);
        List<AttributeMessage> attrs = d.findAll(AttributeMessage.class);
        assertThat(attrs).hasSize(40);
        for (int i = 0; i < 40; i++) {
            AttributeMessage a = attrs.get(i);
            assertThat(a.name()).isEqualTo(String.format("a%02d", i));
            assertThat(a.dataspace().dims()).containsExactly(i + 1);
            assertThat(a.datatype()).isInstanceOf(org.h5vds.format.message.FloatingPointType.class);
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(a.data()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            for (int k = 0; k <= i; k++) assertThat(b.getDouble()).isEqualTo(k);
        }
        assertThat(d.declaredMessageCount()).isEqualTo(d.messages().size());
        assertThat(d.require(Dataspace.class).dims()).containsExactly(6);

        ObjectHeader root = ObjectHeader.read(ctx, addresses.get("/"));
        assertMatchesH5debug(earliest, root);
        SymbolTableMessage stab = root.require(SymbolTableMessage.class);
        SymbolTableEntry entry = Superblock.read(FileStore.open(earliest)).rootGroupSymbolTableEntry();
        assertThat(stab.btreeAddress()).isEqualTo(entry.btreeAddress());
        assertThat(stab.localHeapAddress()).isEqualTo(entry.localHeapAddress());

        assertThat(ObjectHeader.read(ctx, addresses.get("/commented")).require(ObjectCommentMessage.class).comment()).isEqualTo("a comment");
    }

    @Test
    void version2HeaderWithContinuationBlock() {
        FileContext ctx = open(latest);
        Map<String, Long> addresses = H5pyFixtures.addresses(latest);
        ObjectHeader d = ObjectHeader.read(ctx, addresses.get("/d"));
        assertThat(d.version()).isEqualTo(2);
        assertThat(d.chunks()).hasSize(2);
        assertMatchesH5debug(latest, d);
        assertThat(d.findAll(AttributeMessage.class)).extracting(AttributeMessage::name)
                .containsExactly("a00", "a01", "a02", "a03", "a04", "a05", "a06");
        assertThat(d.find(AttributeInfoMessage.class).isDense()).isFalse();
        assertThat(d.hasTimes()).isFalse();
        assertThat(d.maxCompactAttributes()).isEqualTo(8);

        ObjectHeader root = ObjectHeader.read(ctx, addresses.get("/"));
        assertMatchesH5debug(latest, root);
        assertThat(root.find(LinkInfoMessage.class).isDense()).isFalse();
        assertThat(root.find(GroupInfoMessage.class)).isEqualTo(GroupInfoMessage.defaults());
        assertThat(root.findAll(LinkMessage.class)).extracting(LinkMessage::name)
                .containsExactlyInAnyOrder("g", "d", "other", "tracked", "commented");
        for (LinkMessage l : root.findAll(LinkMessage.class)) {
            assertThat(l.address()).isEqualTo(addresses.get("/" + l.name()));
        }
    }

    @Test
    void version2HeaderWithTimesAndCreationOrder() {
        FileContext ctx = open(latest);
        Map<String, Long> addresses = H5pyFixtures.addresses(latest);
        ObjectHeader t = ObjectHeader.read(ctx, addresses.get("/tracked"));
        assertMatchesH5debug(latest, t);
        assertThat(t.hasTimes()).isTrue();
        assertThat(t.isAttributeCreationOrderTracked()).isTrue();
        assertThat(t.isAttributeCreationOrderIndexed()).isTrue();
        long now = System.currentTimeMillis() / 1000;
        assertThat(t.birthTime()).isBetween(now - 3600 * 24 * 400, now + 3600 * 24 * 400);
        String debug = H5pyFixtures.h5debug(latest, t.address());
        assertThat(debug).contains("Timestamps:                                        Enabled");
        List<HeaderMessage> attrs = t.messages().stream().filter(m -> m.type() == AttributeMessage.TYPE).toList();
        assertThat(attrs).extracting(HeaderMessage::creationOrder).containsExactly(0, 1, 2);
        AttributeInfoMessage ainfo = t.require(AttributeInfoMessage.class);
        assertThat(ainfo.maximumCreationIndex()).isEqualTo(3);
        LinkInfoMessage linfo = t.require(LinkInfoMessage.class);
        assertThat(linfo.isCreationOrderTracked()).isTrue();
        assertThat(t.require(LinkMessage.class).creationOrder()).isZero();
    }

    /** Decoding and re-encoding every chunk of libhdf5's version 2 headers gives back the same bytes, checksum included. */
    @Test
    void version2ChunksReencodeToTheSameBytes() {
        FileContext ctx = open(latest);
        for (long address : H5pyFixtures.addresses(latest).values()) {
            ObjectHeader h = ObjectHeader.read(ctx, address);
            ObjectHeader.V2Prefix prefix = ObjectHeader.V2Prefix.of(h);
            for (int c = 0; c < h.chunks().size(); c++) {
                ObjectHeader.Chunk chunk = h.chunks().get(c);
                long abs = ctx.baseAddress() + chunk.address();
                List<HeaderMessage> in = h.messages().stream().filter(m -> m.address() > abs && m.address() <= abs + chunk.size()).toList();
                byte[] expected = h.chunkBytes(c);
                byte[] encoded;
                if (c == 0) {
                    int prefixSize = 6 + (h.hasTimes() ? 16 : 0) + ((h.flags() & ObjectHeader.FLAG_ATTRIBUTE_PHASE_CHANGE_STORED) != 0 ? 4 : 0)
                            + (1 << (h.flags() & 3));
                    encoded = ObjectHeader.encodeV2(prefix, in, chunk.size() - prefixSize - 4);
                } else {
                    encoded = ObjectHeader.encodeV2Continuation(prefix, in, (int) chunk.size() - 8);
                }
                assertThat(encoded).as("chunk %d of the header at %d", c, address).isEqualTo(expected);
            }
        }
    }

    @Test
    void encoderOutputReadsBackWithAContinuation() {
        int o = 8;
        List<Message> second = List.of(new ObjectCommentMessage("in the continuation block"),
                AttributeMessage.of("x", 0, FixedPointType.of(4, true, Datatype.ByteOrder.LITTLE_ENDIAN), Dataspace.scalar(), new byte[]{7, 0, 0, 0}));
        ObjectHeader.V2Prefix prefix = ObjectHeader.V2Prefix.plain();
        List<HeaderMessage> block = ObjectHeader.encodeAll(second, o, o);
        int blockData = ObjectHeader.messagesSize(prefix, block) + 3;
        byte[] cont = ObjectHeader.encodeV2Continuation(prefix, block, blockData);
        long contAddress = 200;
        List<HeaderMessage> first = ObjectHeader.encodeAll(List.of(GroupInfoMessage.defaults(), LinkInfoMessage.compact(),
                new ContinuationMessage(contAddress, cont.length)), o, o);
        byte[] chunk0 = ObjectHeader.encodeV2(prefix, first, ObjectHeader.messagesSize(prefix, first) + 20);
        byte[] file = new byte[(int) contAddress + cont.length];
        System.arraycopy(chunk0, 0, file, 0, chunk0.length);
        System.arraycopy(cont, 0, file, (int) contAddress, cont.length);

        ObjectHeader h = ObjectHeader.read(new FileContext(new MemoryStore(file), o, o, 0), 0);
        assertThat(h.chunks()).hasSize(2);
        assertThat(h.chunks().get(1).gap()).isEqualTo(3);
        assertThat(h.find(NilMessage.class).size()).isEqualTo(16);
        assertThat(h.find(ObjectCommentMessage.class).comment()).isEqualTo("in the continuation block");
        assertThat(h.find(AttributeMessage.class).data()).containsExactly(7, 0, 0, 0);
        assertThat(h.find(GroupInfoMessage.class)).isEqualTo(GroupInfoMessage.defaults());
        assertThat(h.chunkBytes(0)).isEqualTo(chunk0);
    }

    /** libhdf5 files with 2- and 4-byte addresses and lengths (H5Pset_sizes) read as libhdf5 reads them. */
    @Test
    void otherSizesOfOffsetsAndLengths() {
        for (int[] sizes : new int[][]{{4, 4}, {2, 2}, {8, 4}, {4, 8}}) {
            for (String libver : List.of("earliest", "latest")) {
                Path p = H5pyFixtures.write(dir, "sizes" + sizes[0] + sizes[1] + libver + ".h5", String.format("""
                        import ctypes
                        lib = ctypes.CDLL('libhdf5_serial.so.103')
                        fcpl = h5py.h5p.create(h5py.h5p.FILE_CREATE)
                        assert lib.H5Pset_sizes(ctypes.c_int64(fcpl.id), ctypes.c_size_t(%d), ctypes.c_size_t(%d)) >= 0
                        fapl = h5py.h5p.create(h5py.h5p.FILE_ACCESS)
                        if '%s' == 'latest':
                            fapl.set_libver_bounds(h5py.h5f.LIBVER_LATEST, h5py.h5f.LIBVER_LATEST)
                        fid = h5py.h5f.create(path.encode(), h5py.h5f.ACC_TRUNC, fcpl=fcpl, fapl=fapl)
                        with h5py.File(fid) as f:
                            f.create_dataset('d', data=np.arange(10, dtype='<i4'), chunks=(2,), maxshape=(MAX,))
                            f['c'] = np.arange(3.0)
                            f['d'].attrs['a'] = 1
                        """, sizes[0], sizes[1], libver).replace("MAX", sizes[1] < 8 ? "20" : "None"));
                Superblock sb = Superblock.read(FileStore.open(p));
                assertThat(sb.offsetSize()).isEqualTo(sizes[0]);
                assertThat(sb.lengthSize()).isEqualTo(sizes[1]);
                try {
                    byte[] onDisk = java.util.Arrays.copyOf(Files.readAllBytes(p), Superblock.encodedSize(sb.version(), sizes[0], sizes[1]));
                    assertThat(sb.encode()).isEqualTo(onDisk);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                FileContext ctx = sb.context();
                Map<String, Long> addresses = H5pyFixtures.addresses(p);
                assertThat(sb.rootGroupObjectHeaderAddress()).isEqualTo(addresses.get("/"));
                for (long address : addresses.values()) {
                    ObjectHeader h = ObjectHeader.read(ctx, address);
                    assertMatchesH5debug(p, h);
                    for (HeaderMessage m : h.messages()) {
                        if (m.type() == NilMessage.TYPE) continue;
                        byte[] encoded = m.message().toBytes(sizes[0], sizes[1]);
                        assertThat(java.util.Arrays.copyOf(m.bytes(), encoded.length)).as("%s in %s", m, p.getFileName()).isEqualTo(encoded);
                    }
                }
                ObjectHeader d = ObjectHeader.read(ctx, addresses.get("/d"));
                org.h5vds.format.message.DataLayoutMessage layout = d.require(org.h5vds.format.message.DataLayoutMessage.class);
                assertThat(layout.chunkDimensions()).containsExactly(2);
                // libhdf5 1.10 cannot reopen its own unlimited dimensions ("didn't find unlimited dimension") when lengths
                // have fewer than 8 bytes, so those files use a fixed maximum
                assertThat(d.require(Dataspace.class).maxDims()).containsExactly(sizes[1] < 8 ? 20 : Dataspace.UNLIMITED);
                assertThat(d.require(AttributeMessage.class).data()).hasSize(8);
                if (libver.equals("earliest")) {
                    assertThat(sb.rootGroupSymbolTableEntry().btreeAddress())
                            .isEqualTo(ObjectHeader.read(ctx, addresses.get("/")).require(SymbolTableMessage.class).btreeAddress());
                }
            }
        }
    }

    @Test
    void superblockExtensionIsAnObjectHeader() {
        Path p = H5pyFixtures.write(dir, "ext.h5", """
                import ctypes
                lib = ctypes.CDLL('libhdf5_serial.so.103')
                fcpl = h5py.h5p.create(h5py.h5p.FILE_CREATE)
                assert lib.H5Pset_sym_k(ctypes.c_int64(fcpl.id), ctypes.c_uint(20), ctypes.c_uint(10)) >= 0
                assert lib.H5Pset_istore_k(ctypes.c_int64(fcpl.id), ctypes.c_uint(50)) >= 0
                assert lib.H5Pset_file_space_strategy(ctypes.c_int64(fcpl.id), ctypes.c_int(0), ctypes.c_uint(1), ctypes.c_uint64(1)) >= 0
                fapl = h5py.h5p.create(h5py.h5p.FILE_ACCESS)
                fapl.set_libver_bounds(h5py.h5f.LIBVER_LATEST, h5py.h5f.LIBVER_LATEST)
                fid = h5py.h5f.create(path.encode(), h5py.h5f.ACC_TRUNC, fcpl=fcpl, fapl=fapl)
                with h5py.File(fid) as f:
                    f['d'] = np.arange(3)
                """);
        Superblock sb = Superblock.read(FileStore.open(p));
        assertThat(sb.superblockExtensionAddress()).isNotEqualTo(Cursor.UNDEFINED);
        // (h5debug cannot load a superblock extension: "ring type mismatch"; the values speak for themselves)
        ObjectHeader ext = ObjectHeader.read(sb.context(), sb.superblockExtensionAddress());
        BTreeKValuesMessage k = ext.require(BTreeKValuesMessage.class);
        assertThat(k.indexedStorageInternalNodeK()).isEqualTo(50);
        assertThat(k.groupInternalNodeK()).isEqualTo(20);
        assertThat(k.groupLeafNodeK()).isEqualTo(10);
        FileSpaceInfoMessage fs = ext.require(FileSpaceInfoMessage.class);
        assertThat(fs.version()).isEqualTo(1);
        assertThat(fs.persist()).isTrue();
        assertThat(fs.threshold()).isEqualTo(1);
        assertThat(fs.managerAddresses()).hasSize(12);
    }

    @Test
    void messagesSharedInTheSohmHeapFailClearly() {
        // every shareable message type indexed: libhdf5 then moves the attribute into the SOHM heap
        Path p = H5pyFixtures.write(dir, "sohm.h5", """
                import ctypes
                lib = ctypes.CDLL('libhdf5_serial.so.103')
                fcpl = h5py.h5p.create(h5py.h5p.FILE_CREATE)
                assert lib.H5Pset_shared_mesg_nindexes(ctypes.c_int64(fcpl.id), ctypes.c_uint(1)) >= 0
                all_types = 2 | 8 | 32 | 2048 | 4096
                assert lib.H5Pset_shared_mesg_index(ctypes.c_int64(fcpl.id), ctypes.c_uint(0), ctypes.c_uint(all_types), ctypes.c_uint(1)) >= 0
                fid = h5py.h5f.create(path.encode(), h5py.h5f.ACC_TRUNC, fcpl=fcpl)
                with h5py.File(fid) as f:
                    f['a'] = np.arange(3, dtype='<i8')
                    f['a'].attrs['x'] = 5
                """);
        FileContext ctx = open(p);
        long a = H5pyFixtures.addresses(p).get("/a");
        ObjectHeader h = ObjectHeader.read(ctx, a);
        assertMatchesH5debug(p, h);
        HeaderMessage attr = h.messages().stream().filter(m -> m.type() == AttributeMessage.TYPE).findFirst().orElseThrow();
        assertThat(attr.isShared()).isTrue();
        org.h5vds.format.message.SharedMessage ref = (org.h5vds.format.message.SharedMessage) attr.message();
        assertThat(ref.version()).isEqualTo(3);
        assertThat(ref.location()).isEqualTo(org.h5vds.format.message.SharedMessage.Location.SOHM_HEAP);
        assertThat(ref.heapId()).hasSize(8);
        assertThatThrownBy(() -> h.find(AttributeMessage.class)).isInstanceOf(H5FormatException.class)
                .hasMessageContaining("shared object header message heap").hasMessageContaining("heap ID")
                .satisfies(e -> assertThat(((H5FormatException) e).offset()).isEqualTo(attr.address()));
        assertThat(h.find(Dataspace.class).dims()).containsExactly(3);
        // a pluggable resolver (the lead's fractal heap reader) takes over heap references
        ObjectHeader withResolver = ObjectHeader.read(ctx, a, s -> AttributeMessage.of("resolved", 0,
                FixedPointType.of(8, true, Datatype.ByteOrder.LITTLE_ENDIAN), Dataspace.scalar(), new byte[8]));
        assertThat(withResolver.require(AttributeMessage.class).name()).isEqualTo("resolved");
        ObjectHeader wrongType = ObjectHeader.read(ctx, a, s -> new ObjectCommentMessage("not an attribute"));
        assertThatThrownBy(() -> wrongType.find(AttributeMessage.class)).isInstanceOf(H5FormatException.class)
                .hasMessageContaining("shared message of type 0xc resolved to a message of type 0xd");
    }

    @Test
    void concurrentReadersShareOneHeader() throws Exception {
        FileContext ctx = open(earliest);
        ObjectHeader d = ObjectHeader.read(ctx, H5pyFixtures.addresses(earliest).get("/d"));
        List<AttributeMessage> expected = ObjectHeader.read(ctx, d.address()).findAll(AttributeMessage.class);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<List<AttributeMessage>>> results = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                boolean shared = i % 2 == 0;
                results.add(pool.submit(() -> shared ? d.findAll(AttributeMessage.class)
                        : ObjectHeader.read(ctx, d.address()).findAll(AttributeMessage.class)));
            }
            for (java.util.concurrent.Future<List<AttributeMessage>> r : results) assertThat(r.get()).isEqualTo(expected);
        } finally {
            pool.shutdown();
        }
    }

    // ---- corrupt input ------------------------------------------------------------------------

    private static H5FormatException readFailure(byte[] bytes, long address) {
        FileContext ctx = new FileContext(new MemoryStore(bytes), 8, 8, 0);
        try {
            ObjectHeader.read(ctx, address).messages().forEach(HeaderMessage::resolved);
        } catch (H5FormatException e) {
            return e;
        }
        throw new AssertionError("no error");
    }

    @Test
    void truncatedHeader() throws IOException {
        byte[] full = Files.readAllBytes(latest);
        long d = H5pyFixtures.addresses(latest).get("/d");
        H5FormatException e = readFailure(java.util.Arrays.copyOf(full, (int) d + 30), d);
        assertThat(e.getMessage()).contains("runs past the end of the file");
        byte[] v1 = Files.readAllBytes(earliest);
        long d1 = H5pyFixtures.addresses(earliest).get("/d");
        assertThat(readFailure(java.util.Arrays.copyOf(v1, (int) d1 + 20), d1).getMessage()).contains("runs past the end of the file");
    }

    @Test
    void badChecksum() throws IOException {
        byte[] b = Files.readAllBytes(latest);
        long d = H5pyFixtures.addresses(latest).get("/d");
        b[(int) d + 20] ^= 0x40;
        H5FormatException e = readFailure(b, d);
        assertThat(e.getMessage()).contains("object header chunk #0: checksum mismatch");
        assertThat(e.offset()).isBetween(d, d + 1000);
    }

    @Test
    void badSignatures() throws IOException {
        byte[] b = Files.readAllBytes(latest);
        long d = H5pyFixtures.addresses(latest).get("/d");
        b[(int) d + 1] = 'X';
        assertThat(readFailure(b, d).getMessage()).contains("expected signature \"OHDR\", found \"OXDR\"");
        H5FormatException e = readFailure(Files.readAllBytes(latest), 3);
        assertThat(e.getMessage()).contains("expected version 1 or the signature \"OHDR\"");
        assertThat(e.offset()).isEqualTo(3);

        FileContext ctx = open(latest);
        ObjectHeader h = ObjectHeader.read(ctx, d);
        long cont = h.chunks().get(1).address();
        byte[] c = Files.readAllBytes(latest);
        c[(int) cont] = 'X';
        e = readFailure(c, d);
        assertThat(e.getMessage()).contains("expected signature \"OCHK\"");
        assertThat(e.offset()).isEqualTo(cont);
    }

    /** A version 2 chunk #0 (at address 0) with these messages and a correct checksum. */
    private static byte[] chunk(List<HeaderMessage> messages, int extra) {
        ObjectHeader.V2Prefix prefix = ObjectHeader.V2Prefix.plain();
        return ObjectHeader.encodeV2(prefix, messages, ObjectHeader.messagesSize(prefix, messages) + extra);
    }

    private static void fixChecksum(byte[] chunk) {
        int n = Checksum.lookup3(java.nio.ByteBuffer.wrap(chunk), 0, chunk.length - 4);
        java.nio.ByteBuffer.wrap(chunk).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(chunk.length - 4, n);
    }

    @Test
    void continuationLoops() {
        // version 2: a continuation pointing back into chunk #0
        byte[] probe = chunk(ObjectHeader.encodeAll(List.of(new ContinuationMessage(0, 40)), 8, 8), 0);
        byte[] file = java.util.Arrays.copyOf(probe, 200);
        H5FormatException e = readFailure(file, 0);
        assertThat(e.getMessage()).contains("continuation block at address 0 overlaps the block at address 0");
        // the continuation message's data follows the 7-byte prefix and its 4-byte message prefix
        assertThat(e.offset()).isEqualTo(11);

        // version 2: two continuation blocks pointing at each other
        ObjectHeader.V2Prefix prefix = ObjectHeader.V2Prefix.plain();
        List<HeaderMessage> toB = ObjectHeader.encodeAll(List.of(new ContinuationMessage(200, 28)), 8, 8);
        List<HeaderMessage> toA = ObjectHeader.encodeAll(List.of(new ContinuationMessage(100, 28)), 8, 8);
        byte[] a = ObjectHeader.encodeV2Continuation(prefix, toB, 20);
        byte[] bBlock = ObjectHeader.encodeV2Continuation(prefix, toA, 20);
        byte[] c0 = chunk(toA, 0);
        byte[] f2 = new byte[300];
        System.arraycopy(c0, 0, f2, 0, c0.length);
        System.arraycopy(a, 0, f2, 100, a.length);
        System.arraycopy(bBlock, 0, f2, 200, bBlock.length);
        e = readFailure(f2, 0);
        assertThat(e.getMessage()).contains("a continuation block at address 100 overlaps the block at address 100");
        assertThat(e.offset()).isEqualTo(208);

        // version 1: the first chunk continues into itself
        byte[] v1 = new byte[64];
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(v1).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        bb.put((byte) 1).put((byte) 0).putShort((short) 1).putInt(1).putInt(24).putInt(0);
        bb.putShort((short) ContinuationMessage.TYPE).putShort((short) 16).put((byte) 0).put(new byte[3]);
        bb.putLong(16).putLong(24);
        e = readFailure(v1, 0);
        assertThat(e.getMessage()).contains("overlaps");
        assertThat(e.offset()).isEqualTo(24);
    }

    @Test
    void continuationOutsideTheFile() {
        byte[] c = chunk(ObjectHeader.encodeAll(List.of(new ContinuationMessage(1000, 40)), 8, 8), 0);
        H5FormatException e = readFailure(java.util.Arrays.copyOf(c, 100), 0);
        assertThat(e.getMessage()).contains("continuation message: block of 40 bytes at address 1000 runs past the end of the file (100 bytes)");
        assertThat(e.offset()).isEqualTo(11);
    }

    @Test
    void messageLargerThanItsChunk() {
        byte[] c = chunk(ObjectHeader.encodeAll(List.of(new ObjectCommentMessage("hello")), 8, 8), 0);
        // the message size field follows the type byte after the 7-byte prefix
        c[8] = 100;
        fixChecksum(c);
        H5FormatException e = readFailure(c, 0);
        assertThat(e.getMessage()).contains("object header message type 0xd of 100 bytes exceeds its chunk");
        assertThat(e.offset()).isEqualTo(7);
    }

    @Test
    void absurdChunkSize() {
        // an 8-byte chunk #0 size field (flags bits 0-1 = 3) over bytes 6..13
        byte[] c = chunk(List.of(), 10);
        c[5] = 3;
        java.nio.ByteBuffer.wrap(c).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(6, 1L << 40);
        byte[] file = java.util.Arrays.copyOf(c, 100);
        H5FormatException e = readFailure(file, 0);
        assertThat(e.getMessage()).contains("larger than any object header block");
        assertThat(e.offset()).isEqualTo(6);

        // a plausible size that still runs past the end of the file
        java.nio.ByteBuffer.wrap(c).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(6, 5000);
        e = readFailure(java.util.Arrays.copyOf(c, 100), 0);
        assertThat(e.getMessage()).contains("runs past the end of the file (100 bytes)");
    }

    @Test
    void absurdDataspaceRankAndDims() {
        byte[] space = new byte[4 + 33 * 8];
        space[0] = 2;
        space[1] = 33;
        space[3] = 1;
        byte[] c = chunk(List.of(HeaderMessage.of(new UnknownMessage(Dataspace.TYPE, space), 8, 8)), 0);
        ObjectHeader h = ObjectHeader.read(new FileContext(new MemoryStore(c), 8, 8, 0), 0);
        long rankAt = h.messages().get(0).address() + 1;
        assertThatThrownBy(() -> h.find(Dataspace.class)).isInstanceOf(H5FormatException.class)
                .hasMessageContaining("rank 33 exceeds the maximum of 32")
                .satisfies(e -> assertThat(((H5FormatException) e).offset()).isEqualTo(rankAt));

        byte[] huge = new byte[4 + 2 * 8];
        huge[0] = 2;
        huge[1] = 2;
        huge[3] = 1;
        java.nio.ByteBuffer.wrap(huge).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(4, 1L << 40).putLong(12, 1L << 40);
        byte[] c2 = chunk(List.of(HeaderMessage.of(new UnknownMessage(Dataspace.TYPE, huge), 8, 8)), 0);
        ObjectHeader h2 = ObjectHeader.read(new FileContext(new MemoryStore(c2), 8, 8, 0), 0);
        assertThatThrownBy(() -> h2.find(Dataspace.class)).isInstanceOf(H5FormatException.class)
                .hasMessageContaining("more than 2^63 elements");
    }

    @Test
    void unknownMessagesAreKeptUnlessFlaggedFailIfUnknown() {
        byte[] c = chunk(List.of(HeaderMessage.of(new UnknownMessage(0x42, new byte[]{1, 2, 3}), Messages.FLAG_FAIL_IF_UNKNOWN_AND_WRITING, 0, 8, 8)), 0);
        ObjectHeader h = ObjectHeader.read(new FileContext(new MemoryStore(c), 8, 8, 0), 0);
        assertThat(h.messages().get(0).message()).isEqualTo(new UnknownMessage(0x42, new byte[]{1, 2, 3}));
        assertThat(h.messages().get(0).forbidsWritingIfUnknown()).isTrue();

        byte[] fail = chunk(List.of(HeaderMessage.of(new UnknownMessage(0x42, new byte[]{1, 2, 3}), Messages.FLAG_FAIL_IF_UNKNOWN_ALWAYS, 0, 8, 8)), 0);
        H5FormatException e = readFailure(fail, 0);
        assertThat(e.getMessage()).contains("type 0x42 is unknown to this reader and flagged \"fail if unknown\"");
        assertThat(e.offset()).isEqualTo(7);
    }

    @Test
    void sharedFlagOnAnUnshareableMessage() {
        byte[] c = chunk(List.of(HeaderMessage.of(new ObjectCommentMessage("x"), Messages.FLAG_SHARED, 0, 8, 8)), 0);
        assertThat(readFailure(c, 0).getMessage()).contains("cannot be shared");
    }
}
