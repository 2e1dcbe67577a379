package org.h5vds.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A {@link Store} over a {@link FileChannel}. Reads copy straight out of read-only memory-mapped
 * windows of the file (one copy from the page cache into the caller's array, no lock, no file
 * pointer); where a window cannot be mapped, or with {@code -Dh5vds.mmap=false}, they fall back to
 * positional reads ({@code pread} on Linux, which takes no lock either). Either way concurrent
 * readers never serialise on a file pointer.
 *
 * <p>A thread interrupted during a read closes a {@code FileChannel} for everyone
 * ({@link ClosedByInterruptException}); we reopen the channel once in that case so that one
 * cancelled task cannot break every other reader of the file.
 */
public final class FileStore implements Store {
    private static final int WINDOW_SHIFT = 30;
    /** Bytes per mapped window; a window is mapped on first use and kept until the store is dropped. */
    static final long WINDOW = 1L << WINDOW_SHIFT;
    private static final boolean MMAP = !"false".equals(System.getProperty("h5vds.mmap"));
    /** {@link #read} remembers which 64 KiB blocks it read: the span Linux maps around a page fault. */
    private static final int BLOCK_SHIFT = 16;
    private static final int BLOCKS_PER_WINDOW = 1 << (WINDOW_SHIFT - BLOCK_SHIFT);

    /** How far a file must have grown past a short last window before that window is mapped again (the rest is read with pread). */
    static final long REMAP_STEP = 64L << 20;
    /**
     * Reads shorter than this use pread even where the mapping could serve them: a read from the
     * mapping makes a system call too (the length check, {@link #lengthNow}), and its first touch of
     * each page is a page fault; what it saves is one copy, which for the header, index and heap
     * reads of an opening (tens of bytes to a few KiB) is nothing. A file opened to read one frame
     * then never maps a window (mapping and unmapping it cost ~0.1 ms an opening).
     */
    static final int MAPPED_MIN = 1 << 16;
    /** Ranges {@link #view} gives as views of the mapping; smaller ones cost less to copy than to map pages for. */
    static final long VIEW_MIN = 1L << 20;
    /** Windows kept at least, so that a file opened small and grown while open (SWMR) is still mapped. */
    private static final int MIN_WINDOWS = 64;
    /**
     * Bytes read from the start of the file in one pread at opening: libhdf5 allocates small
     * metadata in blocks of this size (H5Pset_meta_block_size's default), and the first one holds
     * the superblock and the first object headers (in h5py's files, the superblock, the root
     * group's header, the first dataset's header and its chunk index header). An opening otherwise
     * made ten small reads there (the superblock's four, three per version 2 object header). Kept
     * small since every open file keeps it (a virtual dataset's pool holds up to 256 sources open).
     */
    static final int HEAD = 2048;

    private final Path path;
    /** The length as last read: at opening, or later when a read went past it (the file grew). */
    private volatile long size;
    private final String version;
    private final AtomicReferenceArray<MappedByteBuffer> windows;
    /**
     * Per window, a bit per 64 KiB block read before through {@link #read} or {@link #mappedView}
     * (made on first use: 2 KiB per window); forgotten when the window is mapped again.
     */
    private final AtomicReferenceArray<AtomicLongArray> seen;
    private volatile boolean mappingFailed;
    private volatile FileChannel channel;
    private volatile boolean closed;
    /**
     * The file's first {@link #HEAD} bytes (fewer in a shorter file) as they were at opening, which
     * serve reads lying wholly inside them; null once {@link #currentSize()} was called. Kept as
     * long as the node layer keeps the object headers it decoded, which it forgets at the same call
     * ({@code OpenFile.refresh}); a file a writer has open (SWMR) forgets them right after its
     * superblock, so that its headers are read as they are now, as before.
     */
    private volatile byte[] head;

    private FileStore(Path path, FileChannel channel, long size, String version, byte[] head) {
        this.path = path;
        this.channel = channel;
        this.size = size;
        this.version = version;
        this.head = head;
        this.windows = new AtomicReferenceArray<>((int) Math.max(MIN_WINDOWS, (size + WINDOW - 1) / WINDOW));
        this.seen = new AtomicReferenceArray<>(windows.length());
    }

    public static FileStore open(Path path) {
        try {
            // one stat for both questions (a directory opens for reading on Linux, and reads of it fail later)
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
            if (a.isDirectory()) throw new H5Exception(path + ": cannot open: is a directory");
            FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
            try {
                long size = ch.size();
                String version = a.lastModifiedTime().toMillis() + "-" + size;
                return new FileStore(path, ch, size, version, readHead(ch, size));
            } catch (IOException e) {
                ch.close();
                throw e;
            }
        } catch (java.nio.file.NoSuchFileException e) {
            throw new NoSuchFileException(path.toString(), "no such file", e);
        } catch (IOException e) {
            throw new H5Exception(path + ": cannot open: " + describe(e), e);
        }
    }

    /** The first {@link #HEAD} bytes, or as many as there are (a file cut short since its length was read has fewer). */
    private static byte[] readHead(FileChannel ch, long size) throws IOException {
        ByteBuffer b = ByteBuffer.allocate((int) Math.min(HEAD, size));
        while (b.hasRemaining()) {
            if (ch.read(b, b.position()) < 0) break;
        }
        return b.position() == b.capacity() ? b.array() : Arrays.copyOf(b.array(), b.position());
    }

    static String describe(IOException e) {
        String name = e.getClass().getSimpleName();
        if (e instanceof java.nio.file.NoSuchFileException) return "no such file";
        if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
        return e.getMessage() == null ? name : name + ": " + e.getMessage();
    }

    /** The file as it was opened. */
    public Path path() {
        return path;
    }

    @Override
    public String location() {
        return path.toString();
    }

    /** The modification time and length when opened: a file replaced since reads another version. */
    @Override
    public String version() {
        return version;
    }

    @Override
    public long size() {
        return size;
    }

    /**
     * The length now (one fstat): a file a SWMR writer extends grows while we read it. Forgets the
     * bytes read at opening ({@link #HEAD}), so that what is read next is read as the file is now.
     */
    @Override
    public long currentSize() {
        head = null;
        try {
            long now = channel.size();
            size = now;
            return now;
        } catch (IOException e) {
            return size;
        }
    }

    /**
     * Reads bytes seen for the first time with {@code pread}, and copies bytes read before (every
     * 64 KiB block of the range) straight out of the mapping; a range shorter than {@link
     * #MAPPED_MIN} is always read with pread. The first touch of each mapped page is a page fault,
     * which on a virtual machine costs more than the second copy pread makes (the JDK's temporary
     * direct buffer into the caller's array): on the development VM a fault maps 64 KiB in
     * 22-44 µs, so a 512 KiB frame read once through the mapping took 360-420 µs against 140-160 by
     * pread (h5py: 120), while a frame whose pages are mapped is copied out in 45-65 µs. So a file
     * opened, read once and closed (a processing loop, a task, a virtual dataset's source) never
     * pays the faults, and bytes read again pay them once, on their second read, and are copied
     * out of the mapping from then on (docs/notes/issue-12-s19.md).
     */
    @Override
    public void read(long position, ByteBuffer dst, String what) {
        int wanted = dst.remaining();
        checkRange(position, wanted, what);
        if (fromHead(position, dst)) return;
        if (wanted >= MAPPED_MIN && MMAP && !mappingFailed && dst.hasArray() && readBefore(position, wanted)
                && copyFromWindows(position, dst)) {
            return;
        }
        pread(position, dst, what);
    }

    /**
     * With {@code pread} always: the first touch of a mapped page is a fault (several microseconds
     * on a virtual machine, ~3.5 ms for the 8 MB of a 100,000-mapping list), while pread copies 8 MB
     * in pieces of 32-64 KiB in ~0.7-1.1 ms.
     */
    @Override
    public void readStreamed(long position, ByteBuffer dst, String what) {
        checkRange(position, dst.remaining(), what);
        if (!fromHead(position, dst)) pread(position, dst, what);
    }

    /** Copies the range from the bytes read at opening when it lies wholly inside them; false (nothing copied) otherwise. */
    private boolean fromHead(long position, ByteBuffer dst) {
        byte[] h = head;
        int n = dst.remaining();
        if (h == null || position > h.length - n) return false;
        dst.put(h, (int) position, n);
        return true;
    }

    /**
     * Whether every 64 KiB block of the range was read before through {@link #read}; marks
     * them. Two threads may both find a block unread and both use pread: a copy more, never a
     * wrong byte.
     */
    private boolean readBefore(long position, long length) {
        boolean all = marked(seen, position, length);
        if (!all) mark(seen, position, length);
        return all;
    }

    /** Whether every 64 KiB block of the range has its bit in {@code bits} (false past the windows kept). */
    private static boolean marked(AtomicReferenceArray<AtomicLongArray> bits, long position, long length) {
        long last = (position + Math.max(length, 1) - 1) >>> BLOCK_SHIFT;
        for (long block = position >>> BLOCK_SHIFT; block <= last; block++) {
            long w = block >>> (WINDOW_SHIFT - BLOCK_SHIFT);
            if (w >= bits.length()) return false;
            AtomicLongArray words = bits.get((int) w);
            int i = (int) (block & (BLOCKS_PER_WINDOW - 1));
            if (words == null) return false;
            long word = words.get(i >>> 6);
            if (word == -1L) {
                block |= 63; // the word's other blocks are set too
                continue;
            }
            if ((word & (1L << i)) == 0) return false; // the shift takes i mod 64
        }
        return true;
    }

    /** Sets the bits in {@code bits} of every 64 KiB block of the range inside the windows kept. */
    private static void mark(AtomicReferenceArray<AtomicLongArray> bits, long position, long length) {
        long last = (position + Math.max(length, 1) - 1) >>> BLOCK_SHIFT;
        for (long block = position >>> BLOCK_SHIFT; block <= last; block++) {
            long w = block >>> (WINDOW_SHIFT - BLOCK_SHIFT);
            if (w >= bits.length()) return;
            AtomicLongArray words = bits.get((int) w);
            if (words == null) {
                bits.compareAndSet((int) w, null, new AtomicLongArray(BLOCKS_PER_WINDOW / 64));
                words = bits.get((int) w);
            }
            int i = (int) (block & (BLOCKS_PER_WINDOW - 1));
            long bit = 1L << i;
            long word = words.get(i >>> 6);
            while ((word & bit) == 0 && !words.compareAndSet(i >>> 6, word, word | bit)) {
                word = words.get(i >>> 6);
            }
        }
    }

    /**
     * A view of the mapping over the range when every 64 KiB block of it was read before (marking
     * them otherwise, since the caller reads the runs now): the same rule as {@link #read}.
     * A page touched first through the mapping costs a fault (23-40 µs per 64 KiB on the
     * development VM) where pread copies a short run in ~2 µs, so a range read once goes by pread;
     * from the second read on, copying a few runs out of the view makes one system call (the
     * length check, as {@link #copyFromWindows}) and, once the pages are mapped, no fault.
     */
    @Override
    public ByteBuffer mappedView(long position, long length) {
        if (!MMAP || mappingFailed || length > WINDOW || !readBefore(position, length)) return null;
        int w = (int) (position / WINDOW);
        int inWindow = (int) (position - w * WINDOW);
        MappedByteBuffer window = window(w, inWindow + length);
        if (window == null || inWindow + length > window.limit()) return null;
        if (lengthNow() < position + length) throw truncated(position, null);
        return window.slice(inWindow, (int) length);
    }

    /**
     * A view of the mapping for a range of at least {@link #VIEW_MIN} bytes inside one window, after
     * checking the file's length now (as {@link #copyFromWindows} does before it touches pages);
     * otherwise a new buffer.
     */
    @Override
    public ByteBuffer view(long position, long length, String what) {
        checkRange(position, length, what);
        if (MMAP && !mappingFailed && length >= VIEW_MIN) {
            int w = (int) (position / WINDOW);
            int inWindow = (int) (position - w * WINDOW);
            MappedByteBuffer window = window(w, inWindow + length);
            if (window != null && inWindow + length <= window.limit()) {
                if (lengthNow() < position + length) throw truncated(position, null);
                return window.slice(inWindow, (int) length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            }
        }
        return Store.super.view(position, length, what);
    }

    /** How many windows are mapped now (for tests). */
    int mappedWindows() {
        int n = 0;
        for (int w = 0; w < windows.length(); w++) if (windows.get(w) != null) n++;
        return n;
    }

    /** Copies from the mapped windows; false (nothing copied) when a window cannot be mapped. */
    private boolean copyFromWindows(long position, ByteBuffer dst) {
        long pos = position;
        int off = dst.arrayOffset() + dst.position();
        int left = dst.remaining();
        byte[] array = dst.array();
        while (left > 0) {
            int w = (int) (pos / WINDOW);
            int inWindow = (int) (pos - w * WINDOW);
            MappedByteBuffer window = window(w, inWindow + (long) left);
            // past the windows, or past a window mapped when the file was shorter: read the rest with pread
            if (window == null || inWindow >= window.limit()) {
                return pos == position ? false : fallBack(pos, dst, off - dst.arrayOffset(), left);
            }
            int n = Math.min(left, window.limit() - inWindow);
            // A mapped page past the end of a file that another program cut short faults (SIGBUS),
            // which the JVM raises as java.lang.InternalError, in compiled code only at some later
            // point of this thread: so look at the file's length (one fstat) before touching the
            // pages, and catch what the interpreter raises at once.
            if (lengthNow() < pos + n) throw truncated(pos, null);
            try {
                window.get(inWindow, array, off, n);
            } catch (InternalError e) {
                throw truncated(pos, e);
            }
            pos += n;
            off += n;
            left -= n;
        }
        dst.position(dst.limit());
        return true;
    }

    /** The file's length now (another program may have changed it), leaving {@link #size()} as it was; that if it cannot be told. */
    private long lengthNow() {
        try {
            return channel.size();
        } catch (IOException e) {
            return size;
        }
    }

    private H5FormatException truncated(long pos, Throwable cause) {
        return new H5FormatException(path.toString(), null, pos, "the file was cut short while open (it had " + size
                + " bytes, has " + lengthNow() + " now)", cause);
    }

    private boolean fallBack(long pos, ByteBuffer dst, int bufferPos, int left) {
        ByteBuffer rest = dst.duplicate();
        rest.position(bufferPos).limit(bufferPos + left);
        pread(pos, rest, "file data");
        dst.position(dst.limit());
        return true;
    }

    /**
     * Window {@code w}, mapped up to the file's known length; null past the windows kept. A window
     * mapped short (the last one) is mapped again only once the file has grown well past it
     * ({@link #REMAP_STEP}, or to a whole window), so a file that grows frame by frame does not
     * leave a mapping per frame behind.
     *
     * @param needed bytes of the window the read wants
     */
    private MappedByteBuffer window(int w, long needed) {
        if (w >= windows.length()) return null;
        MappedByteBuffer m = windows.get(w);
        long start = w * WINDOW;
        long available = Math.min(WINDOW, size - start);
        if (m != null && (m.limit() >= needed || m.limit() == WINDOW || available < Math.min(WINDOW, m.limit() + REMAP_STEP))) return m;
        if (available <= 0) return m;
        MappedByteBuffer fresh;
        try {
            fresh = channel.map(FileChannel.MapMode.READ_ONLY, start, available);
        } catch (IOException | UnsupportedOperationException e) {
            mappingFailed = true; // e.g. no address space left: positional reads still work
            return null;
        }
        if (windows.compareAndSet(w, m, fresh)) {
            if (m != null) seen.set(w, null); // the new mapping has none of the old one's pages
            return fresh;
        }
        return windows.get(w);
    }

    private void pread(long position, ByteBuffer dst, String what) {
        int wanted = dst.remaining();
        long pos = position;
        boolean retried = false;
        while (dst.hasRemaining()) {
            try {
                int n = channel.read(dst, pos);
                if (n < 0) {
                    throw new H5FormatException(path.toString(), pos, what
                            + ": file ended after " + (pos - position) + " of " + wanted + " bytes");
                }
                pos += n;
            } catch (ClosedChannelException e) {
                if (closed || retried) throw new H5Exception(path + ": file is closed", e);
                retried = true;
                reopen();
            } catch (IOException e) {
                throw new UncheckedIOException(path + ": read failed at " + pos + ": " + describe(e), e);
            }
        }
    }

    private synchronized void reopen() {
        if (channel.isOpen()) return;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new UncheckedIOException(path + ": cannot reopen: " + describe(e), e);
        }
    }

    @Override
    public void close() {
        closed = true;
        head = null; // a read after closing fails as it did before, rather than finding the first block
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(path + ": close failed", e);
        }
    }

    @Override
    public String toString() {
        return "FileStore[" + path + "]";
    }
}
