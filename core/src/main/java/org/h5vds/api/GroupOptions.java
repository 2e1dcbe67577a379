package org.h5vds.api;

/**
 * How a new group is made: the keyword arguments of h5py's {@code create_group} (today
 * {@code track_order}). Immutable; each method returns a new value.
 *
 * <pre>{@code
 * Group entry = f.createGroup("entry", GroupOptions.defaults().trackOrder());
 * entry.keys();   // in the order the members were made, as h5py lists them
 * }</pre>
 */
public final class GroupOptions {
    private static final GroupOptions DEFAULTS = new GroupOptions(false);
    private static final GroupOptions TRACKED = new GroupOptions(true);

    private final boolean trackOrder;

    private GroupOptions(boolean trackOrder) {
        this.trackOrder = trackOrder;
    }

    /**
     * A group as h5py makes one by default: links and attributes listed by name.
     *
     * @return the default options
     */
    public static GroupOptions defaults() {
        return DEFAULTS;
    }

    /**
     * The group records the creation order of its links and of its attributes (h5py's
     * {@code track_order=True}, which has libhdf5 track and index both): h5py and h5vds list its
     * members and attributes in the order they were made, not by name.
     *
     * @return options that track creation order
     */
    public GroupOptions trackOrder() {
        return TRACKED;
    }

    /** Whether the group records creation order. */
    boolean tracksOrder() {
        return trackOrder;
    }

    @Override
    public String toString() {
        return "GroupOptions[" + (trackOrder ? "track_order" : "defaults") + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GroupOptions g && g.trackOrder == trackOrder;
    }

    @Override
    public int hashCode() {
        return Boolean.hashCode(trackOrder);
    }
}
