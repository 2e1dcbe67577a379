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
    private final boolean trackOrder;
    private long nextCreationOrder;
    /** Orders attributes of these names are to take (see {@link #presetting}). */
    private java.util.Map<String, Long> presets = java.util.Map.of();

    AttributeTable(List<Entry> stored, boolean trackOrder, long nextCreationOrder) {
        this.trackOrder = trackOrder;
        this.nextCreationOrder = nextCreationOrder;
        for (Entry e : stored) {
            entries.put(e.name(), e);
            if (trackOrder && e.creationOrder() >= this.nextCreationOrder) this.nextCreationOrder = e.creationOrder() + 1;
        }
    }

    static AttributeTable empty() {
        return empty(false);
    }

    /** No attributes yet; {@code trackOrder}: each one set gets the next creation order. */
    static AttributeTable empty(boolean trackOrder) {
        return new AttributeTable(List.of(), trackOrder, 0);
    }

    boolean tracksOrder() {
        return trackOrder;
    }

    long nextCreationOrder() {
        return nextCreationOrder;
    }

    /**
     * Sets (or replaces, keeping nothing of the old one) an attribute, as h5py's
     * {@code attrs[name] = value} does: deleting and creating, so a replaced attribute takes the
     * next creation order.
     */
    void set(AttributeValue value) {
        entries.remove(value.name());
        Long preset = presets.isEmpty() ? null : presets.remove(value.name());
        long order = !trackOrder ? -1 : preset != null ? preset : nextCreationOrder++;
        entries.put(value.name(), new Entry(value.name(), null, null, 0, value, order));
    }

    /** Removes an attribute; an object left without attributes counts creation order from 0 again, as libhdf5 does. */
    boolean remove(String name) {
        boolean removed = entries.remove(name) != null;
        if (entries.isEmpty()) nextCreationOrder = 0;
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
        if (!trackOrder) return CreationOrders.NONE;
        java.util.Map<String, Long> orders = new java.util.HashMap<>();
        for (Entry e : entries.values()) orders.put(e.name(), e.creationOrder());
        return new CreationOrders(true, orders, nextCreationOrder);
    }

    /**
     * An empty table tracking creation order as {@code given} says, whose attributes will take the
     * orders {@code given} has for their names (a copy's, set one by one), any other the next.
     */
    static AttributeTable presetting(CreationOrders given) {
        AttributeTable t = new AttributeTable(List.of(), given.tracked(), given.next());
        t.presets = new java.util.HashMap<>(given.orders()); // (empty when not tracked; a map of its own, cleared by creationOrdersTaken)
        return t;
    }

    /** The orders attributes are still to take, shared with whoever holds them (see {@link #presetting}). */
    java.util.Map<String, Long> presets() {
        return presets;
    }

    /** Attributes of these names are to take these orders (the same map, consumed as they are set). */
    void presets(java.util.Map<String, Long> presets) {
        this.presets = presets;
    }
}
