package org.h5vds.node;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.h5vds.format.Checksum;
import org.h5vds.format.FileContext;
import org.h5vds.format.FreeSpaceManagerHeader;
import org.h5vds.format.HeaderMessage;
import org.h5vds.format.ObjectHeader;
import org.h5vds.format.Superblock;
import org.h5vds.format.message.FileSpaceInfoMessage;
import org.h5vds.io.Cursor;
import org.h5vds.io.FileSpace;
import org.h5vds.io.H5Exception;
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
 * points past the old end. Space still free when the session ends is forgotten, as with
 * libhdf5's default strategy; libhdf5 tracks what it frees from then on.
 *
 * <p><b>Paged aggregation</b> (strategy PAGE): libhdf5 allocates in pages, a block smaller than a
 * page never crossing a page boundary and a larger one starting on one (its page buffer reads
 * metadata a page at a time), and pads the file to whole pages at close. The session allocates by
 * the same rules ({@link FileSpace#pages}) and pads the file too.
 */
final class FileSpaceStrategy {
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
        if (info.version() == 0) {
            throw new H5Exception(path + ": keeps its free space across sessions in libhdf5 1.10.0's form (File Space Info "
                    + "message version 0); h5vds updates version 1 (libhdf5 1.10.1 and later) only");
        }
        HeaderMessage m = null;
        for (HeaderMessage h : ext.messages()) if (h.type() == FileSpaceInfoMessage.TYPE) m = h;
        if (m.isShared()) throw new H5FormatException(ctx.fileName(), m.address(), "shared File Space Info message");
        List<long[]> managed = new ArrayList<>();
        if (info.persist()) {
            for (long header : info.managerAddresses()) {
                if (header == Cursor.UNDEFINED) continue;
                FreeSpaceManagerHeader h = FreeSpaceManagerHeader.read(ctx, header);
                for (FreeSpaceManagerHeader.Section s : h.sections(ctx, header)) managed.add(new long[] {s.address(), s.size()});
                h.forEachBlock(header, ctx.offsetSize(), ctx.lengthSize(), (address, size) -> managed.add(new long[] {address, size}));
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

    /** Bytes of free space the managers hold (their own blocks included). */
    long managedBytes() {
        long n = 0;
        for (long[] b : managed) n += b[1];
        return n;
    }

    /** Hands the managers' space to {@code space}, once {@link #record} dropped them durably. */
    void releaseInto(FileSpace space) {
        for (long[] b : managed) space.release(b[0], b[1]);
        managed.clear();
    }

    /**
     * Writes the File Space Info message without managers and with {@code end} as the EOA before
     * them, when the file records free space persistently and the message says otherwise. Written in
     * place (the message keeps its size), the header chunk's checksum renewed.
     */
    void record(WritableStore store, long end) {
        if (!info.persist() || (recordedEnd == end && !managersRecorded())) return;
        long[] none = new long[info.managerAddresses().length];
        java.util.Arrays.fill(none, Cursor.UNDEFINED);
        FileSpaceInfoMessage updated = new FileSpaceInfoMessage(info.version(), info.strategy(), true, info.threshold(), info.pageSize(),
                info.pageEndMetadataThreshold(), end, none);
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
        recordedEnd = end;
        managersDropped = true;
    }

    private boolean managersRecorded() {
        if (managersDropped) return false;
        for (long a : info.managerAddresses()) if (a != Cursor.UNDEFINED) return true;
        return false;
    }
}
