package org.h5vds.node;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.h5vds.format.Checksum;
import org.h5vds.format.EncodedBlock;
import org.h5vds.format.FileContext;
import org.h5vds.format.FreeSpaceManagerHeader;
import org.h5vds.format.HeaderMessage;
import org.h5vds.format.ObjectHeader;
import org.h5vds.format.Superblock;
import org.h5vds.format.message.FileSpaceInfoMessage;
import org.h5vds.io.Cursor;
import org.h5vds.io.FileSpace;
import org.h5vds.io.H5FormatException;
import org.h5vds.io.WritableStore;

/**
 * An existing file's libhdf5 file-space strategy (File Space Info message, spec IV.A.2.x, in the
 * superblock extension), as far as a session changing the file has to honour it.
 *
 * <p><b>Persistent free space</b> (H5Pset_file_space_strategy with persist): the message names up
 * to twelve free-space managers holding the space free when libhdf5 last closed the file, and
 * "EOA before the managers were allocated". libhdf5 1.10.x, opening such a file for writing,
 * shrinks its end of allocation to that value at its first allocation, taking everything past it
 * for the managers' own blocks (H5MF_tidy_self_referential_fsm_hack); a file that grew past it
 * without the field changing fails there with "addr overflow". So, when the session starts, it
 * writes the message with no managers and the file's end as the EOA before them (the state libhdf5
 * itself leaves when nothing is free at close: H5MF__close_delete_fstype drops an empty manager),
 * and once that is durable takes the managers' sections and their own blocks as free space of its
 * own; every commit that moves the end of the file moves that field with it, before anything
 * points past the old end.
 *
 * <p>When the session closes cleanly, the space still free goes back into managers laid out as
 * libhdf5 1.10 leaves them at close ({@link #managers}), so that libhdf5 reuses it. Only then:
 * during the session the file carries no managers, so a crash leaves a file whose managers can
 * never list space a later commit used (writing them at every commit would mean dropping them
 * again, durably, before the next commit reuses their space — two more synced writes per
 * commit for space a crash merely forgets).
 *
 * <p><b>Paged aggregation</b> (strategy PAGE): libhdf5 allocates in pages, a block smaller than a
 * page never crossing a page boundary and a larger one starting on one (its page buffer reads
 * metadata a page at a time), and pads the file to whole pages at close. The session allocates by
 * the same rules ({@link FileSpace#pages}) and pads the file too.
 */
final class FileSpaceStrategy {
    /*
     * Manager slots of the File Space Info message: libhdf5's H5F_mem_page_t minus one. With
     * libhdf5's default (sec2) driver every kind of metadata maps to the superblock's manager and
     * raw data and global heaps to the raw data one (its free-list map H5FD_FLMAP_DICHOTOMY); a
     * paged file keeps pieces smaller than a page in those two and every block of a page or more
     * in the "generic" large manager (H5MF__alloc_to_fs_type). The managers of metadata and of
     * large blocks hold their own blocks' space ("self-referential", H5MF_settle_meta_data_fsm):
     * libhdf5 writes them last, past the EOA it records, and 1.10 drops them there on its first
     * allocation; the raw data manager's blocks are ordinary metadata below that EOA.
     */
    private static final int SLOT_METADATA = 0;
    private static final int SLOT_RAW_DATA = 2;
    private static final int SLOT_LARGE = 6;

    private final FileContext context;
    private final ObjectHeader extension;
    private final HeaderMessage message;
    private final FileSpaceInfoMessage info;
    /** The managers' sections and blocks, taken over once the message without them is durable. */
    private final List<long[]> managed;
    private long recordedEnd;
    private boolean managersDropped;

    private FileSpaceStrategy(FileContext context, ObjectHeader extension, HeaderMessage message, FileSpaceInfoMessage info,
                              List<long[]> managed) {
        this.context = context;
        this.extension = extension;
        this.message = message;
        this.info = info;
        this.managed = managed;
        this.recordedEnd = info.eoaBeforeFreeSpaceManagers();
    }

    /** The file's strategy when it is one a session has to honour (persistent or paged), else null. */
    static FileSpaceStrategy read(Path path, Superblock sb, long end) {
        if (sb.version() < 2 || sb.superblockExtensionAddress() == Cursor.UNDEFINED) return null;
        FileContext ctx = sb.context();
        ObjectHeader ext = ObjectHeader.read(ctx, sb.superblockExtensionAddress());
        FileSpaceInfoMessage info = ext.find(FileSpaceInfoMessage.class);
        if (info == null || !(info.persist() || isPaged(info))) return null;
        HeaderMessage m = null;
        for (HeaderMessage h : ext.messages()) if (h.type() == FileSpaceInfoMessage.TYPE) m = h;
        if (m.isShared()) throw new H5FormatException(ctx.fileName(), m.address(), "shared File Space Info message");
        List<long[]> managed = new ArrayList<>();
        if (info.persist()) {
            long[] headers = info.managerAddresses();
            for (int slot = 0; slot < headers.length; slot++) {
                long header = headers[slot];
                if (header == Cursor.UNDEFINED) continue;
                FreeSpaceManagerHeader h = FreeSpaceManagerHeader.read(ctx, header);
                long raw = slot == SLOT_RAW_DATA ? 1 : 0;
                for (FreeSpaceManagerHeader.Section s : h.sections(ctx, header)) managed.add(new long[] {s.address(), s.size(), raw});
                h.forEachBlock(header, ctx.offsetSize(), ctx.lengthSize(), (address, size) -> managed.add(new long[] {address, size, 0}));
            }
            checkDisjoint(ctx, managed, end);
        }
        return new FileSpaceStrategy(ctx, ext, m, info, managed);
    }

    private static boolean isPaged(FileSpaceInfoMessage info) {
        return info.version() >= 1 && info.strategy() == 1;
    }

    /** Free space read off disk must lie inside the file and not overlap, or reusing it would overwrite data. */
    private static void checkDisjoint(FileContext ctx, List<long[]> blocks, long end) {
        TreeMap<Long, Long> byStart = new TreeMap<>();
        for (long[] b : blocks) {
            if (b[0] < 0 || b[1] <= 0 || b[0] + b[1] > end || byStart.put(b[0], b[1]) != null) {
                throw new H5FormatException(ctx.fileName(), ctx.baseAddress() + b[0], "free-space manager: free block [" + b[0] + ", "
                        + (b[0] + b[1]) + ") outside the file's allocated space (end " + end + ") or listed twice");
            }
        }
        long prevEnd = 0;
        for (var e : byStart.entrySet()) {
            if (e.getKey() < prevEnd) {
                throw new H5FormatException(ctx.fileName(), ctx.baseAddress() + e.getKey(), "free-space manager: free block at "
                        + e.getKey() + " overlaps the one before it");
            }
            prevEnd = e.getKey() + e.getValue();
        }
    }

    /** The page size when the file allocates in pages, else 0. */
    long pageSize() {
        return isPaged(info) ? info.pageSize() : 0;
    }

    /**
     * Whether free space can be recorded at close: version 1 messages only. A version 0 message
     * (libhdf5 1.10.0's "all persist" strategy) has no "EOA before the managers"; libhdf5 1.10.1
     * and later read it as that EOA being the file's end (H5O__fsinfo_decode), so managers past
     * their own EOA would never be dropped, and how 1.10.0 itself lays them out cannot be checked
     * here (no oracle writes version 0). So a version 0 file keeps its message's version and ends
     * each session with no managers (its free space forgotten), which every libhdf5 since 1.10.0
     * reads as "persist, nothing free".
     */
    private boolean recordsAtClose() {
        return info.version() >= 1;
    }

    /** Bytes of free space the managers hold (their own blocks included). */
    long managedBytes() {
        long n = 0;
        for (long[] b : managed) n += b[1];
        return n;
    }

    /** Hands the managers' space to {@code space}, once {@link #record} dropped them durably. */
    void releaseInto(FileSpace space) {
        for (long[] b : managed) {
            if (b[2] == 1) space.releaseRaw(b[0], b[1]);
            else space.release(b[0], b[1]);
        }
        managed.clear();
    }

    /**
     * Writes the File Space Info message without managers and with {@code end} as the EOA before
     * them, when the file records free space persistently and the message says otherwise. Written in
     * place (the message keeps its size), the header chunk's checksum renewed.
     */
    void record(WritableStore store, long end) {
        // (a version 0 message has no EOA field: once its managers are dropped it stays as it is)
        if (!info.persist() || ((recordedEnd == end || info.version() == 0) && !managersRecorded())) return;
        long[] none = new long[info.managerAddresses().length];
        java.util.Arrays.fill(none, Cursor.UNDEFINED);
        write(store, end, none);
        recordedEnd = end;
        managersDropped = true;
    }

    /** Writes the message in place (it keeps its size) with {@code eoaBefore} and {@code addresses}, the header chunk's checksum renewed. */
    private void write(WritableStore store, long eoaBefore, long[] addresses) {
        FileSpaceInfoMessage updated = new FileSpaceInfoMessage(info.version(), info.strategy(), true, info.threshold(), info.pageSize(),
                info.pageEndMetadataThreshold(), eoaBefore, addresses);
        Cursor out = Cursor.forWriting(message.size(), context.offsetSize(), context.lengthSize());
        updated.encode(out);
        byte[] body = out.written();
        if (body.length != message.size()) throw new IllegalStateException("File Space Info message changes size: " + message.size() + " to " + body.length);
        int chunk = extension.chunkOf(message);
        ObjectHeader.Chunk c = extension.chunks().get(chunk);
        byte[] bytes = extension.chunkBytes(chunk);
        System.arraycopy(body, 0, bytes, (int) (message.address() - context.baseAddress() - c.address()), body.length);
        if (extension.version() == 2) {
            int sum = Checksum.lookup3(bytes, 0, bytes.length - 4);
            ByteBuffer.wrap(bytes, bytes.length - 4, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(sum);
        }
        store.write(context.baseAddress() + c.address(), ByteBuffer.wrap(bytes));
    }

    /**
     * The managers to write at close, holding the free blocks of {@code space} below {@code end}
     * (the end of what the file uses, after trimming): null when the file does not keep free
     * space, nothing is free, or the file's offsets or lengths are not 8 bytes (the only width
     * libhdf5's default driver gives these managers a meaning for). Sections smaller than the
     * file's threshold are left out, as libhdf5 does (H5MF_xfree). Laid out as libhdf5 1.10.8
     * does at close: the raw data manager's header and section list in free metadata space (or
     * else at {@code end}), then "EOA before the managers" (on a page boundary in a paged file),
     * then the metadata manager's and the large one's, each header followed by its list; a paged
     * file's blocks follow its page rules and it ends on a page.
     */
    Managers managers(FileSpace space, long end) {
        if (!info.persist() || !recordsAtClose() || context.offsetSize() != 8 || context.lengthSize() != 8) return null;
        long page = pageSize();
        List<List<FreeSpaceManagerHeader.Section>> slots = new ArrayList<>();
        for (int i = 0; i < info.managerAddresses().length; i++) slots.add(new ArrayList<>());
        java.util.NavigableMap<Long, Long> raw = space.rawFreeBlocks();
        for (var e : space.freeBlocks().entrySet()) {
            long from = e.getKey();
            long to = Math.min(from + e.getValue(), end);
            if (to <= from) continue;
            if (page <= 0) {
                split(raw, from, to, FreeSpaceManagerHeader.CLASS_SIMPLE, slots);
                continue;
            }
            // whole pages are large sections; the pieces of pages at either side small ones
            long firstPage = FileSpace.pageEnd(from, page);
            long lastPage = Math.floorDiv(to, page) * page;
            if (firstPage >= lastPage) {
                split(raw, from, to, FreeSpaceManagerHeader.CLASS_SMALL, slots);
                continue;
            }
            split(raw, from, firstPage, FreeSpaceManagerHeader.CLASS_SMALL, slots);
            add(slots.get(SLOT_LARGE), firstPage, lastPage, FreeSpaceManagerHeader.CLASS_LARGE);
            split(raw, lastPage, to, FreeSpaceManagerHeader.CLASS_SMALL, slots);
        }
        int headerSize = FreeSpaceManagerHeader.size(context.offsetSize(), context.lengthSize());
        long[] addresses = new long[info.managerAddresses().length];
        java.util.Arrays.fill(addresses, Cursor.UNDEFINED);
        List<EncodedBlock> blocks = new ArrayList<>();
        long at = end;
        if (!inFreeSpace(slots, headerSize, addresses, blocks)) {
            at = place(slots.get(SLOT_RAW_DATA), SLOT_RAW_DATA, at, false, headerSize, addresses, blocks);
        }
        long eoaBefore = FileSpace.pageEnd(at, page);
        at = place(slots.get(SLOT_METADATA), SLOT_METADATA, eoaBefore, true, headerSize, addresses, blocks);
        at = place(slots.get(SLOT_LARGE), SLOT_LARGE, at, true, headerSize, addresses, blocks);
        if (blocks.isEmpty()) return null;
        long newEnd = FileSpace.pageEnd(at, page);
        return new Managers(eoaBefore, newEnd, addresses, blocks);
    }

    /** Managers to write: the EOA before the self-referential ones, the file's end after them, the message's addresses, the blocks. */
    record Managers(long eoaBefore, long end, long[] addresses, List<EncodedBlock> blocks) {
    }

    /** Files [from, to) as sections of {@code type}: the parts that held raw data in the raw data manager, the rest in the metadata one. */
    private void split(java.util.NavigableMap<Long, Long> raw, long from, long to, int type, List<List<FreeSpaceManagerHeader.Section>> slots) {
        long at = from;
        Map.Entry<Long, Long> r = raw.floorEntry(from);
        if (r == null || r.getKey() + r.getValue() <= from) r = raw.higherEntry(from);
        while (at < to) {
            if (r == null || r.getKey() >= to) {
                add(slots.get(SLOT_METADATA), at, to, type);
                return;
            }
            long rawFrom = Math.max(r.getKey(), at);
            long rawTo = Math.min(r.getKey() + r.getValue(), to);
            add(slots.get(SLOT_METADATA), at, rawFrom, type);
            add(slots.get(SLOT_RAW_DATA), rawFrom, rawTo, type);
            at = rawTo;
            r = raw.higherEntry(r.getKey());
        }
    }

    private void add(List<FreeSpaceManagerHeader.Section> slot, long from, long to, int type) {
        if (to - from >= Math.max(1, info.threshold())) slot.add(new FreeSpaceManagerHeader.Section(from, to - from, type));
    }

    /**
     * Puts the raw data manager's header and list, back to back, at the start of the smallest
     * metadata section that holds them (the section keeps the rest), as libhdf5 allocates them
     * (ordinary metadata, from its free space); false when none does (they go to the end).
     * Taking from a metadata section leaves the raw data manager's sections as they are.
     */
    private boolean inFreeSpace(List<List<FreeSpaceManagerHeader.Section>> slots, int headerSize, long[] addresses, List<EncodedBlock> blocks) {
        List<FreeSpaceManagerHeader.Section> raw = slots.get(SLOT_RAW_DATA);
        if (raw.isEmpty()) return true;
        long need = headerSize + FreeSpaceManagerHeader.forFile(raw, 0, context.offsetSize()).sectionListUsedSize();
        List<FreeSpaceManagerHeader.Section> metadata = slots.get(SLOT_METADATA);
        FreeSpaceManagerHeader.Section best = null;
        for (FreeSpaceManagerHeader.Section s : metadata) {
            // (a metadata section of a paged file lies inside one page: the blocks do too)
            if (s.size() >= need && (best == null || s.size() < best.size())) best = s;
        }
        if (best == null) return false;
        metadata.remove(best);
        add(metadata, best.address() + need, best.address() + best.size(), best.type());
        encode(raw, SLOT_RAW_DATA, best.address(), best.address() + headerSize, addresses, blocks);
        return true;
    }

    /**
     * Places a manager holding {@code sections} (if any) at or after {@code at}: header, then list;
     * returns the end. With {@code ownPages} in a paged file each block starts a page, as libhdf5
     * places the self-referential managers' blocks (each allocation a new page at the end of the
     * file), so that libhdf5 rewriting them at its next close needs no more pages than they hold.
     */
    private long place(List<FreeSpaceManagerHeader.Section> sections, int slot, long at, boolean ownPages, int headerSize,
                       long[] addresses, List<EncodedBlock> blocks) {
        if (sections.isEmpty()) return at;
        long page = pageSize();
        long header = FileSpace.placed(at, ownPages ? Math.max(page, headerSize) : headerSize, page);
        FreeSpaceManagerHeader probe = FreeSpaceManagerHeader.forFile(sections, 0, context.offsetSize());
        long listSize = probe.sectionListUsedSize();
        long list = FileSpace.placed(header + headerSize, ownPages ? Math.max(page, listSize) : listSize, page);
        return list + encode(sections, slot, header, list, addresses, blocks);
    }

    /**
     * Adds the blocks of a manager holding {@code sections}, its header at {@code header} and its
     * list at {@code list}, and notes it in {@code addresses}; returns the list's size.
     */
    private long encode(List<FreeSpaceManagerHeader.Section> sections, int slot, long header, long list, long[] addresses,
                        List<EncodedBlock> blocks) {
        FreeSpaceManagerHeader h = FreeSpaceManagerHeader.forFile(sections, list, context.offsetSize());
        blocks.add(new EncodedBlock(header, h.encode(context.offsetSize(), context.lengthSize())));
        blocks.add(new EncodedBlock(list, h.encodeSections(sections, header, context.offsetSize(), context.lengthSize())));
        addresses[slot] = header;
        return h.sectionListUsedSize();
    }

    /**
     * Writes the File Space Info message naming {@code m}'s managers, whose blocks must be durable
     * and inside the superblock's end of file already (libhdf5 reads a manager past it as a
     * broken file).
     */
    void record(WritableStore store, Managers m) {
        write(store, m.eoaBefore(), m.addresses());
        recordedEnd = m.eoaBefore();
    }

    private boolean managersRecorded() {
        if (managersDropped) return false;
        for (long a : info.managerAddresses()) if (a != Cursor.UNDEFINED) return true;
        return false;
    }
}
