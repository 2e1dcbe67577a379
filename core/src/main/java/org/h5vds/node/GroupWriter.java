package org.h5vds.node;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.h5vds.format.HeaderMessage;
import org.h5vds.format.message.GroupInfoMessage;
import org.h5vds.format.message.LinkInfoMessage;
import org.h5vds.format.message.LinkMessage;
import org.h5vds.format.message.Messages;
import org.h5vds.io.FileSink;
import org.h5vds.io.H5Exception;

/**
 * A group of a file being written: its links (hard links to the groups and datasets created in it,
 * soft and external links) and attributes. Paths may be relative to this group or absolute, and
 * creating an object creates the groups on its path that do not exist yet (as h5py does).
 *
 * <p>At close its header holds a Link Info and a Group Info message and, for at most
 * {@link GroupInfoMessage#DEFAULT_MAX_COMPACT} links, the Link messages themselves; beyond that
 * the links go to dense storage, as libhdf5 does with its default group creation properties.
 */
public final class GroupWriter extends ObjectWriter {
    /** One link: to an object created in this session, or soft, or external. */
    record Entry(String name, LinkEntry.Kind kind, ObjectWriter object, String target, String externalFile) {
        LinkEntry asLinkEntry() {
            return switch (kind) {
                case HARD -> LinkEntry.hard(name, -1, -1);
                case SOFT -> LinkEntry.soft(name, target, -1);
                case EXTERNAL -> LinkEntry.external(name, externalFile, target, -1);
                case USER_DEFINED -> throw new IllegalStateException("the writer makes no user-defined links");
            };
        }
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();

    GroupWriter(FileWriter file, String path) {
        super(file, path);
    }

    @Override
    public NodeKind kind() {
        return NodeKind.GROUP;
    }

    /** Creates a group at {@code path} and any missing groups above it. */
    public GroupWriter createGroup(String path) {
        synchronized (file) {
            file.requireOpen(path);
            Target t = target(path);
            GroupWriter g = new GroupWriter(file, t.path());
            t.parent().entries.put(t.name(), new Entry(t.name(), LinkEntry.Kind.HARD, g, null, null));
            return g;
        }
    }

    /** Creates a dataset at {@code path} and any missing groups above it. */
    public DatasetWriter createDataset(String path, DatasetDefinition definition) {
        synchronized (file) {
            file.requireOpen(path);
            Target t = target(path);
            DatasetWriter d = new DatasetWriter(file, t.path(), definition);
            t.parent().entries.put(t.name(), new Entry(t.name(), LinkEntry.Kind.HARD, d, null, null));
            file.register(d);
            return d;
        }
    }

    /**
     * Creates a dataset at {@code path} whose storage {@code layout} writes when the file is closed
     * (a virtual dataset); its elements are not written through {@link DatasetWriter#write}. The
     * fill value message says late allocation and "fill if set", as libhdf5 writes for virtual
     * datasets.
     *
     * @param dims      the extent, or null for a scalar
     * @param maxDims   the maximum extent ({@link org.h5vds.format.message.Dataspace#UNLIMITED} where unlimited), or null
     * @param fillValue one element in {@code type}, or null for the default
     */
    public DatasetWriter createDataset(String path, org.h5vds.format.message.Datatype type, long[] dims, long[] maxDims, byte[] fillValue,
                                       ProvidedLayout layout) {
        java.util.Objects.requireNonNull(layout, "layout");
        synchronized (file) {
            file.requireOpen(path);
            Target t = target(path);
            DatasetWriter d = new DatasetWriter(file, t.path(), type, dims, maxDims, fillValue, layout);
            t.parent().entries.put(t.name(), new Entry(t.name(), LinkEntry.Kind.HARD, d, null, null));
            file.register(d);
            return d;
        }
    }

    /** A soft link at {@code path} to {@code target} (which need not exist). */
    public void softLink(String path, String target) {
        if (target == null || target.isEmpty()) throw new IllegalArgumentException(where(path) + ": a soft link needs a target path");
        synchronized (file) {
            file.requireOpen(path);
            Target t = target(path);
            t.parent().entries.put(t.name(), new Entry(t.name(), LinkEntry.Kind.SOFT, null, target, null));
        }
    }

    /** An external link at {@code path} to {@code object} in the file {@code fileName}. */
    public void externalLink(String path, String fileName, String object) {
        if (fileName == null || fileName.isEmpty()) throw new IllegalArgumentException(where(path) + ": an external link needs a file name");
        if (object == null || object.isEmpty()) throw new IllegalArgumentException(where(path) + ": an external link needs an object path");
        synchronized (file) {
            file.requireOpen(path);
            Target t = target(path);
            t.parent().entries.put(t.name(), new Entry(t.name(), LinkEntry.Kind.EXTERNAL, null, object, fileName));
        }
    }

    /** The object created in this session at {@code path}, following soft links to such objects. */
    public ObjectWriter get(String path) {
        synchronized (file) {
            return resolve(path, 0).orElseThrow(() -> new NoSuchObjectException(file.path().toString(), OpenFile.join(this.path, path)));
        }
    }

    /** Whether {@code path} names an object created in this session. */
    public boolean contains(String path) {
        synchronized (file) {
            return resolve(path, 0).isPresent();
        }
    }

    /** The member names in libhdf5's (and h5py's) order: by name. */
    public List<String> keys() {
        synchronized (file) {
            List<String> names = new ArrayList<>(entries.keySet());
            names.sort(GroupNode.NAME_ORDER);
            return names;
        }
    }

    /** The links, in name order. */
    public List<LinkEntry> links() {
        synchronized (file) {
            List<LinkEntry> out = new ArrayList<>();
            for (String n : keys()) out.add(entries.get(n).asLinkEntry());
            return out;
        }
    }

    // ---- paths ---------------------------------------------------------------------------------

    /**
     * Where a new object at {@code path} goes: the deepest existing group on the path, the groups
     * still to create below it, and the new name, which must be free. Nothing is created until
     * {@link #parent()} is called, so a failure in between leaves the file as it was.
     */
    private record Target(GroupWriter existing, List<String> missing, String name) {
        String path() {
            String p = existing.path;
            for (String m : missing) p = OpenFile.join(p, m);
            return OpenFile.join(p, name);
        }

        GroupWriter parent() {
            GroupWriter g = existing;
            for (String part : missing) {
                GroupWriter child = new GroupWriter(g.file, OpenFile.join(g.path, part));
                g.entries.put(part, new Entry(part, LinkEntry.Kind.HARD, child, null, null));
                g = child;
            }
            return g;
        }
    }

    private Target target(String path) {
        List<String> parts = components(path);
        if (parts.isEmpty()) throw new IllegalArgumentException(where(path) + ": the path names no new object");
        GroupWriter g = path.startsWith("/") ? file.root() : this;
        int i = 0;
        for (; i < parts.size() - 1; i++) {
            String part = parts.get(i);
            Entry e = g.entries.get(part);
            if (e == null) break;
            if (!(e.object() instanceof GroupWriter child)) {
                throw new IllegalArgumentException(where(path) + ": " + OpenFile.join(g.path, part) + " is "
                        + describe(e) + ", not a group, so nothing can be created below it");
            }
            g = child;
        }
        String name = parts.get(parts.size() - 1);
        if (i == parts.size() - 1) {
            Entry existing = g.entries.get(name);
            if (existing != null) {
                throw new IllegalArgumentException(where(path) + ": " + OpenFile.join(g.path, name) + " already exists (" + describe(existing) + ")");
            }
        }
        return new Target(g, List.copyOf(parts.subList(i, parts.size() - 1)), name);
    }

    private static String describe(Entry e) {
        return switch (e.kind()) {
            case HARD -> e.object() instanceof GroupWriter ? "a group" : "a dataset";
            case SOFT -> "a soft link to " + e.target();
            case EXTERNAL -> "an external link to " + e.externalFile() + ":" + e.target();
            case USER_DEFINED -> "a user-defined link";
        };
    }

    private Optional<ObjectWriter> resolve(String path, int hops) {
        if (hops > OpenFile.MAX_LINK_HOPS) throw new H5Exception(where(path) + ": more than " + OpenFile.MAX_LINK_HOPS + " soft links followed (a cycle?)");
        ObjectWriter cur = path.startsWith("/") ? file.root() : this;
        for (String part : components(path)) {
            if (!(cur instanceof GroupWriter g)) return Optional.empty();
            Entry e = g.entries.get(part);
            if (e == null) return Optional.empty();
            switch (e.kind()) {
                case HARD -> cur = e.object();
                case SOFT -> {
                    Optional<ObjectWriter> o = g.resolve(e.target(), hops + 1);
                    if (o.isEmpty()) return o;
                    cur = o.get();
                }
                default -> throw new H5Exception(where(path) + ": " + OpenFile.join(g.path, part)
                        + " is an external link; open the file it names to follow it");
            }
        }
        return Optional.of(cur);
    }

    private static List<String> components(String path) {
        if (path == null) throw new IllegalArgumentException("a path is needed, not null");
        List<String> parts = OpenFile.split(path);
        for (String p : parts) {
            if (p.equals(".")) throw new IllegalArgumentException("path \"" + path + "\": \".\" cannot name an object");
            if (p.indexOf('\0') >= 0) throw new IllegalArgumentException("path \"" + path + "\" contains a NUL character");
        }
        return parts;
    }

    private String where(String path) {
        return file.path() + ": " + (path != null && path.startsWith("/") ? path : OpenFile.join(this.path, String.valueOf(path)));
    }

    // ---- header --------------------------------------------------------------------------------

    @Override
    long writeHeader(FileSink sink, GlobalHeapWriter heap) {
        List<LinkMessage> links = new ArrayList<>(entries.size());
        boolean dense = entries.size() > GroupInfoMessage.DEFAULT_MAX_COMPACT;
        for (Entry e : entries.values()) {
            int charset = AttributeValue.isAscii(e.name()) ? 0 : 1;
            LinkMessage m = switch (e.kind()) {
                case HARD -> LinkMessage.hard(e.name(), e.object().writeHeader(sink, heap), -1, charset);
                case SOFT -> LinkMessage.soft(e.name(), e.target(), -1, charset);
                case EXTERNAL -> LinkMessage.external(e.name(), e.externalFile(), e.target(), -1, charset);
                case USER_DEFINED -> throw new IllegalStateException("the writer makes no user-defined links");
            };
            // libhdf5 moves to dense storage a link too large for a header message (H5G__obj_insert)
            dense |= m.encodedSize(OFFSET_SIZE, LENGTH_SIZE) >= MESSAGE_MAX_SIZE;
            links.add(m);
        }
        List<HeaderMessage> messages = new ArrayList<>();
        HeaderMessage info = HeaderMessage.of(GroupInfoMessage.defaults(), Messages.FLAG_CONSTANT, 0, OFFSET_SIZE, LENGTH_SIZE);
        if (dense) {
            messages.add(info);
            messages.add(HeaderMessage.of(DenseStorageWriter.links(sink, links), OFFSET_SIZE, LENGTH_SIZE));
        } else {
            messages.add(HeaderMessage.of(LinkInfoMessage.compact(), OFFSET_SIZE, LENGTH_SIZE));
            messages.add(info);
            for (LinkMessage m : links) messages.add(HeaderMessage.of(m, OFFSET_SIZE, LENGTH_SIZE));
        }
        messages.addAll(attributeMessages(sink, heap));
        return written(HeaderWriter.write(sink, messages, reservation()));
    }
}
