package org.h5vds.node;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.h5vds.format.FileContext;
import org.h5vds.format.ObjectHeader;
import org.h5vds.format.Superblock;
import org.h5vds.io.H5Exception;
import org.h5vds.io.H5FormatException;
import org.h5vds.io.Store;

/**
 * One HDF5 file opened for reading: its superblock, a cache of decoded object headers, and path
 * resolution through hard, soft and external links. Safe to share between threads.
 */
public final class OpenFile implements AutoCloseable {
    /** libhdf5's limit on soft and external links followed while resolving one path (H5L_NUM_LINKS). */
    static final int MAX_LINK_HOPS = 16;
    private static final int HEADER_CACHE_LIMIT = 50_000;

    private final Store store;
    private final Superblock superblock;
    private final FileContext context;
    private final NodeOptions options;
    private final Map<Long, ObjectHeader> headers = new ConcurrentHashMap<>();
    private final Map<Long, DatasetNode> datasets = new ConcurrentHashMap<>();
    private final Map<String, Object> structures = new ConcurrentHashMap<>();
    private final ExternalFiles externals;
    private final SharedMessages sharedMessages;
    private final StoredHeaps heaps = new StoredHeaps(this);

    private OpenFile(Store store, Superblock superblock, NodeOptions options) {
        this.store = store;
        this.superblock = superblock;
        this.context = superblock.context();
        this.options = options;
        this.externals = new ExternalFiles(this);
        this.sharedMessages = new SharedMessages(this);
    }

    public static OpenFile open(Path path) {
        return open(path, NodeOptions.defaults());
    }

    public static OpenFile open(Path path, NodeOptions options) {
        return open(path.toString(), options);
    }

    /** Opens the file at {@code location} (a path or a URI) through {@code options.stores()}. */
    public static OpenFile open(String location, NodeOptions options) {
        Store store = options.stores().open(location);
        try {
            return new OpenFile(store, Superblock.read(store), options);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** Where the file is: the path or URI it was opened with. */
    public String location() {
        return store.location();
    }

    /** The file's name in messages: its location. */
    public String fileName() {
        return store.location();
    }

    /** The store the file is read through. */
    public Store store() {
        return store;
    }

    public Superblock superblock() {
        return superblock;
    }

    public FileContext context() {
        return context;
    }

    /** The file's global heap objects, through which variable-length data and references are read. */
    public org.h5vds.storage.FileObjects objects() {
        return heaps;
    }

    public NodeOptions options() {
        return options;
    }

    /** The decoded object header at {@code address}, read once and cached. */
    public ObjectHeader header(long address, String objectPath) {
        ObjectHeader h = headers.get(address);
        if (h != null) return h;
        try {
            h = ObjectHeader.read(context, address, sharedMessages);
        } catch (H5FormatException e) {
            throw e.inObject(objectPath);
        }
        if (headers.size() >= HEADER_CACHE_LIMIT) headers.clear();
        headers.put(address, h);
        return h;
    }

    /** Resolves shared messages of this file, committed or in the shared-message heaps. */
    SharedMessages sharedMessages() {
        return sharedMessages;
    }

    /** A decoded structure (heap, B-tree) of this file, built once per key and kept while the file is open. */
    @SuppressWarnings("unchecked")
    <T> T cached(String key, java.util.function.Supplier<T> build) {
        Object v = structures.get(key);
        if (v == null) {
            v = build.get();
            Object prev = structures.putIfAbsent(key, v);
            if (prev != null) v = prev;
        }
        return (T) v;
    }

    public long rootAddress() {
        return superblock.version() >= 2 ? superblock.rootGroupObjectHeaderAddress()
                : superblock.rootGroupSymbolTableEntry().objectHeaderAddress();
    }

    public GroupNode root() {
        return new GroupNode(this, "/", header(rootAddress(), "/"));
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
            paths = m;
        }
        return m.get(address);
    }

    private void walk(GroupNode g, String path, java.util.Map<Long, String> found) {
        List<LinkEntry> links = new ArrayList<>(g.links());
        links.sort((a, b) -> java.util.Arrays.compare(a.name().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                b.name().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        for (LinkEntry e : links) {
            if (e.kind() != LinkEntry.Kind.HARD || found.containsKey(e.address())) continue;
            String child = join(path, e.name());
            found.put(e.address(), child);
            if (node(child, e.address()) instanceof GroupNode sub) walk(sub, child, found);
        }
    }

    /** The object whose header is at {@code address}, known here by {@code path}. */
    public ObjectNode node(String path, long address) {
        ObjectHeader h = header(address, path);
        return switch (ObjectNode.kindOf(h)) {
            case GROUP -> new GroupNode(this, path, h);
            case DATASET -> datasets.computeIfAbsent(address, a -> new DatasetNode(this, path, h));
            case DATATYPE -> new DatatypeNode(this, path, h);
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

    @Override
    public void close() {
        try {
            externals.close();
        } finally {
            store.close();
        }
    }

    @Override
    public String toString() {
        return "OpenFile[" + store.location() + "]";
    }
}
