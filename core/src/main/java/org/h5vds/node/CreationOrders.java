package org.h5vds.node;

import java.util.Map;

/**
 * The creation orders of an object's links or attributes: whether the object tracks them (h5py's
 * {@code track_order=True}), the order of each by name, and the order the next one gets (what
 * libhdf5 stores as the "maximum creation index"). A copy takes them over, as libhdf5's H5Ocopy
 * keeps them.
 *
 * @param tracked whether creation order is recorded
 * @param orders  each link's or attribute's order by name (empty when not tracked)
 * @param next    the order the next one gets
 */
public record CreationOrders(boolean tracked, Map<String, Long> orders, long next) {
    public CreationOrders {
        orders = Map.copyOf(orders);
    }

    static final CreationOrders NONE = new CreationOrders(false, Map.of(), 0);
}
