package org.h5vds.node;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.h5vds.format.EncodedBlock;
import org.h5vds.format.FileContext;
import org.h5vds.format.ObjectHeader;
import org.h5vds.format.Superblock;
import org.h5vds.format.SymbolTableEntry;
import org.h5vds.format.message.FileSpaceInfoMessage;
import org.h5vds.io.ChannelStore;
import org.h5vds.io.Cursor;
import org.h5vds.io.FileSink;
import org.h5vds.io.FileSpace;
import org.h5vds.io.H5Exception;
import org.h5vds.io.OsFileLock;
import org.h5vds.io.WritableStore;
import org.h5vds.storage.RawSpace;

/**
 * The writing of one file: a new one (under a temporary name until closed, see {@link FileSink})
 * or an existing one changed in place. Every change made through the nodes is kept in their
 * records until {@link #commit()} writes it; {@link #close()} commits, and for an existing file
 * clears the superblock's open-for-write flag and releases the lock.
 *
 * <h2>Crash safety of an existing file</h2>
 * A commit never changes in place anything the committed file points to until all it will point
 * to is on the disk:
 * <ol>
 * <li>raw data and every new structure go to fresh space (beyond the end of the file, or space
 *     freed by an earlier durable commit) — nothing committed reaches it;</li>
 * <li>the disk is synced, then the superblock's End of File Address grows over the new space (a
 *     file shorter than that address would be "truncated" to libhdf5), synced;</li>
 * <li>the structures that point to the new ones are rewritten in place, stage by stage (see
 *     {@link WritePlan}): each write is one positional write of one structure, valid whether it
 *     happened or not, and each stage is synced before the next;</li>
 * <li>only then are the blocks the commit stopped using given back for reuse.</li>
 * </ol>
 * A process killed at any point, or a machine that loses the writes not yet synced, leaves a file
 * that libhdf5 opens (after {@code h5clear -s}, as for its own writers) with every object of the
 * last commit intact; raw data overwritten in place (contiguous data, unfiltered chunks) may mix
 * old and new elements. New files need none of this: they take their name only when complete.
 *
 * <p>A session is open, failed or closed. Once a write could not be carried out the session
 * fails: every further change says so, and closing it keeps the last committed state (a new file
 * is deleted). Errors in what the caller asked (a bad shape, an existing name) leave it open.
 */
final class Session {
    private enum State { OPEN, FAILED, CLOSED }

    /** Superblock version, sizes of offsets and lengths of new files. */
    private static final int NEW_SUPERBLOCK_VERSION = 2;
    private static final int NEW_OFFSET_SIZE = 8;
    private static final int NEW_LENGTH_SIZE = 8;

    /** An existing file locked and read, before its session starts. */
    record Opened(Path path, ChannelStore store, Superblock superblock, OsFileLock lock, FileSpaceStrategy strategy) {
        Session start(OpenFile f) {
            return new Session(f, path, store, null, lock, superblock, superblock.context(), strategy);
        }

        void abandon() {
            try {
                lock.close();
            } finally {
                store.close();
            }
        }
    }

    /** A new file's temporary store, before its session starts. */
    record Created(Path path, FileSink store, FileContext context) {
        Session start(OpenFile f) {
            return new Session(f, path, store, store, null, null, context, null);
        }
    }

    private final OpenFile file;
    private final Path path;
    private final WritableStore store;
    private final FileSink sink;
    private final OsFileLock lock;
    private final FileContext context;
    private final FileSpace space;
    private final RawSpace raw;
    private final ObjectRecord root;
    private final Set<ObjectRecord> changed = new LinkedHashSet<>();
    private GlobalHeapWriter heap;
    /** Chunked datasets whose chunks or index this session wrote, with a path to them: what {@link #settle()} may move. */
    private final Map<ObjectRecord, String> chunked = new java.util.LinkedHashMap<>();
    private Superblock superblock;
    /** An existing file's persistent free space or paged allocation to honour; null when it has neither. */
    private final FileSpaceStrategy strategy;
    /** SWMR write mode ({@link #startSwmr()}): structural changes refused, no space reused, flushes ordered for readers. */
    private volatile boolean swmr;
    /** A new file put in place by {@link #startSwmr()}: changed in place from then on, as an existing file. */
    private boolean published;
    private long durableEnd;
    /** The end of the space the commits so far wrote (a SWMR writer's stored End of File Address lies past it, see {@link #extendAhead}). */
    private long committedEnd;
    private boolean rootEntryStale;
    private volatile State state = State.OPEN;
    private volatile Throwable failure;
    /** Whether the commit under way forces each stage to the disk before the next. */
    private boolean durable = true;
    private ExecutorService executor;

    private Session(OpenFile file, Path path, WritableStore store, FileSink sink, OsFileLock lock, Superblock superblock, FileContext context,
                    FileSpaceStrategy strategy) {
        this.file = file;
        this.path = path;
        this.store = store;
        this.sink = sink;
        this.lock = lock;
        this.context = context;
        this.strategy = strategy;
        if (sink != null) {
            int sbSize = Superblock.encodedSize(NEW_SUPERBLOCK_VERSION, NEW_OFFSET_SIZE, NEW_LENGTH_SIZE);
            this.space = new FileSpace(sbSize);
            this.root = ObjectRecord.created(file, NodeKind.GROUP);
            this.root.links = LinkTable.empty(false);
            this.superblock = Superblock.v2(NEW_SUPERBLOCK_VERSION, NEW_OFFSET_SIZE, NEW_LENGTH_SIZE, 0, 0, Cursor.UNDEFINED, sbSize,
                    Cursor.UNDEFINED);
        } else {
            long end = superblock.endOfFileRelative();
            this.space = new FileSpace(end);
            this.durableEnd = end;
            this.committedEnd = end;
            this.root = null;
            this.superblock = superblock;
            writeSuperblock(superblock.fileConsistencyFlags() | WriterFlags.WRITE, end);
            store.sync();
            if (strategy != null) {
                space.pages(strategy.pageSize());
                // the managers leave the file before their space is used (FileSpaceStrategy): durable, it is ours
                strategy.record(store, end);
                store.sync();
                strategy.releaseInto(space);
                space.committed();
            }
        }
        this.raw = new SessionSpace();
    }

    /** Locks and reads an existing file for writing; the session starts once its {@link OpenFile} exists. */
    static Opened openExisting(Path path) {
        ChannelStore store = ChannelStore.open(path);
        OsFileLock lock;
        try {
            lock = OsFileLock.acquire(path);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        try {
            Superblock sb = Superblock.read(store);
            WriterFlags.checkForWriting(path, sb);
            checkWritable(path, sb);
            return new Opened(path, store, sb, lock, FileSpaceStrategy.read(path, sb, sb.endOfFileRelative()));
        } catch (RuntimeException e) {
            try {
                lock.close();
            } finally {
                store.close();
            }
            throw e;
        }
    }

    /** What h5vds cannot update in place: other file drivers. */
    private static void checkWritable(Path path, Superblock sb) {
        if (sb.version() < 2 && sb.driverInformationBlockAddress() != Cursor.UNDEFINED) {
            throw new H5Exception(path + ": has a driver information block (a family, multi or split file); h5vds writes single "
                    + "files of libhdf5's default driver only");
        }
    }

    /** Starts a new file at {@code path}, written under a temporary name in its folder. */
    static Created createNew(Path path, boolean replace) {
        FileSink sink = FileSink.create(path, replace);
        return new Created(path, sink, new FileContext(sink, NEW_OFFSET_SIZE, NEW_LENGTH_SIZE, 0));
    }

    // ---- what the file and its objects use ----------------------------------------------------

    OpenFile owner() {
        return file;
    }

    Path path() {
        return path;
    }

    FileContext context() {
        return context;
    }

    /** The store being written (for tests that break it). */
    WritableStore store() {
        return store;
    }

    FileSpace space() {
        return space;
    }

    /** The space raw data and chunk indexes are written in. */
    RawSpace raw() {
        return raw;
    }

    /** A new file's root group (an existing file's root is in its superblock); null for an existing file. */
    ObjectRecord root() {
        return root;
    }

    Superblock superblock() {
        return superblock;
    }

    /** A new file still written under its temporary name (not yet in place). */
    boolean isNewFile() {
        return sink != null && !published;
    }

    /** Whether the file is in SWMR write mode ({@link #startSwmr()}). */
    boolean isSwmr() {
        return swmr;
    }

    /** A new file's temporaries left by killed writers and removed at its start; empty for an existing file. */
    List<Path> staleTemporariesRemoved() {
        return sink == null ? List.of() : sink.staleTemporariesRemoved();
    }

    boolean isOpen() {
        return state == State.OPEN;
    }

    /** How many threads encode and write chunks: one per core (the system property h5vds.threads overrides it). */
    int threads() {
        return Math.max(1, Integer.getInteger("h5vds.threads", Runtime.getRuntime().availableProcessors()));
    }

    /** The threads that encode and write chunks, started on first use. */
    synchronized Executor executor() {
        if (executor == null) {
            int n = threads();
            AtomicInteger count = new AtomicInteger();
            executor = new ThreadPoolExecutor(n, n, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "h5vds-write-" + count.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            ((ThreadPoolExecutor) executor).allowCoreThreadTimeOut(true);
        }
        return executor;
    }

    /** Where variable-length data written in this session goes: global heap collections in fresh space. */
    synchronized GlobalHeapWriter objects() {
        if (heap == null) heap = new GlobalHeapWriter(new WritePlan(this), file);
        return heap;
    }

    /** Notes that {@code r} changed, to be written at the next commit. */
    synchronized void changed(ObjectRecord r) {
        r.dirty = true;
        changed.add(r);
    }

    synchronized List<ObjectRecord> changedRecords() {
        return new ArrayList<>(changed);
    }

    /** As {@link #requireOpen(String)} for a record, named only when the session is not open (every write asks). */
    void requireOpen(ObjectRecord record) {
        if (state != State.OPEN) requireOpen(record.toString());
    }

    /** Throws unless the file can still be written; the error names {@code object} (a path) when given. */
    void requireOpen(String object) {
        if (state == State.OPEN) return; // every write asks: no message built for nothing
        String where = object == null ? path.toString() : path + ": " + object;
        switch (state) {
            case OPEN -> {
            }
            case FAILED -> throw new IllegalStateException(where + ": an earlier write failed, so the file cannot be written"
                    + (failure == null ? "" : " (" + failure.getMessage() + ")"));
            default -> throw new IllegalStateException(where + ": the file is closed; nothing more can be written to it");
        }
    }

    /** Marks the session failed because of {@code cause}; returns the exception to throw. */
    RuntimeException fail(RuntimeException cause) {
        if (failure == null) failure = cause;
        state = State.FAILED;
        return cause;
    }

    void writeNow(long address, byte[] bytes) {
        store.write(context.baseAddress() + address, ByteBuffer.wrap(bytes));
    }

    private void writeSuperblock(int flags, long end) {
        superblock = superblock.with(flags, end);
        store.write(superblock.location(), ByteBuffer.wrap(superblock.encode()));
    }

    // ---- commit --------------------------------------------------------------------------------

    /**
     * Writes every change made so far, in the order described above; a file that is open for
     * writing stays so. Link counts split the work in up to three rounds (see {@link Commit}),
     * each a full pass of that order. For a new file this writes its objects (it still takes its
     * name only at close).
     */
    synchronized void commit() {
        commit(true);
    }

    /**
     * As {@link #commit()}; with {@code durable} false (a SWMR writer's flush of its data) the
     * writes are made in the same order but not forced to the disk between the stages: libhdf5's
     * SWMR readers, on this machine, see each write once it returns, so the order is what keeps
     * them safe, and a killed writer leaves what was written (a power cut may lose the last
     * stages, as with libhdf5, which never forces its writes).
     */
    synchronized void commit(boolean durable) {
        requireOpen((String) null);
        this.durable = durable;
        try {
            // the heap objects written since the last commit go out first: what this commit stores points to them
            if (heap != null) heap.finish();
            List<ObjectRecord> records = new ArrayList<>(changed);
            for (Commit.Round round : Commit.Round.values()) {
                boolean needed = round == Commit.Round.MAIN;
                for (ObjectRecord r : records) needed |= Commit.needs(round, r);
                if (needed) runRound(round, records);
            }
            // only now does nothing durable point to what the rounds gave back (an UP round runs before the
            // MAIN round that stops using the chunks and structures it replaces)
            space.committed();
            // (with the objects the rounds wrote new)
            records = new ArrayList<>(changed);
            for (ObjectRecord r : records) {
                if (r.dataset != null && r.isWritten() && r.dataset.layoutClass() == org.h5vds.format.message.DataLayoutMessage.LayoutClass.CHUNKED) {
                    chunked.putIfAbsent(r, r.dataset.path());
                }
                // a SWMR flush that updated a dataset's index in place keeps its writer for the next frame (the
                // writer knows the index as now stored); every other writer is finished, the next write starts another
                DatasetWriter goesOn = r.dataset != null && r.isWritten() && r.dataset.goesOnAfterCommit() ? r.dataset : null;
                if (goesOn != null) goesOn.committedInPlace();
                r.dataset = goesOn;
                r.dirty = false;
                if (r.isWritten()) {
                    r.links = null;
                    r.attributes = null;
                    r.linksAdded = 0;
                    r.linksRemoved = 0;
                }
            }
            changed.clear();
        } catch (RuntimeException | Error e) {
            RuntimeException r = e instanceof RuntimeException re ? re : new H5Exception(path + ": " + e, e);
            throw fail(r instanceof H5Exception h && h.getMessage() != null && h.getMessage().startsWith(path.toString()) ? r
                    : new H5Exception(path + ": the changes could not be written: " + r.getMessage(), r));
        }
    }

    // ---- SWMR write mode ------------------------------------------------------------------------

    /**
     * Switches to SWMR write mode, as libhdf5's {@code H5Fstart_swmr_write} (h5py's
     * {@code f.swmr_mode = True}): every change so far is committed; the superblock (version 3,
     * which libhdf5 requires and h5vds does not upgrade, since libhdf5 refuses to either) gets the
     * flags of a SWMR writer, open-for-write and SWMR-write (0x05), which tell libhdf5's SWMR
     * readers they may open it; the {@code flock()} that keeps libhdf5 out is dropped (libhdf5's
     * SWMR writer unlocks too; the {@code fcntl()} lock that keeps other h5vds writers out stays).
     * A new file, until now under its temporary name, is put in place with a version 3 superblock
     * (as libhdf5 writes for {@code libver='latest'}) and is written in place from then on.
     *
     * <p>In SWMR mode every commit writes data and new chunk indexes to fresh space before the one
     * in-place rewrite of each dataset's checksummed header that switches to them (new extent and
     * index together, which a reader retries on a checksum failure), and no space is reused: a
     * reader that has not refreshed may still follow the old index. Creating, changing or removing
     * groups, datasets, links or attributes is refused ({@link #requireStructureChange}).
     */
    synchronized void startSwmr() {
        requireOpen((String) null);
        if (swmr) throw new IllegalStateException(path + ": is already in SWMR write mode (libhdf5: \"file already in SWMR writing mode\")");
        if (!isNewFile() && superblock.version() < 3) {
            throw new H5Exception(path + ": has a version " + superblock.version() + " superblock; SWMR writing needs version 3 (the "
                    + "HDF5 1.10 format, h5py's libver='latest'), and libhdf5 refuses it too (\"file superblock version - should be at least "
                    + "3\"). Write a new file for SWMR (H5File.create, then startSwmrWrite) or copy this one with `h5repack --low=2 --high=2`");
        }
        if (strategy != null) {
            throw new H5Exception(path + ": keeps its free space across sessions or in pages (H5Pset_file_space_strategy); h5vds does "
                    + "not write such files in SWMR mode (their free-space managers are rewritten in place at every commit)");
        }
        commit();
        try {
            int flags = WriterFlags.WRITE | WriterFlags.SWMR_WRITE;
            if (isNewFile()) {
                superblock = Superblock.v2(3, NEW_OFFSET_SIZE, NEW_LENGTH_SIZE, flags, 0, Cursor.UNDEFINED, space.end(),
                        superblock.rootGroupObjectHeaderAddress());
                store.write(0, ByteBuffer.wrap(superblock.encode()));
                sink.publish(space.end());
                published = true;
                durableEnd = space.end();
                committedEnd = durableEnd;
            } else {
                writeSuperblock(superblock.fileConsistencyFlags() | flags, durableEnd);
                store.sync();
                lock.releaseLibhdf5Lock();
            }
        } catch (RuntimeException e) {
            throw fail(e instanceof H5Exception h && h.getMessage() != null && h.getMessage().startsWith(path.toString()) ? e
                    : new H5Exception(path + ": could not start SWMR writing: " + e.getMessage(), e));
        }
        // a reader may follow any structure a commit stopped using: nothing is reused from now on
        space.allocateAtEnd(true);
        swmr = true;
    }

    /**
     * Refuses {@code change} (what the caller asked, e.g. "create a group") of {@code object} in
     * SWMR write mode: libhdf5's SWMR readers follow the data appended to datasets that exist,
     * not new or changed objects, links or attributes, which the SWMR writer may not make (HDF5's
     * SWMR rules; libhdf5 1.10 does not check and then fails to flush). Checks
     * {@link #requireOpen} first, as every change does.
     */
    void requireStructureChange(String object, String change) {
        requireOpen(object);
        if (swmr) {
            throw new IllegalStateException(path + ": " + object + ": cannot " + change + " while the file is in SWMR write mode; a SWMR "
                    + "writer only writes, appends to and resizes the datasets that exist (the SWMR rules of libhdf5): make groups, datasets, "
                    + "links and attributes before startSwmrWrite()");
        }
    }

    private void runRound(Commit.Round round, List<ObjectRecord> records) {
        WritePlan plan = new WritePlan(this);
        long newRoot = new Commit(this, file, plan, round).run(records);
        if (isNewFile()) {
            if (newRoot != Cursor.UNDEFINED) {
                superblock = Superblock.v2(NEW_SUPERBLOCK_VERSION, NEW_OFFSET_SIZE, NEW_LENGTH_SIZE, 0, 0, Cursor.UNDEFINED, space.end(), newRoot);
            }
            for (List<EncodedBlock> stage : plan.stages().values()) for (EncodedBlock b : stage) writeNow(b.address(), b.bytes());
        } else {
            sync();
            long end = space.end();
            if (end > durableEnd) {
                long eoa = swmr ? extendAhead(end) : end;
                writeSuperblock(superblock.fileConsistencyFlags() | WriterFlags.WRITE, eoa);
                sync();
                durableEnd = eoa;
            }
            committedEnd = Math.max(committedEnd, end);
            if (strategy != null) {
                // before anything points past the old end, and before the managers' space is reused (FileSpaceStrategy)
                strategy.record(store, durableEnd);
                sync();
            }
            for (Map.Entry<Integer, List<EncodedBlock>> stage : plan.stages().entrySet()) {
                for (EncodedBlock b : stage.getValue()) writeNow(b.address(), b.bytes());
                sync();
            }
            if (rootEntryStale) {
                // the root group left its symbol table: the superblock's cache of it goes (libhdf5 drops it too, H5G_mkroot)
                SymbolTableEntry e = superblock.rootGroupSymbolTableEntry();
                superblock = superblock.with(superblock.fileConsistencyFlags(), superblock.endOfFileRelative(),
                        SymbolTableEntry.hardLink(e.linkNameOffset(), e.objectHeaderAddress()));
                store.write(superblock.location(), ByteBuffer.wrap(superblock.encode()));
                sync();
                rootEntryStale = false;
            }
        }
        file.forgetDecoded();
        for (ObjectRecord r : records) {
            // (an object not written yet keeps its count for the MAIN round, which writes it into its new header)
            if (round == Commit.Round.UP && r.isWritten()) r.linksAdded = 0;
            if (round == Commit.Round.DOWN) {
                r.linksRemoved = 0;
                if (r.links != null) r.links.dropLeaving();
            }
        }
    }

    /** How far past the end a SWMR writer's End of File Address goes: an eighth of the file, at least this much. */
    static final long SWMR_END_AHEAD_MIN = 1 << 20;

    /**
     * The End of File Address a SWMR writer's commit stores when the file grew past the stored one:
     * ahead of {@code end} by an eighth of the file (at least {@link #SWMR_END_AHEAD_MIN}), the file
     * extended to it first (a hole, filled as frames come). So the superblock is rewritten once per
     * that much growth, not at every flush of a frame, and yet it never says less than the file
     * holds: libhdf5's own SWMR writer leaves the address of the start of SWMR writing until it
     * closes (its SWMR readers do not check it), so a file whose writer was killed has its frames
     * past that address, which libhdf5 refuses to read once the file is opened normally after
     * {@code h5clear -s}; and a file shorter than the address would be "truncated". Extended under
     * the allocator's lock, while nothing is allocated over the byte written, so the write cannot
     * land on data.
     */
    private long extendAhead(long end) {
        long eoa = end + Math.max(SWMR_END_AHEAD_MIN, end / 8);
        synchronized (space) {
            long at = context.baseAddress() + eoa - 1;
            if (space.end() >= eoa) return end; // (another thread allocated that far meanwhile: the end as outside SWMR mode)
            if (store.size() <= at) store.write(at, ByteBuffer.wrap(new byte[1]));
        }
        return eoa;
    }

    /** Forces the writes so far to the disk, unless this commit only orders them (see {@link #commit(boolean)}). */
    private void sync() {
        if (durable) store.sync();
    }

    /** The root group of a version 0 or 1 superblock lost its symbol table: the superblock stops caching it. */
    void rootLostSymbolTable() {
        if (superblock.version() <= 1 && superblock.rootGroupSymbolTableEntry().cacheType() == SymbolTableEntry.CACHE_GROUP) rootEntryStale = true;
    }

    /**
     * Commits, then finishes the file: a new one gets its superblock and takes its name; an
     * existing one gets the open-for-write flag cleared (and is shortened over free space at its
     * end, as libhdf5 does) and is unlocked. A failed session keeps the last committed state.
     */
    synchronized void close() {
        if (state == State.CLOSED) return;
        try {
            if (state == State.FAILED) {
                if (isNewFile()) {
                    discardQuietly();
                    throw new H5Exception(path + ": not written, because an earlier write failed"
                            + (failure == null ? "" : ": " + failure.getMessage()), failure);
                }
                finishExisting();
                throw new H5Exception(path + ": changes since the last commit were not written, because a write failed"
                        + (failure == null ? "" : ": " + failure.getMessage()), failure);
            }
            try {
                commit();
                // (not in SWMR mode: moving blocks would free what a reader may still follow)
                if (!isNewFile() && !swmr) settle();
            } catch (RuntimeException e) {
                if (isNewFile()) {
                    discardQuietly();
                    throw new H5Exception(path + ": not written: " + e.getMessage(), e);
                }
                finishExisting();
                throw e;
            }
            if (isNewFile()) {
                try {
                    // the end of allocation as it is now (commits after the first one grew it)
                    superblock = superblock.with(superblock.fileConsistencyFlags(), space.end());
                    store.write(0, ByteBuffer.wrap(superblock.encode()));
                    sink.commit(space.end());
                } catch (RuntimeException e) {
                    discardQuietly();
                    throw e instanceof H5Exception h && h.getMessage().startsWith(path.toString()) ? h
                            : new H5Exception(path + ": not written: " + e.getMessage(), e);
                }
            } else {
                finishExisting(true);
            }
        } finally {
            state = State.CLOSED;
            shutdownExecutor();
        }
    }

    // ---- giving space back at close ----------------------------------------------------------

    /** Settling is worth it while the blocks moved are at most this many times the space won (plus {@link #SETTLE_SLACK}). */
    private static final int SETTLE_RATIO = 8;
    private static final long SETTLE_SLACK = 1 << 20;

    /**
     * Lets the file end where it can, before closing. Free space is known only while the file is
     * open (as in libhdf5 with its default strategy), so space freed by this session is lost at
     * close unless it lies at the end of the file (or the file keeps its free space in managers,
     * {@link #writeManagers}), and rewriting a compressed chunk in every
     * session would make the file grow for ever: the new copy goes after the old one, which is
     * freed only once the new one is durable. So, when the end of the file is free space mixed with
     * chunks and chunk indexes this session wrote, those are moved down: first past the end (two
     * copies of a block may not overlap, and the region must come free as a whole), committed, then
     * into the lowest free space that fits, committed again; the end of the file then is free and
     * {@link #finishExisting()} cuts it off. Each move is an ordinary commit, as crash-safe as any.
     * Only done when the bytes to move are few against the bytes won (see {@link #SETTLE_RATIO}).
     */
    private void settle() {
        for (int pass = 0; pass < 2; pass++) {
            Map<ObjectRecord, List<long[]>> moves = new java.util.LinkedHashMap<>();
            if (!planSettle(moves)) return;
            space.allocateAtEnd(pass == 0);
            try {
                for (Map.Entry<ObjectRecord, List<long[]>> e : moves.entrySet()) {
                    new DatasetNode(file, chunked.get(e.getKey()), e.getKey()).relocate(e.getValue());
                }
                commit();
            } finally {
                space.allocateAtEnd(false);
            }
        }
    }

    /**
     * Finds the region at the end of the file made only of free space and of the chunks and
     * index blocks of the datasets this session wrote; fills {@code moves} with what lies there
     * (chunks by scaled coordinates, an empty list when only the index does) and says whether
     * moving it is worth it.
     */
    private boolean planSettle(Map<ObjectRecord, List<long[]>> moves) {
        java.util.NavigableMap<Long, Long> free = space.freeBlocks();
        if (free.isEmpty() || chunked.isEmpty()) return false;
        // every block that may move, by its end: start, and the dataset (and chunk) it belongs to
        record Block(long start, ObjectRecord owner, long[] chunk) {
        }
        java.util.TreeMap<Long, Block> movable = new java.util.TreeMap<>();
        for (Map.Entry<ObjectRecord, String> e : chunked.entrySet()) {
            ObjectRecord r = e.getKey();
            DatasetNode node = new DatasetNode(file, e.getValue(), r);
            org.h5vds.format.message.DataLayoutMessage layout = node.layout();
            if (layout == null || layout.chunkIndexing() instanceof org.h5vds.format.message.DataLayoutMessage.Implicit) {
                continue;
            }
            org.h5vds.storage.ChunkIndex index = node.storedChunkIndex();
            index.forEach((scaled, loc) -> movable.put(loc.address() + loc.storedSize(), new Block(loc.address(), r, scaled.clone())));
            index.forEachBlock((address, size) -> movable.put(address + size, new Block(address, r, null)));
        }
        java.util.TreeMap<Long, Long> freeByEnd = new java.util.TreeMap<>();
        free.forEach((start, size) -> freeByEnd.put(start + size, start));
        long at = space.end();
        long freeBytes = 0;
        long movableBytes = 0;
        while (true) {
            Long freeStart = freeByEnd.get(at);
            if (freeStart != null) {
                freeBytes += at - freeStart;
                at = freeStart;
                continue;
            }
            Block b = movable.get(at);
            if (b == null || b.start() >= at) break;
            movableBytes += at - b.start();
            List<long[]> chunks = moves.computeIfAbsent(b.owner(), k -> new ArrayList<>());
            if (b.chunk() != null) chunks.add(b.chunk());
            at = b.start();
        }
        return freeBytes > 0 && movableBytes > 0 && movableBytes <= SETTLE_RATIO * freeBytes + SETTLE_SLACK;
    }

    private void finishExisting() {
        finishExisting(false);
    }

    /**
     * Clears the flag (shortening the file over free space at its end) and unlocks. With {@code
     * cleanClose} (everything committed) a file that keeps its free space gets it recorded in
     * free-space managers ({@link #writeManagers}); otherwise, and in SWMR mode (a reader may still
     * follow what a flush stopped using), that space is forgotten.
     */
    private void finishExisting(boolean cleanClose) {
        try {
            // a SWMR writer's free tail may hold structures a reader still follows: kept; the space its End of File
            // Address kept ahead of what it wrote (extendAhead) is not
            long end = swmr ? committedEnd : space.trimTail();
            if (end > durableEnd) end = durableEnd; // space allocated but never committed is not the file's
            FileSpaceStrategy.Managers managers = cleanClose && !swmr && strategy != null ? strategy.managers(space, end) : null;
            long page = strategy == null ? 0 : strategy.pageSize();
            if (managers != null) {
                end = writeManagers(managers);
            } else {
                end = FileSpace.pageEnd(end, page); // libhdf5 pads a paged file to whole pages
                if (strategy != null) strategy.record(store, end);
            }
            writeSuperblock(superblock.fileConsistencyFlags() & ~(WriterFlags.WRITE | WriterFlags.SWMR_WRITE), Math.max(end, 0));
            long length = superblock.endOfFile();
            if (store.size() < length) store.write(length - 1, ByteBuffer.wrap(new byte[1]));
            store.sync();
            if (store.size() > length) store.truncate(length);
        } finally {
            try {
                if (lock != null) lock.close();
            } finally {
                if (sink != null) sink.discard(); // a published new file: closed, kept as written
            }
        }
    }

    /**
     * Writes the free-space managers at close, so that a crash at any point leaves a file libhdf5
     * opens whose managers list only free space: their blocks first (past everything in use),
     * synced; then the superblock's end of file over them if they reach past it, synced; only then
     * the File Space Info message naming them, synced. Returns the file's new end.
     */
    private long writeManagers(FileSpaceStrategy.Managers m) {
        for (EncodedBlock b : m.blocks()) writeNow(b.address(), b.bytes());
        store.sync();
        if (m.end() > durableEnd) {
            writeSuperblock(superblock.fileConsistencyFlags() | WriterFlags.WRITE, m.end());
            store.sync();
            durableEnd = m.end();
        }
        strategy.record(store, m);
        store.sync();
        return m.end();
    }

    /** Abandons what is not committed: a new file leaves nothing; an existing one keeps its last commit. */
    synchronized void discard() {
        if (state == State.CLOSED) return;
        try {
            if (isNewFile()) discardQuietly();
            else finishExisting();
        } finally {
            state = State.CLOSED;
            shutdownExecutor();
        }
    }

    private void discardQuietly() {
        for (ObjectRecord r : changed) {
            if (r.dataset != null) {
                try {
                    r.dataset.abandon();
                } catch (RuntimeException ignored) {
                    // the file is being thrown away
                }
            }
        }
        sink.discard();
    }

    private synchronized void shutdownExecutor() {
        if (executor != null) executor.shutdown();
    }

    @Override
    public String toString() {
        return "Session[" + path + ", " + state + "]";
    }

    /** Raw data space: fresh blocks from the file's space, written and read at the base address. */
    private final class SessionSpace implements RawSpace {
        @Override
        public long allocate(long size) {
            return space.allocate(size);
        }

        @Override
        public long allocateZeroed(long size) {
            long address = space.allocate(size);
            long from = context.baseAddress() + address;
            long to = Math.min(from + size, store.size());
            byte[] zeros = new byte[(int) Math.min(1 << 20, Math.max(0, to - from))];
            for (long at = from; at < to; at += zeros.length) store.write(at, ByteBuffer.wrap(zeros, 0, (int) Math.min(zeros.length, to - at)));
            // space past the file's end reads as zeros once the file reaches over it: its last byte
            // written now (a hole before it), so that this session reads elements it has not written
            // yet (libhdf5's reads past the end of a file give zeros; ours refuse a range past the end)
            if (from + size > store.size()) store.write(from + size - 1, ByteBuffer.wrap(new byte[1]));
            return address;
        }

        @Override
        public void write(long address, ByteBuffer bytes) {
            store.write(context.baseAddress() + address, bytes);
        }

        @Override
        public void read(long address, ByteBuffer dst) {
            store.read(context.baseAddress() + address, dst, "chunk read back");
        }

        @Override
        public void discard(long address, long size) {
            space.discardRaw(address, size);
        }

        @Override
        public void release(long address, long size) {
            space.releaseRaw(address, size);
        }

        @Override
        public String fileName() {
            return path.toString();
        }
    }
}
