package org.h5vds.node;

import java.util.HashMap;
import java.util.Map;

/**
 * The creation orders a group's {@link LinkTable} or an object's {@link AttributeTable} gives
 * (h5py's {@code track_order}): whether they are tracked, the order the next member gets, and
 * orders preset by name for a copy being made ({@link ObjectNode#takeCreationOrdersOf}).
 */
final class CreationOrderCounter {
    private final boolean tracked;
    private long next;
    /** Orders members of these names are to take; consumed as they are made. */
    private Map<String, Long> presets = Map.of();

    /**
     * @param tracked whether creation order is recorded
     * @param next    the order the next member gets (one more than the stored maximum)
     */
    CreationOrderCounter(boolean tracked, long next) {
        this.tracked = tracked;
        this.next = next;
    }

    /** Counting from {@code given}'s next order, a member named in {@code given} taking its order there (a map of its own). */
    static CreationOrderCounter presetting(CreationOrders given) {
        CreationOrderCounter c = new CreationOrderCounter(given.tracked(), given.next());
        c.presets = new HashMap<>(given.orders()); // (empty when not tracked; cleared by creationOrdersTaken)
        return c;
    }

    boolean tracked() {
        return tracked;
    }

    /** The order the next member gets (what libhdf5 stores as the maximum creation index). */
    long next() {
        return next;
    }

    /** A stored member's order: the next order given comes after it. */
    void saw(long order) {
        if (tracked && order >= next) next = order + 1;
    }

    /** The order a new member named {@code name} gets: its preset, else the next, counted up; -1 when not tracked. */
    long take(String name) {
        if (!tracked) return -1;
        Long preset = presets.isEmpty() ? null : presets.remove(name);
        return preset != null ? preset : next++;
    }

    /** The table was left empty: libhdf5 counts from 0 again (H5G__obj_remove_update_linfo, H5O__attr_remove_update). */
    void restart() {
        next = 0;
    }

    /** {@code byName} (each member's order) with this counter's tracking and next order. */
    CreationOrders orders(Map<String, Long> byName) {
        return tracked ? new CreationOrders(true, byName, next) : CreationOrders.NONE;
    }

    /** The orders members are still to take, shared with whoever holds them. */
    Map<String, Long> presets() {
        return presets;
    }

    /** Members of these names are to take these orders (the same map, consumed as they are made). */
    void presets(Map<String, Long> shared) {
        presets = shared;
    }
}
