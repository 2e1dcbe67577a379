package org.h5vds.node;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;
import org.h5vds.io.Cursor;

/**
 * The links of a group as this session leaves them: those stored when the group was first changed,
 * with the links made, removed and renamed since. Kept in libhdf5's name order. A hard link names
 * its target by header address, or by record for an object made in this session (whose address is
 * known only once it is written).
 */
final class LinkTable {
    /**
     * One link.
     *
     * @param address       a hard link's target when stored, else {@link Cursor#UNDEFINED}
     * @param created       a hard link's target made in this session (else null)
     * @param target        a soft link's path, or the object path in an external file
     * @param creationOrder the link's creation order when the group tracks it, else -1
     */
    record Link(String name, LinkEntry.Kind kind, long address, ObjectRecord created, String target, String externalFile,
                long creationOrder) {
        static Link of(LinkEntry e) {
            return new Link(e.name(), e.kind(), e.kind() == LinkEntry.Kind.HARD ? e.address() : Cursor.UNDEFINED, null, e.target(),
                    e.externalFile(), e.creationOrder());
        }

        static Link hard(String name, ObjectRecord target, long creationOrder) {
            return target.isWritten() ? new Link(name, LinkEntry.Kind.HARD, target.address(), null, null, null, creationOrder)
                    : new Link(name, LinkEntry.Kind.HARD, Cursor.UNDEFINED, target, null, null, creationOrder);
        }

        /** The target's header address (of a created object once it is written, or reserved by a reference to it). */
        long targetAddress() {
            return created != null ? created.referenceAddress() : address;
        }

        LinkEntry entry() {
            return switch (kind) {
                case HARD -> LinkEntry.hard(name, targetAddress(), creationOrder);
                case SOFT -> LinkEntry.soft(name, target, creationOrder);
                case EXTERNAL -> LinkEntry.external(name, externalFile, target, creationOrder);
                case USER_DEFINED -> throw new IllegalStateException("link \"" + name + "\": user-defined links are not kept in a link table");
            };
        }

        Link renamed(String newName, long newCreationOrder) {
            return new Link(newName, kind, address, created, target, externalFile, newCreationOrder);
        }
    }

    private final TreeMap<String, Link> links = new TreeMap<>(GroupNode.NAME_ORDER);
    /** Links moved out of this group whose removal waits until their new place is durable (see {@link Session#commit()}). */
    private final TreeMap<String, Link> leaving = new TreeMap<>(GroupNode.NAME_ORDER);
    private final CreationOrderCounter orders;

    /**
     * @param trackOrder        whether the group records creation order
     * @param nextCreationOrder the order the next link gets (one more than the stored maximum)
     */
    LinkTable(Collection<LinkEntry> stored, boolean trackOrder, long nextCreationOrder) {
        this(new CreationOrderCounter(trackOrder, nextCreationOrder));
        for (LinkEntry e : stored) {
            links.put(e.name(), Link.of(e));
            orders.saw(e.creationOrder());
        }
    }

    private LinkTable(CreationOrderCounter orders) {
        this.orders = orders;
    }

    static LinkTable empty(boolean trackOrder) {
        return new LinkTable(List.of(), trackOrder, 0);
    }

    /**
     * An empty table tracking creation order as {@code given} says, whose links will take the
     * orders {@code given} has for their names (a copy's, made link by link), any other the next.
     */
    static LinkTable presetting(CreationOrders given) {
        return new LinkTable(CreationOrderCounter.presetting(given));
    }

    boolean tracksOrder() {
        return orders.tracked();
    }

    /** The creation order a new link named {@code name} gets: preset, or counted up; -1 when the group does not track it. */
    long takeCreationOrder(String name) {
        return orders.take(name);
    }

    /** One more than the largest creation order given (the Link Info message's maximum + 1). */
    long nextCreationOrder() {
        return orders.next();
    }

    /** The counter of this table's creation orders (its presets shared with the record while a copy is made). */
    CreationOrderCounter orders() {
        return orders;
    }

    /** {@link #nextCreationOrder()}, or more when the links leaving (still stored, see {@link #toStore}) have larger ones. */
    long nextCreationOrder(boolean withLeaving) {
        long next = orders.next();
        if (withLeaving) for (Link l : leaving.values()) next = Math.max(next, l.creationOrder() + 1);
        return next;
    }

    Link get(String name) {
        return links.get(name);
    }

    boolean contains(String name) {
        return links.containsKey(name);
    }

    void put(Link link) {
        leaving.remove(link.name());
        links.put(link.name(), link);
    }

    Link remove(String name) {
        return links.remove(name);
    }

    /**
     * After a link left the group: a group left without links counts creation order from 0
     * again, as libhdf5 does (H5G__obj_remove_update_linfo).
     */
    void afterRemoval() {
        if (links.isEmpty()) orders.restart();
    }

    /** Removes a link from view, keeping it stored until {@link #dropLeaving()}. */
    Link leave(String name) {
        Link l = links.remove(name);
        if (l != null) leaving.put(name, l);
        return l;
    }

    boolean hasLeaving() {
        return !leaving.isEmpty();
    }

    void dropLeaving() {
        leaving.clear();
    }

    /** The links to store: every link, with those leaving when {@code withLeaving}, in name order. */
    List<Link> toStore(boolean withLeaving) {
        if (!withLeaving || leaving.isEmpty()) return all();
        TreeMap<String, Link> both = new TreeMap<>(GroupNode.NAME_ORDER);
        both.putAll(leaving);
        both.putAll(links);
        return new ArrayList<>(both.values());
    }

    int size() {
        return links.size();
    }

    /** Every link, in name order. */
    List<Link> all() {
        return new ArrayList<>(links.values());
    }

    /** Creation orders as this table has them. */
    CreationOrders creationOrders() {
        java.util.Map<String, Long> byName = new java.util.HashMap<>();
        for (Link l : links.values()) byName.put(l.name(), l.creationOrder());
        return orders.orders(byName);
    }

    List<LinkEntry> entries() {
        List<LinkEntry> out = new ArrayList<>(links.size());
        for (Link l : links.values()) out.add(l.entry());
        return out;
    }
}
