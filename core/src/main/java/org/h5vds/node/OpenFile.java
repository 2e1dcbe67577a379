package org.h5vds.node;

import java.lang.ref.Cleaner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.h5vds.format.FileContext;
import org.h5vds.format.ObjectHeader;
import org.h5vds.format.Superblock;
import org.h5vds.io.H5Exception;
import org.h5vds.io.Locations;
import org.h5vds.io.H5FormatException;
import org.h5vds.io.Store;

/**
 * One HDF5 file, open for reading or for writing: its superblock, caches of decoded object headers
 * and structures, the records of its objects, and path resolution through hard, soft and external
 * links. Reading is safe from many threads at once.
 *
 * <p>A file open for writing ({@link #create}, {@link #openForWriting}) has a {@link Session}:
 * groups, datasets and attributes are changed through the nodes, which read back what was changed
 * at once; {@link #commit()} makes the changes durable in the order that keeps the file readable by
 * libhdf5 at every moment, and {@link #close()} commits and releases the file. The handles of one
 * JVM share one open file (see {@link OpenFiles}): opening for reading a file open for writing
 * gives a handle on the writer's objects.
 *
 * <p>A file whose superblock says a writer has it open (a SWMR writer's, or one read with
 * {@link NodeOptions#ignoreWriterFlags()}) is <em>live</em>: its metadata reads are retried as
 * libhdf5's SWMR reader retries them ({@link SwmrReads}), and {@link #refresh(DatasetNode)} reads a
 * dataset again as the writer has grown it since.
 */
public final class OpenFile implements AutoCloseable {
    /** libhdf5's limit on soft and external links followed while resolving one path (H5L_NUM_LINKS). */
    static final int MAX_LINK_HOPS = 16;
    private static final int HEADER_CACHE_LIMIT = 50_000;

    /**
     * Gives back the reader count of files whose handles were dropped without a close. In a holder
     * class, made when a file is first opened for reading: {@code Cleaner.create()} starts a
     * thread, which a program that only creates files does not need.
     */
    private static final class DroppedHandles {
        static final Cleaner CLEANER = Cleaner.create();
    }

    /** What the handles of one open file share. */
    private static final class Core {
        final Store store;
        final FileContext context;
        final Object key;
        volatile Superblock superblock;
        final Map<Long, ObjectHeader> headers = new ConcurrentHashMap<>();
        final Map<StructureKey, Object> structures = new ConcurrentHashMap<>();
        final Map<Long, ObjectRecord> records = new ConcurrentHashMap<>();
        volatile Session session;
        int handles = 1;
        /** Another program had the file open for writing when it was opened: reads retry what a writer may be changing. */
        final boolean live;
        /**
         * This file's count among the readers of {@link OpenFiles}, given back at the last close or,
         * for handles dropped without a close, when the garbage collector finds them: the JVM closes
         * a dropped file's descriptor then too, and the next file to get its inode must not be
         * taken for it.
         */
        Cleaner.Cleanable readerCount;
        /** For a reader's opening of a local file: the provider that opened it and the file's version then; else null. */
        org.h5vds.io.StoreProvider provider;
        String version;

        Core(Store store, Superblock superblock, FileContext context, Object key) {
            this.store = store;
            this.superblock = superblock;
            this.live = superblock != null && WriterFlags.isSet(superblock);
            this.context = context;
            this.key = key;
        }

        /**
         * Counts one more handle on this reader's opening when a reader opening the same file
         * through {@code provider}, as it is at {@code version}, may share it: still open, opened
         * the same way, and neither written by another program then (live) nor changed since.
         */
        boolean join(org.h5vds.io.StoreProvider provider, String version) {
            if (live || session != null || this.provider != provider || !version.equals(this.version)) return false;
            synchronized (this) {
                if (handles == 0) return false;
                handles++;
                return true;
            }
        }
    }

    private final Core core;
    private final NodeOptions options;
    /** A handle opened for reading on a file this JVM has open for writing: it reads the writer's objects and changes none. */
    private final boolean readOnly;
    private final Map<Long, DatasetNode> datasets = new ConcurrentHashMap<>();
    private final ExternalFiles externals;
    private final SharedMessages sharedMessages;
    private volatile boolean closed;
    private final StoredHeaps heaps = new StoredHeaps(this);

    private OpenFile(Core core, NodeOptions options) {
        this(core, options, false);
    }

    private OpenFile(Core core, NodeOptions options, boolean readOnly) {
        this.core = core;
        this.options = options;
        this.readOnly = readOnly;
        this.externals = new ExternalFiles(this);
        this.sharedMessages = new SharedMessages(this);
    }

    public static OpenFile open(Path path) {
        return open(path, NodeOptions.defaults());
    }

    /**
     * Opens {@code path} for reading. A file this JVM has open for writing is shared: the handle
     * reads the writer's objects as they are now. A file whose superblock (version 3) says another
     * program is writing it is refused, as libhdf5 refuses it, unless {@code options} say to read it anyway.
     */
    public static OpenFile open(Path path, NodeOptions options) {
        return open(path.toString(), options);
    }

    /**
     * Opens the file at {@code location} (a path or a URI) through {@code options.stores()} for
     * reading; a local file this JVM has open for writing is shared (see {@link #open(Path, NodeOptions)}).
     */
    public static OpenFile open(String location, NodeOptions options) {
        OpenFiles.Identity id = Locations.isRemote(location) ? null : OpenFiles.identify(Locations.localPath(location));
        Object key = id == null ? null : id.key();
        org.h5vds.io.StoreProvider provider = key == null ? null : options.stores().provider(location);
        Object opened = OpenFiles.readerOpened(key, earlier -> ((Core) earlier).join(provider, id.version()));
        if (opened instanceof OpenFile writer) return writer.share(options);
        if (opened != null) return new OpenFile((Core) opened, options); // libhdf5 shares an open file's metadata cache too
        Store store = null;
        Core core = null;
        try {
            store = options.stores().open(location);
            Superblock sb = readSuperblock(store);
            if (!options.ignoreWriterFlags()) WriterFlags.checkForReading(location, sb);
            core = new Core(store, sb, sb.context(), key);
            // a writer has the file open: its headers are read as the writer leaves them, not as the
            // store read them ahead at opening (FileStore.HEAD)
            if (core.live) store.currentSize();
            if (key != null) {
                core.readerCount = DroppedHandles.CLEANER.register(core, () -> OpenFiles.readerClosed(key));
                core.provider = provider;
                core.version = id.version();
                OpenFiles.readerOpening(key, core);
            }
            OpenFile file = new OpenFile(core, options);
            SuperblockExtension.check(file);
            return file;
        } catch (RuntimeException e) {
            if (store != null) store.close();
            if (core != null && core.readerCount != null) core.readerCount.clean();
            else OpenFiles.readerClosed(key);
            throw e;
        }
    }

    /**
     * The superblock; read again while it fails when the file starts with a version 3 superblock
     * flagged for SWMR writing (the writer may be rewriting it).
     */
    private static Superblock readSuperblock(Store store) {
        try {
            return Superblock.read(store);
        } catch (H5FormatException e) {
            if (!startsWithSwmrSuperblock(store)) throw e;
            return SwmrReads.retry(store, () -> Superblock.read(store));
        }
    }

    private static boolean startsWithSwmrSuperblock(Store store) {
        if (store.size() < 12) return false;
        java.nio.ByteBuffer b = store.read(0, 12, "superblock");
        for (int i = 0; i < Superblock.SIGNATURE.length; i++) if (b.get(i) != Superblock.SIGNATURE[i]) return false;
        return b.get(8) == 3 && (b.get(11) & WriterFlags.SWMR_WRITE) != 0;
    }

    /**
     * Whether another program had the file open for writing when it was opened (its superblock
     * flags set): a SWMR writer, or any writer of a file read with {@link NodeOptions#ignoreWriterFlags()}.
     */
    public boolean isLive() {
        return core.live;
    }

    /**
     * What the superblock's file consistency flags say now (read again from the file); for a file
     * this program has open for writing, {@link WriterState#WRITING}.
     */
    public WriterState writerStateNow() {
        Session s = core.session;
        if (s != null) return !s.isOpen() ? WriterState.NONE : s.isSwmr() ? WriterState.SWMR_WRITING : WriterState.WRITING;
        core.store.currentSize();
        return WriterState.of(readSuperblock(core.store));
    }

    /**
     * Opens an existing file for writing (h5py's {@code 'r+'}): locks it against other programs
     * and sets the superblock's open-for-write flag until {@link #close()}, as libhdf5 does.
     *
     * @throws H5Exception naming the file when it is missing, not writable, locked, flagged as open
     *                     for writing, or uses a feature h5vds cannot update
     */
    public static OpenFile openForWriting(Path path, NodeOptions options) {
        if (!Files.exists(path)) throw new H5Exception(path + ": no such file");
        Object key = OpenFiles.key(path);
        OpenFiles.writerOpening(key, path);
        Session.Opened opened;
        try {
            opened = Session.openExisting(path);
        } catch (RuntimeException e) {
            OpenFiles.writerClosed(key, null);
            throw e;
        }
        Core core = new Core(opened.store(), opened.superblock(), opened.superblock().context(), key);
        OpenFile f = new OpenFile(core, options);
        try {
            core.session = opened.start(f);
        } catch (RuntimeException e) {
            OpenFiles.writerClosed(key, null);
            opened.abandon();
            throw e;
        }
        OpenFiles.writerOpened(key, f);
        return f;
    }

    /**
     * Starts a new file that appears at {@code path} when closed (h5py's {@code 'w'} with
     * {@code replace}, {@code 'x'} without): until then it is written under a temporary name.
     */
    public static OpenFile create(Path path, boolean replace, NodeOptions options) {
        Session.Created created = Session.createNew(path, replace);
        Core core = new Core(created.store(), null, created.context(), null);
        OpenFile f = new OpenFile(core, options);
        core.session = created.start(f);
        return f;
    }

    private OpenFile share(NodeOptions otherOptions) {
        synchronized (core) {
            core.handles++;
        }
        return new OpenFile(core, otherOptions, true);
    }

    /** Where the file is: the path or URI it was opened (or is being created) with. */
    public String location() {
        Session s = core.session;
        return s != null ? s.path().toString() : core.store.location();
    }

    /**
     * The local file: its path.
     *
     * @throws UnsupportedOperationException for a file at a remote location (see {@link #location()})
     */
    public Path path() {
        String location = location();
        if (Locations.isRemote(location)) throw new UnsupportedOperationException(location + " is not a local file");
        return Locations.localPath(location);
    }

    /** The file's name in messages: its location. */
    public String fileName() {
        return location();
    }

    /** The superblock as it stands (for a new file, the one it will get). */
    public Superblock superblock() {
        Session s = core.session;
        if (core.superblock == null && s != null) return s.superblock();
        return core.superblock;
    }

    void superblock(Superblock sb) {
        core.superblock = sb;
    }

    public FileContext context() {
        return core.context;
    }

    /**
     * The file's global heap objects, through which variable-length data and references are read
     * and, in a file open for writing, written (new objects go to the session's own collections).
     */
    public org.h5vds.storage.FileObjects objects() {
        // (a handle reading a file this JVM writes reads the writer's objects, so its heap objects too)
        Session s = core.session;
        return s != null ? s.objects() : heaps;
    }

    /** The heap objects as stored (what a session's heap reads objects it did not write through). */
    StoredHeaps storedObjects() {
        return heaps;
    }

    public NodeOptions options() {
        return options;
    }

    /** The store the file is read through. */
    public Store store() {
        return core.store;
    }

    /** Whether this file is open for writing (and not yet closed). */
    public boolean isWritable() {
        Session s = core.session;
        return !readOnly && s != null && s.isOpen();
    }

    /** Whether this handle opened its file for writing (open or closed since). */
    public boolean wasOpenedForWriting() {
        return !readOnly && core.session != null;
    }

    /**
     * For a new file: the temporary files that killed writers of the same name had left, removed
     * when this one was started (see {@link org.h5vds.io.TemporaryFile}); empty otherwise.
     */
    public java.util.List<Path> staleTemporariesRemoved() {
        Session s = core.session;
        return s == null || readOnly ? java.util.List.of() : s.staleTemporariesRemoved();
    }

    /**
     * Throws unless this file can be changed now, saying why not: open for reading, closed, or
     * failed by an earlier write; {@code object} (a path) is named.
     */
    public void requireWritable(String object) {
        Session s = core.session;
        if (s == null || readOnly) {
            throw new IllegalStateException(fileName() + ": " + object + " belongs to a file open for reading; open it for writing "
                    + "(H5File.Mode.READ_WRITE or APPEND, h5py's r+ / a) to change it");
        }
        s.requireOpen(object);
    }

    /** The session writing this file; fails for a file open for reading. */
    Session session() {
        Session s = core.session;
        if (s == null || readOnly) {
            throw new IllegalStateException(fileName() + " is open for reading; open it for writing (r+, a) to change it");
        }
        return s;
    }

    /** The session when the file is open for writing, else null. */
    Session sessionOrNull() {
        return core.session;
    }

    /** The decoded object header at {@code address}, read once and cached. */
    public ObjectHeader header(long address, String objectPath) {
        ObjectHeader h = core.headers.get(address);
        if (h != null) return h;
        try {
            h = core.live ? SwmrReads.retry(core.store, () -> ObjectHeader.read(core.context, address, sharedMessages))
                    : ObjectHeader.read(core.context, address, sharedMessages);
        } catch (H5FormatException e) {
            throw e.inObject(objectPath);
        }
        if (core.headers.size() >= HEADER_CACHE_LIMIT) core.headers.clear();
        core.headers.put(address, h);
        return h;
    }

    /** Resolves shared messages of this file, committed or in the shared-message heaps. */
    SharedMessages sharedMessages() {
        return sharedMessages;
    }

    /** A decoded structure (heap, B-tree) of this file, built once per key and kept until the file changes. */
    @SuppressWarnings("unchecked")
    <T> T cached(String kind, long address, java.util.function.Supplier<T> build) {
        // a key of two fields, not a string built per call: a variable-length string looks up its
        // global heap collection here, 100,000 times for as many strings
        StructureKey key = new StructureKey(kind, address);
        Object v = core.structures.get(key);
        if (v == null) {
            v = core.live ? SwmrReads.retry(core.store, build) : build.get();
            Object prev = core.structures.putIfAbsent(key, v);
            if (prev != null) v = prev;
        }
        return (T) v;
    }

    /**
     * {@code dataset} read again from the file (h5py's {@code Dataset.refresh()}): its header, and
     * with it the dataspace, layout and a new chunk index, and the file's length. Every decoded
     * structure of the file is forgotten too, so nothing cached outlives what the writer changed;
     * readers still using the old node go on reading what it described. The objects of a file this
     * program is writing are read as they are already: they are returned as they are.
     */
    public DatasetNode refresh(DatasetNode dataset) {
        if (dataset.file() != this) return dataset.file().refresh(dataset);
        if (core.session != null) return dataset;
        core.store.currentSize();
        long address = dataset.address();
        core.headers.remove(address);
        core.structures.clear();
        DatasetNode fresh = new DatasetNode(this, dataset.path(), record(address, dataset.path()));
        datasets.put(address, fresh);
        return fresh;
    }

    /**
     * Forgets every decoded header, structure and dataset of the file and reads its length again,
     * so that what is looked up next is read as the file is now (the sources of a virtual dataset
     * in its own file, see {@link #refresh(DatasetNode)}). Does nothing to a file this program is writing.
     */
    public void refresh() {
        if (core.session != null) return;
        core.store.currentSize();
        core.headers.clear();
        core.structures.clear();
        datasets.clear();
    }

    /** A file read for a SWMR writer's data runs the reads of a dataset through {@link SwmrReads}. */
    <T> T readLive(java.util.function.Supplier<T> read) {
        return SwmrReads.retry(core.store, read);
    }

    /** A commit changed the file: forget every decoded header and structure (records re-read theirs). */
    void forgetDecoded() {
        core.headers.clear();
        core.structures.clear();
        for (ObjectRecord r : core.records.values()) r.reload();
        datasets.clear();
    }

    /** The record of the object whose header is at {@code address}: one per object in a file open for writing. */
    ObjectRecord record(long address, String path) {
        if (core.session == null) return stored(address, path);
        ObjectRecord r = core.records.get(address);
        if (r != null) return r;
        ObjectRecord made = stored(address, path);
        r = core.records.putIfAbsent(address, made);
        return r != null ? r : made;
    }

    /** The record of a stored object; telling its kind decodes messages, whose errors name the object too. */
    private ObjectRecord stored(long address, String path) {
        ObjectHeader h = header(address, path);
        try {
            return ObjectRecord.stored(this, h);
        } catch (H5FormatException e) {
            throw e.inObject(path);
        }
    }

    /** Registers a record made in this session once it is written at {@code address}. */
    void recordWritten(ObjectRecord r) {
        recordWritten(r, r.address());
    }

    /** Registers a record made in this session at the address its header is written or reserved at. */
    void recordWritten(ObjectRecord r, long address) {
        core.records.put(address, r);
    }

    public long rootAddress() {
        Superblock sb = superblock();
        return sb.version() >= 2 ? sb.rootGroupObjectHeaderAddress() : sb.rootGroupSymbolTableEntry().objectHeaderAddress();
    }

    public GroupNode root() {
        Session s = core.session;
        if (s != null && s.root() != null) return new GroupNode(this, "/", s.root());
        return new GroupNode(this, "/", record(rootAddress(), "/"));
    }

    /** The object at {@code path} (absolute, or relative to the root), following links. */
    public ObjectNode resolve(String path) {
        return resolve(root(), path, new int[] {0});
    }

    /** The object at {@code path} relative to {@code start} (absolute paths start at the root). */
    public ObjectNode resolve(GroupNode start, String path) {
        return resolve(start, path, new int[] {0});
    }

    ObjectNode resolve(GroupNode start, String path, int[] hops) {
        if (start.file != this) return start.file.resolve(start, path, hops);
        ObjectNode cur = path.startsWith("/") ? root() : start;
        for (String part : split(path)) {
            if (part.equals(".")) continue;
            if (!(cur instanceof GroupNode g)) {
                throw new H5Exception(cur.file.fileName() + ": " + cur.path() + " is not a group, so it has no member \"" + part + "\"");
            }
            LinkEntry link = g.link(part).orElseThrow(() -> new NoSuchObjectException(g.file.fileName(), join(g.path(), part)));
            // after an external link the path goes on in the target file, with that file's own sizes
            cur = g.file.follow(g, link, hops);
        }
        return cur;
    }

    /** The object a link of {@code parent} (a group of this file) leads to. */
    ObjectNode follow(GroupNode parent, LinkEntry link, int[] hops) {
        String childPath = join(parent.path(), link.name());
        switch (link.kind()) {
            case HARD:
                if (link.address() == org.h5vds.io.Cursor.UNDEFINED) return parent.createdMember(link.name(), childPath);
                return node(childPath, link.address());
            case SOFT:
                if (++hops[0] > MAX_LINK_HOPS) throw new H5Exception(fileName() + ": " + childPath + ": more than " + MAX_LINK_HOPS + " links followed (a cycle?)");
                try {
                    return resolve(parent, link.target(), hops);
                } catch (NoSuchObjectException e) {
                    throw new NoSuchObjectException(fileName(), childPath, "a soft link to " + link.target() + ", which does not exist");
                }
            case EXTERNAL: {
                if (++hops[0] > MAX_LINK_HOPS) throw new H5Exception(fileName() + ": " + childPath + ": more than " + MAX_LINK_HOPS + " links followed (a cycle?)");
                OpenFile other = externals.open(link.externalFile(), childPath, link.target());
                try {
                    return other.resolve(other.root(), link.target(), hops);
                } catch (NoSuchObjectException e) {
                    throw new NoSuchObjectException(fileName(), childPath, "an external link to " + link.externalFile() + ":" + link.target()
                            + ", which does not exist in " + other.fileName());
                }
            }
            default:
                throw new H5Exception(fileName() + ": " + childPath + " is a user-defined link (link type " + link.linkType()
                        + "), which libhdf5 cannot follow without the program that registered it");
        }
    }

    private volatile java.util.Map<Long, String> paths;

    /**
     * A path of the object whose header is at {@code address}, as libhdf5 names an object opened
     * by reference (H5Iget_name): the first found through hard links, depth first in name order;
     * null when no hard link reaches it.
     */
    public String pathOf(long address) {
        java.util.Map<Long, String> m = paths;
        if (m == null) {
            m = new java.util.HashMap<>();
            m.put(rootAddress(), "/");
            walk(root(), "/", m);
            // a file open for writing changes its links: walked again each time
            if (core.session == null) paths = m;
        }
        return m.get(address);
    }

    // depth first with a stack of its own, not the thread's: groups may nest thousands deep
    private void walk(GroupNode root, String rootPath, java.util.Map<Long, String> found) {
        java.util.ArrayDeque<java.util.Map.Entry<String, java.util.Iterator<LinkEntry>>> stack = new java.util.ArrayDeque<>();
        stack.push(java.util.Map.entry(rootPath, byName(root).iterator()));
        while (!stack.isEmpty()) {
            String path = stack.peek().getKey();
            java.util.Iterator<LinkEntry> links = stack.peek().getValue();
            if (!links.hasNext()) {
                stack.pop();
                continue;
            }
            LinkEntry e = links.next();
            // (objects made since the last commit have no address yet: no reference can name them)
            if (e.kind() != LinkEntry.Kind.HARD || e.address() == org.h5vds.io.Cursor.UNDEFINED || found.containsKey(e.address())) continue;
            String child = join(path, e.name());
            found.put(e.address(), child);
            if (node(child, e.address()) instanceof GroupNode sub) stack.push(java.util.Map.entry(child, byName(sub).iterator()));
        }
    }

    private static List<LinkEntry> byName(GroupNode g) {
        List<LinkEntry> links = new ArrayList<>(g.links());
        links.sort((a, b) -> java.util.Arrays.compare(a.name().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                b.name().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        return links;
    }

    /** The object whose header is at {@code address}, known here by {@code path}. */
    public ObjectNode node(String path, long address) {
        if (core.session == null) {
            DatasetNode d = datasets.get(address);
            if (d != null) return d.at(path);
        }
        return node(path, record(address, path));
    }

    /** A view of {@code record} at {@code path}. */
    ObjectNode node(String path, ObjectRecord record) {
        return switch (record.kind) {
            case GROUP -> new GroupNode(this, path, record);
            case DATASET -> {
                if (core.session != null || !record.isWritten()) yield new DatasetNode(this, path, record);
                yield datasets.computeIfAbsent(record.address(), a -> new DatasetNode(this, path, record)).at(path);
            }
            case DATATYPE -> new DatatypeNode(this, path, record);
        };
    }

    static List<String> split(String path) {
        List<String> out = new ArrayList<>();
        for (String p : path.split("/")) if (!p.isEmpty()) out.add(p);
        return out;
    }

    static String join(String parent, String name) {
        return parent.endsWith("/") ? parent + name : parent + "/" + name;
    }

    /** Makes every change so far durable (see {@link Session#commit()}); fails for a file open for reading. */
    public void commit() {
        session().commit();
    }

    /**
     * Makes every change so far visible to readers (h5py's {@code Dataset.flush()}): in SWMR write
     * mode the writes are ordered for libhdf5's SWMR readers, not forced to the disk (see
     * {@link Session#commit(boolean)}); otherwise the same as {@link #commit()}.
     */
    public void flushForReaders() {
        Session s = session();
        s.commit(!s.isSwmr());
    }

    /**
     * Switches this file, open for writing, to SWMR write mode (see {@link Session#startSwmr()}).
     *
     * @throws IllegalStateException for a file open for reading, closed, failed, or already in SWMR mode
     * @throws H5Exception           naming the file when its superblock is older than version 3
     */
    public void startSwmrWrite() {
        Session s = core.session;
        if (s == null || readOnly) {
            throw new IllegalStateException(fileName() + ": is open for reading; SWMR writing needs the file open for writing "
                    + "(H5File.Mode.READ_WRITE or APPEND, or a new file), as libhdf5 needs (\"no write intent on file\")");
        }
        s.startSwmr();
    }

    /** Whether this file is open for writing in SWMR write mode. */
    public boolean isSwmrWriting() {
        Session s = core.session;
        return !readOnly && s != null && s.isOpen() && s.isSwmr();
    }

    /**
     * Abandons a file being written: a new file leaves nothing under its name; an existing file
     * keeps what the last commit wrote and loses what came since. Closing afterwards does nothing more.
     */
    public void discard() {
        session().discard();
        close();
    }

    /** Closes this handle, abandoning uncommitted changes of a file it opened for writing; never throws. */
    public void discardQuietly() {
        try {
            Session s = core.session;
            if (s != null && s.owner() == this) s.discard();
        } catch (RuntimeException ignored) {
            // being abandoned
        }
        try {
            close();
        } catch (RuntimeException ignored) {
            // being abandoned
        }
    }

    /**
     * Closes this handle. The handle that opened a file for writing commits every change first,
     * clears the open-for-write flag and releases the lock (a new file takes its name); the file
     * itself stays open while other handles share it.
     */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        Session s = core.session;
        RuntimeException failure = null;
        if (s != null && s.owner() == this) {
            try {
                s.close();
            } catch (RuntimeException e) {
                failure = e;
            } finally {
                OpenFiles.writerClosed(core.key, this);
            }
        }
        try {
            externals.close();
        } catch (RuntimeException e) {
            if (failure == null) failure = e;
        }
        boolean last;
        synchronized (core) {
            last = --core.handles == 0;
        }
        if (last) {
            if (s == null) {
                if (core.readerCount != null) core.readerCount.clean();
                else OpenFiles.readerClosed(core.key);
            }
            try {
                core.store.close();
            } catch (RuntimeException e) {
                if (failure == null) failure = e;
            }
        }
        if (failure != null) throw failure;
    }

    @Override
    public String toString() {
        return "OpenFile[" + location() + (isWritable() ? ", open for writing" : "") + "]";
    }

    /**
     * What {@link #cached} keeps a decoded structure under: its kind and its address in the file. A
     * class, not a record: a record's equals and hashCode are linked at run time on first use
     * ({@code java.lang.runtime.ObjectMethods}), a cost every {@code ls} would pay.
     */
    static final class StructureKey {
        private final String kind;
        private final long address;

        StructureKey(String kind, long address) {
            this.kind = kind;
            this.address = address;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof StructureKey k && k.address == address && k.kind.equals(kind);
        }

        @Override
        public int hashCode() {
            return 31 * kind.hashCode() + Long.hashCode(address);
        }
    }
}
