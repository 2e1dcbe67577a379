package org.h5vds.node;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.h5vds.format.message.AttributeMessage;

/**
 * The attributes of an object as this session leaves them: those stored when the object's
 * attributes were first changed, with the ones set and removed since, in the order they were
 * first set. A stored attribute keeps its message bytes and flags, so that it is written back
 * exactly as it was (shared parts, variable-length heap references and all).
 */
final class AttributeTable {
    /**
     * One attribute.
     *
     * @param stored        the stored message, resolved (null for one set in this session)
     * @param storedBody    the message as stored, written back as is
     * @param storedFlags   its header message flags
     * @param value         the value set in this session (null for a stored attribute)
     * @param creationOrder its creation order when the object tracks it, else -1
     */
    record Entry(String name, AttributeMessage stored, byte[] storedBody, int storedFlags, AttributeValue value, long creationOrder) {
        boolean isStored() {
            return stored != null;
        }
    }

    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();
    private final CreationOrderCounter orders;

    AttributeTable(List<Entry> stored, boolean trackOrder, long nextCreationOrder) {
        this(new CreationOrderCounter(trackOrder, nextCreationOrder));
        for (Entry e : stored) {
            entries.put(e.name(), e);
            orders.saw(e.creationOrder());
        }
    }

    private AttributeTable(CreationOrderCounter orders) {
        this.orders = orders;
    }

    static AttributeTable empty() {
        return empty(false);
    }

    /** No attributes yet; {@code trackOrder}: each one set gets the next creation order. */
    static AttributeTable empty(boolean trackOrder) {
        return new AttributeTable(List.of(), trackOrder, 0);
    }

    /**
     * An empty table tracking creation order as {@code given} says, whose attributes will take the
     * orders {@code given} has for their names (a copy's, set one by one), any other the next.
     */
    static AttributeTable presetting(CreationOrders given) {
        return new AttributeTable(CreationOrderCounter.presetting(given));
    }

    boolean tracksOrder() {
        return orders.tracked();
    }

    long nextCreationOrder() {
        return orders.next();
    }

    /** The counter of this table's creation orders (its presets shared with the record while a copy is made). */
    CreationOrderCounter orders() {
        return orders;
    }

    /**
     * Sets (or replaces, keeping nothing of the old one) an attribute, as h5py's
     * {@code attrs[name] = value} does: deleting and creating, so a replaced attribute takes the
     * next creation order.
     */
    void set(AttributeValue value) {
        entries.remove(value.name());
        long order = orders.take(value.name());
        entries.put(value.name(), new Entry(value.name(), null, null, 0, value, order));
    }

    /** Removes an attribute; an object left without attributes counts creation order from 0 again, as libhdf5 does. */
    boolean remove(String name) {
        boolean removed = entries.remove(name) != null;
        if (entries.isEmpty()) orders.restart();
        return removed;
    }

    Entry get(String name) {
        return entries.get(name);
    }

    int size() {
        return entries.size();
    }

    List<Entry> all() {
        return new ArrayList<>(entries.values());
    }

    /** Creation orders as this table has them. */
    CreationOrders creationOrders() {
        java.util.Map<String, Long> byName = new java.util.HashMap<>();
        for (Entry e : entries.values()) byName.put(e.name(), e.creationOrder());
        return orders.orders(byName);
    }
}
