package org.h5vds.api;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.h5vds.node.GroupNode;
import org.h5vds.node.LinkEntry;
import org.h5vds.node.NoSuchObjectException;
import org.h5vds.node.ObjectNode;

/**
 * A group: a container of named links to datasets, groups and datatypes, like h5py's
 * {@code Group}. Paths may be relative to this group or absolute ({@code "/a/b"}); soft and
 * external links are followed.
 */
public final class Group extends H5Object {
    Group(H5File file, GroupNode node) {
        super(file, node);
    }

    GroupNode groupNode() {
        return (GroupNode) node;
    }

    /** The member names, in the order h5py lists them (by name). */
    public List<String> keys() {
        return groupNode().links().stream().map(LinkEntry::name).toList();
    }

    /** The links themselves, without following them. */
    public List<Link> links() {
        List<Link> out = new ArrayList<>();
        for (LinkEntry e : groupNode().links()) {
            out.add(new Link(e.name(), Link.Kind.valueOf(e.kind().name()), e.target(), e.externalFile()));
        }
        return out;
    }

    /** True when {@code path} names an object (h5py's {@code path in group}); a dangling link is not one. */
    public boolean contains(String path) {
        try {
            resolve(path);
            return true;
        } catch (NoSuchObjectException e) {
            return false;
        }
    }

    /** The object at {@code path}. @throws NoSuchObjectException when nothing is there */
    public H5Object get(String path) {
        return wrap(file, resolve(path));
    }

    /** The dataset at {@code path}. @throws IllegalArgumentException when the path names something else */
    public Dataset dataset(String path) {
        H5Object o = get(path);
        if (o instanceof Dataset d) return d;
        throw new IllegalArgumentException(node.file().fileName() + ": " + o.path() + " is a " + kindName(o) + ", not a dataset");
    }

    /** The group at {@code path}. @throws IllegalArgumentException when the path names something else */
    public Group group(String path) {
        H5Object o = get(path);
        if (o instanceof Group g) return g;
        throw new IllegalArgumentException(node.file().fileName() + ": " + o.path() + " is a " + kindName(o) + ", not a group");
    }

    /**
     * Visits every object below this group, depth first in name order, with its path relative to
     * this group (like h5py's {@code visititems}); each object is visited once even when several
     * hard links lead to it. External links are not followed.
     */
    public void visit(BiConsumer<String, H5Object> visitor) {
        visit(this, "", visitor, new java.util.HashSet<>());
    }

    private void visit(Group g, String prefix, BiConsumer<String, H5Object> visitor, java.util.Set<String> seen) {
        for (LinkEntry e : g.groupNode().links()) {
            if (e.kind() == LinkEntry.Kind.EXTERNAL) continue;
            H5Object child;
            try {
                child = g.get(e.name());
            } catch (NoSuchObjectException dangling) {
                continue;
            }
            String key = child.node.file().path() + "@" + child.node.address();
            if (!seen.add(key)) continue;
            String rel = prefix.isEmpty() ? e.name() : prefix + "/" + e.name();
            visitor.accept(rel, child);
            if (child instanceof Group sub) visit(sub, rel, visitor, seen);
        }
    }

    private ObjectNode resolve(String path) {
        return node.file().resolve(groupNode(), path);
    }

    static String kindName(H5Object o) {
        return o instanceof Group ? "group" : o instanceof Dataset ? "dataset" : "datatype";
    }
}
