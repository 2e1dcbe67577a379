package org.h5vds.node;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.h5vds.format.BTreeV2Record;
import org.h5vds.format.Checksum;
import org.h5vds.format.HeaderMessage;
import org.h5vds.format.ObjectHeader;
import org.h5vds.format.SymbolTable;
import org.h5vds.format.SymbolTableEntry;
import org.h5vds.format.message.Datatype;
import org.h5vds.format.message.LinkInfoMessage;
import org.h5vds.format.message.LinkMessage;
import org.h5vds.format.message.SymbolTableMessage;
import org.h5vds.io.H5Exception;
import org.h5vds.io.H5FormatException;

/**
 * A group and its links, in whichever of libhdf5's three storages they live: a symbol table (v1
 * B-tree, local heap and symbol table nodes; files of the 1.6 format), link messages in the header
 * (compact), or a fractal heap indexed by a v2 B-tree of name hashes (dense) — or, once this
 * session changed them, its {@link LinkTable}.
 *
 * <p>In a file open for writing a group creates groups, datasets and links, removes and moves
 * links; creating an object creates the groups on its path that do not exist yet (as h5py does).
 * Paths may be relative to this group or absolute.
 */
public final class GroupNode extends ObjectNode {
    /**
     * libhdf5 orders link names by strcmp, i.e. by their UTF-8 bytes, which is the order of their
     * code points. Compared char by char without encoding them (a lookup compares a name with a few
     * others; a listing sorts with {@link ListingOrder#sortByName}): UTF-16 orders code points too except where a
     * surrogate (U+D800-DFFF, half of a code point above U+FFFF) meets a char of U+E000-FFFF, so
     * chars from U+D800 up are shifted to put the surrogates last. (A class, not a lambda: every
     * program that opens or creates a file loads this class, and a lambda's call site costs 1-2 ms
     * to link the first time.)
     */
    static final Comparator<String> NAME_ORDER = new Comparator<>() {
        @Override
        public int compare(String a, String b) {
            int n = Math.min(a.length(), b.length());
            for (int i = 0; i < n; i++) {
                char x = a.charAt(i), y = b.charAt(i);
                if (x != y) return codePointRank(x) - codePointRank(y);
            }
            return a.length() - b.length();
        }
    };

    /** Where a UTF-16 char sorts in code point order: surrogates after every other char. */
    private static int codePointRank(char c) {
        if (c < 0xD800) return c;
        return c >= 0xE000 ? c - 0x800 : c + 0x2000;
    }

    private volatile List<LinkEntry> storedLinks;

    GroupNode(OpenFile file, String path, ObjectRecord record) {
        super(file, path, record);
    }

    @Override
    public NodeKind kind() {
        return NodeKind.GROUP;
    }

    // ---- reading -------------------------------------------------------------------------------

    /** Every link, in name order (libhdf5's default iteration order). */
    public List<LinkEntry> links() {
        Session s = file.sessionOrNull();
        if (s != null) {
            synchronized (s) {
                LinkTable t = record.links;
                if (t != null) return t.entries();
            }
        }
        List<LinkEntry> l = storedLinks;
        if (l == null) {
            try {
                l = readLinks();
            } catch (H5FormatException e) {
                throw e.inObject(path);
            }
            ListingOrder.sortByName(l, LinkEntry::name);
            storedLinks = l = List.copyOf(l);
        }
        return l;
    }

    /**
     * The links in the order h5py lists them ({@code list(group)}): creation order when the group
     * tracks it, else by name as {@link #links()}.
     */
    public List<LinkEntry> linksAsListed() {
        List<LinkEntry> byName = links();
        if (!ListingOrder.tracked(byName, LinkEntry::creationOrder)) return byName;
        List<LinkEntry> l = new java.util.ArrayList<>(byName);
        ListingOrder.sort(l, LinkEntry::creationOrder, LinkEntry::name);
        return l;
    }

    /** The link named {@code name}, found through the group's index without listing every link. */
    public Optional<LinkEntry> link(String name) {
        Session s = file.sessionOrNull();
        if (s != null) {
            synchronized (s) {
                LinkTable t = record.links;
                if (t != null) {
                    LinkTable.Link l = t.get(name);
                    return l == null ? Optional.empty() : Optional.of(l.entry());
                }
            }
        }
        List<LinkEntry> known = storedLinks;
        if (known != null) {
            for (LinkEntry e : known) if (e.name().equals(name)) return Optional.of(e);
            return Optional.empty();
        }
        try {
            return findLink(name);
        } catch (H5FormatException e) {
            throw e.inObject(path);
        }
    }

    /** The object a member name leads to, following soft and external links. */
    public ObjectNode member(String name) {
        LinkEntry e = link(name).orElseThrow(() -> new NoSuchObjectException(file.fileName(), OpenFile.join(path, name)));
        return file.follow(this, e, new int[] {0});
    }

    /** The view of a member made in this session and not yet written. */
    ObjectNode createdMember(String name, String childPath) {
        Session s = file.sessionOrNull();
        if (s == null) throw new NoSuchObjectException(file.fileName(), childPath);
        synchronized (s) {
            LinkTable.Link l = record.links == null ? null : record.links.get(name);
            if (l == null || l.created() == null) throw new NoSuchObjectException(file.fileName(), childPath);
            return file.node(childPath, l.created());
        }
    }

    private List<LinkEntry> readLinks() {
        ObjectHeader header = header();
        if (header == null) return new ArrayList<>();
        LinkInfoMessage info = header.find(LinkInfoMessage.class);
        if (info != null && info.isDense()) {
            DenseStorage dense = DenseStorage.links(file, info);
            List<LinkEntry> out = new ArrayList<>();
            dense.names().forEach(r -> out.add(entry(dense.linkMessage(((BTreeV2Record.LinkName) r).heapId()))));
            return out;
        }
        SymbolTableMessage stab = header.find(SymbolTableMessage.class);
        if (stab != null) {
            SymbolTable table = symbolTable(stab);
            List<LinkEntry> out = new ArrayList<>();
            for (SymbolTable.Link l : table.links()) out.add(entry(l.name(), l.entry(), stab));
            return out;
        }
        List<LinkEntry> out = new ArrayList<>();
        for (LinkMessage m : header.findAll(LinkMessage.class)) out.add(entry(m));
        return out;
    }

    private Optional<LinkEntry> findLink(String name) {
        ObjectHeader header = header();
        if (header == null) return Optional.empty();
        LinkInfoMessage info = header.find(LinkInfoMessage.class);
        if (info != null && info.isDense()) {
            DenseStorage dense = DenseStorage.links(file, info);
            byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
            int hash = Checksum.lookup3(utf8);
            BTreeV2Record found = dense.names().find(r -> {
                BTreeV2Record.LinkName rec = (BTreeV2Record.LinkName) r;
                int c = Integer.compareUnsigned(hash, rec.hash());
                if (c != 0) return c;
                return NAME_ORDER.compare(name, dense.linkMessage(rec.heapId()).name());
            });
            return found == null ? Optional.empty()
                    : Optional.of(entry(dense.linkMessage(((BTreeV2Record.LinkName) found).heapId())));
        }
        SymbolTableMessage stab = header.find(SymbolTableMessage.class);
        if (stab != null) {
            SymbolTable table = symbolTable(stab);
            return table.find(name).map(e -> entry(name, e, stab));
        }
        for (LinkMessage m : header.findAll(LinkMessage.class)) {
            if (m.name().equals(name)) return Optional.of(entry(m));
        }
        return Optional.empty();
    }

    /**
     * The group's symbol table, kept with the file's decoded structures: a path looked up again
     * (each {@code f.dataset(name)} of a loop) finds its B-tree and symbol nodes decoded.
     */
    private SymbolTable symbolTable(SymbolTableMessage stab) {
        return file.cached("stab", stab.btreeAddress(), () -> {
            var heap = Heaps.local(file, stab.localHeapAddress());
            return new SymbolTable(file.context(), stab.btreeAddress(), BTreeK.of(file).groupInternal(), BTreeK.of(file).groupLeaf(), heap::nameAt);
        });
    }

    private LinkEntry entry(String name, SymbolTableEntry e, SymbolTableMessage stab) {
        if (e.isSoftLink()) {
            // the soft link's value sits in the same local heap as the names
            return LinkEntry.soft(name, Heaps.local(file, stab.localHeapAddress()).nameAt(e.softLinkValueOffset()), -1);
        }
        return LinkEntry.hard(name, e.objectHeaderAddress(), -1);
    }

    static LinkEntry entry(LinkMessage m) {
        if (m.isHard()) return LinkEntry.hard(m.name(), m.address(), m.creationOrder());
        if (m.isSoft()) return LinkEntry.soft(m.name(), m.softLinkValue(), m.creationOrder());
        if (m.isExternal()) return LinkEntry.external(m.name(), m.externalFile(), m.externalObject(), m.creationOrder());
        // a user-defined link (types 65 to 255) is listed like any link and refused only when followed
        return LinkEntry.userDefined(m.name(), m.linkType(), m.creationOrder());
    }

    // ---- writing -------------------------------------------------------------------------------

    /** The links this session changes, loaded from the file the first time. */
    LinkTable table() {
        LinkTable t = record.links;
        if (t != null) return t;
        ObjectHeader h = header();
        for (HeaderMessage m : h.messages()) {
            if (m.forbidsWritingIfUnknown()) {
                throw new H5Exception(file.fileName() + ": " + path + ": its header holds a message of unknown type 0x"
                        + Integer.toHexString(m.type()) + " that forbids changing the object unless that type is understood");
            }
        }
        List<LinkEntry> stored = readLinks();
        for (LinkEntry e : stored) {
            if (e.kind() == LinkEntry.Kind.HARD && e.address() == org.h5vds.io.Cursor.UNDEFINED) {
                throw new H5FormatException(file.fileName(), path, H5FormatException.NO_OFFSET, "hard link \"" + e.name() + "\" has no address");
            }
            if (e.kind() == LinkEntry.Kind.USER_DEFINED) {
                // rewriting the group's links would have to carry the link's class-specific data over; libhdf5 cannot follow it either
                throw new H5Exception(file.fileName() + ": " + path + ": holds the user-defined link \"" + e.name() + "\" (type "
                        + e.linkType() + "); h5vds does not change the links of such a group");
            }
        }
        t = storedTable(h, stored);
        if (t.tracksOrder() && record.linkOrderPresets != null) t.orders().presets(record.linkOrderPresets); // a copy committed midway
        record.links = t;
        return t;
    }

    /** A table of {@code stored}, the links of header {@code h}: creation order tracked as its Link Info message says, counted on from its next order. */
    private static LinkTable storedTable(ObjectHeader h, List<LinkEntry> stored) {
        LinkInfoMessage info = h.find(LinkInfoMessage.class);
        boolean tracked = info != null && info.isCreationOrderTracked();
        return new LinkTable(stored, tracked, tracked ? Math.max(0, info.maximumCreationIndex()) : 0);
    }

    /** Creates a group at {@code path} and any missing groups above it. */
    public GroupNode createGroup(String path) {
        return createGroup(path, false);
    }

    /**
     * Creates a group at {@code path} and any missing groups above it; {@code trackOrder}: the
     * group records the creation order of its links and attributes (h5py's {@code track_order=True};
     * tracked and indexed, as h5py asks libhdf5 for). A missing group above tracks the creation
     * order of its links when its parent does, as libhdf5 makes intermediate groups.
     */
    public GroupNode createGroup(String path, boolean trackOrder) {
        Session s = file.session();
        synchronized (s) {
            s.requireStructureChange(pathOf(path), "create a group");
            Target t = target(path);
            ObjectRecord g = ObjectRecord.created(file, NodeKind.GROUP);
            g.links = LinkTable.empty(trackOrder);
            g.attributes = AttributeTable.empty(trackOrder);
            GroupNode parent = t.parent(s);
            parent.add(s, t.name(), g);
            return new GroupNode(file, t.path(), g);
        }
    }

    /** The creation orders of the links (h5py's {@code track_order}), as stored or as this session left them. */
    public CreationOrders linkCreationOrders() {
        Session s = file.sessionOrNull();
        if (s != null) {
            synchronized (s) {
                if (record.links != null) return record.links.creationOrders();
            }
        }
        ObjectHeader h = header();
        return h == null ? CreationOrders.NONE : storedTable(h, links()).creationOrders();
    }

    /**
     * Makes a group made in this session and still empty (the root of a file being created)
     * record the creation order of its links and attributes from now on (h5py's
     * {@code File(..., track_order=True)}).
     *
     * @throws IllegalStateException when the group is stored already or holds links or attributes
     */
    public void trackOrderWhileEmpty() {
        CreationOrders tracked = new CreationOrders(true, java.util.Map.of(), 0);
        startCreationOrders(tracked, tracked);
    }

    /** Creates a dataset at {@code path} and any missing groups above it. */
    public DatasetNode createDataset(String path, DatasetDefinition definition) {
        Session s = file.session();
        synchronized (s) {
            s.requireStructureChange(pathOf(path), "create a dataset");
            Target t = target(path);
            ObjectRecord d = ObjectRecord.created(file, NodeKind.DATASET);
            d.attributes = AttributeTable.empty(definition.trackOrder());
            d.dataset = new DatasetWriter(s, d, t.path(), definition);
            GroupNode parent = t.parent(s);
            parent.add(s, t.name(), d);
            return new DatasetNode(file, t.path(), d);
        }
    }

    /**
     * Creates a dataset at {@code path} as {@link #createDataset(String, DatasetDefinition)} does, of the
     * named datatype {@code type} (a datatype object of this file): its header points to the type's
     * (a shared Datatype message, as libhdf5 writes one), and the type counts it among its links, as
     * libhdf5 counts each object using a named datatype.
     */
    public DatasetNode createDataset(String path, DatasetDefinition definition, DatatypeNode type) {
        Session s = file.session();
        synchronized (s) {
            if (type.record.file.sessionOrNull() != s) {
                throw new IllegalArgumentException(where(path) + ": the named datatype " + type.path() + " belongs to another file");
            }
            DatasetNode d = createDataset(path, definition);
            d.record.dataset.committedType(type.record);
            type.record.linksAdded++;
            s.changed(type.record);
            return d;
        }
    }

    /**
     * Creates a named datatype at {@code path} (h5py's {@code group[name] = numpy.dtype}, libhdf5's
     * {@code H5Tcommit}): an object whose header holds the type, which datasets may then share.
     */
    public DatatypeNode commitDatatype(String path, Datatype type) {
        Objects.requireNonNull(type, "type");
        Session s = file.session();
        synchronized (s) {
            s.requireStructureChange(pathOf(path), "create a named datatype");
            Target t = target(path);
            ObjectRecord d = ObjectRecord.created(file, NodeKind.DATATYPE);
            d.committedType = type;
            GroupNode parent = t.parent(s);
            parent.add(s, t.name(), d);
            return new DatatypeNode(file, t.path(), d);
        }
    }

    /**
     * Creates a dataset at {@code path} whose storage {@code layout} writes when it is committed (a
     * virtual dataset); its elements are not written one by one. The fill value message says late
     * allocation and "fill if set", as libhdf5 writes for virtual datasets.
     *
     * @param dims      the extent, or null for a scalar
     * @param maxDims   the maximum extent ({@link org.h5vds.format.message.Dataspace#UNLIMITED} where unlimited), or null
     * @param fillValue one element in {@code type}, or null for the default
     */
    public DatasetNode createDataset(String path, Datatype type, long[] dims, long[] maxDims, byte[] fillValue, ProvidedLayout layout) {
        Objects.requireNonNull(layout, "layout");
        return createProvided(path, type, dims, maxDims, fillValue, layout, false);
    }

    /** A dataset whose storage {@code layout} writes at commit; {@code nullSpace}: with a null dataspace. */
    private DatasetNode createProvided(String path, Datatype type, long[] dims, long[] maxDims, byte[] fillValue, ProvidedLayout layout,
                                       boolean nullSpace) {
        Session s = file.session();
        synchronized (s) {
            s.requireStructureChange(pathOf(path), "create a dataset");
            Target t = target(path);
            ObjectRecord d = ObjectRecord.created(file, NodeKind.DATASET);
            d.dataset = new DatasetWriter(s, d, t.path(), type, dims, maxDims, fillValue, layout, nullSpace);
            GroupNode parent = t.parent(s);
            parent.add(s, t.name(), d);
            return new DatasetNode(file, t.path(), d);
        }
    }

    /**
     * Creates a dataset at {@code path} with a null dataspace (h5py's {@code Empty}): no elements and
     * no storage, as libhdf5 stores one (contiguous, undefined address, size 0, late allocation).
     */
    public DatasetNode createEmptyDataset(String path, Datatype type) {
        return createProvided(path, type, null, null, null, NO_STORAGE, true);
    }

    /** The storage of a dataset with a null dataspace: none. */
    private static final ProvidedLayout NO_STORAGE = new ProvidedLayout() {
        @Override
        public org.h5vds.format.message.DataLayoutMessage write(org.h5vds.storage.RawSpace space, int lengthSize) {
            return org.h5vds.format.message.DataLayoutMessage.contiguous(org.h5vds.io.Cursor.UNDEFINED, 0);
        }

        @Override
        public org.h5vds.format.message.DataLayoutMessage.LayoutClass layoutClass() {
            return org.h5vds.format.message.DataLayoutMessage.LayoutClass.CONTIGUOUS;
        }
    };

    /** A soft link at {@code path} to {@code target} (which need not exist). */
    public void softLink(String path, String target) {
        if (target == null || target.isEmpty()) throw new IllegalArgumentException(where(path) + ": a soft link needs a target path");
        putLink(path, LinkEntry.Kind.SOFT, target, null);
    }

    /** An external link at {@code path} to {@code object} in the file {@code fileName}. */
    public void externalLink(String path, String fileName, String object) {
        if (fileName == null || fileName.isEmpty()) throw new IllegalArgumentException(where(path) + ": an external link needs a file name");
        if (object == null || object.isEmpty()) throw new IllegalArgumentException(where(path) + ": an external link needs an object path");
        putLink(path, LinkEntry.Kind.EXTERNAL, object, fileName);
    }

    /** Puts a soft or external link (target path, and file for an external one) at {@code path}. */
    private void putLink(String path, LinkEntry.Kind kind, String target, String fileName) {
        Session s = file.session();
        synchronized (s) {
            s.requireStructureChange(pathOf(path), "create a link");
            Target t = target(path);
            GroupNode parent = t.parent(s);
            LinkTable table = parent.table();
            table.put(new LinkTable.Link(t.name(), kind, org.h5vds.io.Cursor.UNDEFINED, null, target, fileName, table.takeCreationOrder(t.name())));
            s.changed(parent.record);
        }
    }

    /** A hard link at {@code path} to {@code target}, an object of this file (h5py's {@code group[path] = obj}). */
    public void hardLink(String path, ObjectNode target) {
        Session s = file.session();
        synchronized (s) {
            s.requireStructureChange(pathOf(path), "create a link");
            if (target.record.file.sessionOrNull() != s) {
                throw new IllegalArgumentException(where(path) + ": " + target.path() + " belongs to another file; a hard link stays inside its file");
            }
            Target t = target(path);
            GroupNode parent = t.parent(s);
            if (!target.record.isWritten() && inside(parent.path(), target.path())) {
                // a link back up to a group made in this session: new objects are written deepest first, each header
                // holding its children's addresses, so the group is written now and the link holds its address
                file.commit();
            }
            parent.add(s, t.name(), target.record);
            // (an object not written yet is written with this count in its header: Commit.writeHeader)
            target.record.linksAdded++;
            s.changed(target.record);
        }
    }

    /** Whether the object at {@code path} is the one at {@code ancestor} or lies below it. */
    private static boolean inside(String path, String ancestor) {
        return path.equals(ancestor) || ancestor.equals("/") || path.startsWith(ancestor + "/");
    }

    private void add(Session s, String name, ObjectRecord target) {
        LinkTable table = table();
        table.put(LinkTable.Link.hard(name, target, table.takeCreationOrder(name)));
        s.changed(record);
    }

    /**
     * Removes the link at {@code path} (h5py's {@code del group[path]}); the object it led to is
     * dropped from the file's view when no other hard link leads to it (its space is not reused).
     *
     * @throws NoSuchObjectException when there is no such link
     */
    public void delete(String path) {
        Session s = file.session();
        synchronized (s) {
            s.requireStructureChange(pathOf(path), "delete a link");
            Located l = locate(path);
            LinkTable table = l.group().table();
            LinkTable.Link link = table.remove(l.name());
            if (link == null) throw new NoSuchObjectException(file.fileName(), l.path());
            table.afterRemoval();
            s.changed(l.group().record);
            if (link.kind() == LinkEntry.Kind.HARD && link.created() == null) {
                ObjectRecord target = file.record(link.address(), l.path());
                target.linksRemoved++;
                s.changed(target);
            } else if (link.kind() == LinkEntry.Kind.HARD && !link.created().isWritten() && link.created().linksAdded > 0) {
                // an object made in this session and linked again: one link fewer to count when it is written
                link.created().linksAdded--;
            }
        }
    }

    /**
     * Moves (renames) the link at {@code from} to {@code to}, which must not exist and whose group
     * must (h5py's {@code move}). Moving a group into itself is refused.
     */
    public void move(String from, String to) {
        Session s = file.session();
        synchronized (s) {
            s.requireStructureChange(pathOf(from), "move a link");
            Located src = locate(from);
            LinkTable.Link link = src.group().table().get(src.name());
            if (link == null) throw new NoSuchObjectException(file.fileName(), src.path());
            Located dst = locate(to);
            if (dst.group().table().contains(dst.name())) {
                throw new IllegalArgumentException(where(to) + ": already exists; " + from + " is not moved");
            }
            if (link.kind() == LinkEntry.Kind.HARD && isBelow(dst.group(), src.path())) {
                throw new IllegalArgumentException(where(to) + ": " + src.path() + " cannot be moved into itself");
            }
            boolean sameGroup = src.group().record == dst.group().record;
            boolean guarded = !sameGroup && link.kind() == LinkEntry.Kind.HARD && link.created() == null && src.group().record.isWritten();
            // libhdf5 inserts the new link before it removes the old one (H5L__move_dest_cb): renaming a group's only
            // link takes the next creation order, and does not leave the group empty
            LinkTable target = dst.group().table();
            long order = target.takeCreationOrder(dst.name());
            // a hard link moving to another group stays stored in its old group until the new one is durable
            if (guarded) src.group().table().leave(src.name());
            else src.group().table().remove(src.name());
            target.put(link.renamed(dst.name(), order));
            src.group().table().afterRemoval();
            s.changed(src.group().record);
            s.changed(dst.group().record);
            if (guarded) {
                ObjectRecord moved = file.record(link.address(), src.path());
                moved.linksAdded++;
                moved.linksRemoved++;
                s.changed(moved);
            }
        }
    }

    /** Whether {@code group} is the object at {@code path} or lies below it (by path). */
    private static boolean isBelow(GroupNode group, String path) {
        return group.path.equals(path) || group.path.startsWith(path.endsWith("/") ? path : path + "/");
    }

    // ---- paths ---------------------------------------------------------------------------------

    /** An existing link's group, name and full path (the link itself is not followed). */
    private record Located(GroupNode group, String name, String path) {
    }

    private Located locate(String path) {
        List<String> parts = components(path);
        if (parts.isEmpty()) throw new IllegalArgumentException(where(path) + ": the path names no link");
        GroupNode g = path.startsWith("/") ? file.root() : this;
        for (int i = 0; i < parts.size() - 1; i++) {
            ObjectNode next = g.member(parts.get(i));
            if (!(next instanceof GroupNode ng)) {
                throw new IllegalArgumentException(where(path) + ": " + next.path() + " is a " + next.kind().name().toLowerCase() + ", not a group");
            }
            if (ng.file != file) throw new IllegalArgumentException(where(path) + ": " + next.path() + " is in another file (an external link)");
            g = ng;
        }
        String name = parts.get(parts.size() - 1);
        return new Located(g, name, OpenFile.join(g.path, name));
    }

    /**
     * Where a new object at {@code path} goes: the deepest existing group on the path, the groups
     * still to create below it, and the new name, which must be free. Nothing is created until
     * {@link #parent} is called, so a failure in between leaves the file as it was.
     */
    private record Target(GroupNode existing, List<String> missing, String name) {
        String path() {
            String p = existing.path;
            for (String m : missing) p = OpenFile.join(p, m);
            return OpenFile.join(p, name);
        }

        GroupNode parent(Session s) {
            GroupNode g = existing;
            for (String part : missing) {
                ObjectRecord child = ObjectRecord.created(g.file, NodeKind.GROUP);
                // libhdf5 gives an intermediate group its parent's link creation order flags (H5G__traverse_real), not its attribute ones
                child.links = LinkTable.empty(g.table().tracksOrder());
                g.add(s, part, child);
                g = new GroupNode(g.file, OpenFile.join(g.path, part), child);
            }
            return g;
        }
    }

    private Target target(String path) {
        List<String> parts = components(path);
        if (parts.isEmpty()) throw new IllegalArgumentException(where(path) + ": the path names no new object");
        GroupNode g = path.startsWith("/") ? file.root() : this;
        int i = 0;
        for (; i < parts.size() - 1; i++) {
            String part = parts.get(i);
            Optional<LinkEntry> e = g.link(part);
            if (e.isEmpty()) break;
            ObjectNode next;
            try {
                next = file.follow(g, e.get(), new int[] {0});
            } catch (NoSuchObjectException dangling) {
                throw new IllegalArgumentException(where(path) + ": " + OpenFile.join(g.path, part) + " is a dangling link, not a group, so "
                        + "nothing can be created below it");
            }
            if (!(next instanceof GroupNode ng) || ng.file.sessionOrNull() != file.sessionOrNull()) {
                throw new IllegalArgumentException(where(path) + ": " + OpenFile.join(g.path, part) + " is " + describe(e.get(), next)
                        + ", not a group of this file, so nothing can be created below it");
            }
            g = ng;
        }
        String name = parts.get(parts.size() - 1);
        if (i == parts.size() - 1) {
            Optional<LinkEntry> existing = g.link(name);
            if (existing.isPresent()) {
                throw new IllegalArgumentException(where(path) + ": " + OpenFile.join(g.path, name) + " already exists (" + describe(existing.get(), null) + ")");
            }
        }
        return new Target(g, List.copyOf(parts.subList(i, parts.size() - 1)), name);
    }

    private String describe(LinkEntry e, ObjectNode target) {
        return switch (e.kind()) {
            case HARD -> {
                ObjectNode n = target;
                if (n == null) {
                    try {
                        n = file.follow(this, e, new int[] {0});
                    } catch (RuntimeException ignored) {
                        yield "an object";
                    }
                }
                yield n instanceof GroupNode ? "a group" : n instanceof DatasetNode ? "a dataset" : "a datatype";
            }
            case SOFT -> "a soft link to " + e.target();
            case EXTERNAL -> "an external link to " + e.externalFile() + ":" + e.target();
            case USER_DEFINED -> "a user-defined link (type " + e.linkType() + ")";
        };
    }

    private static List<String> components(String path) {
        if (path == null) throw new IllegalArgumentException("a path is needed, not null");
        List<String> parts = OpenFile.split(path);
        List<String> kept = new ArrayList<>(parts.size());
        for (int i = 0; i < parts.size(); i++) {
            String p = parts.get(i);
            if (p.indexOf('\0') >= 0) throw new IllegalArgumentException("path \"" + path + "\" contains a NUL character");
            // libhdf5's traversal (H5G__traverse_real) steps over "." as the group it is in: h5py's create_group('a/./b') makes a/b
            if (!p.equals(".")) kept.add(p);
            else if (i == parts.size() - 1) throw new IllegalArgumentException("path \"" + path + "\": \".\" cannot name an object");
        }
        return kept;
    }

    private String pathOf(String path) {
        return path != null && path.startsWith("/") ? path : OpenFile.join(this.path, String.valueOf(path));
    }

    private String where(String path) {
        return file.fileName() + ": " + pathOf(path);
    }
}
