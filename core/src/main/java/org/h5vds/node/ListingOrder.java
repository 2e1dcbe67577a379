package org.h5vds.node;

import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The order in which h5py lists the links of a group and the attributes of an object: creation
 * order when the object tracks it (h5py's {@code track_order=True}; libhdf5 stores a creation
 * order with every link or attribute then), else by name as libhdf5 compares names (strcmp of the
 * UTF-8 bytes).
 */
final class ListingOrder {
    private ListingOrder() {
    }

    /** Sorts {@code items} in place; creation order is used only when every item carries one. */
    static <T> void sort(List<T> items, ToLongFunction<T> creationOrder, Function<T, String> name) {
        boolean tracked = !items.isEmpty();
        for (T t : items) {
            if (creationOrder.applyAsLong(t) < 0) {
                tracked = false;
                break;
            }
        }
        // written out rather than Comparator.comparing/comparingLong, whose lambdas the JVM would
        // spin at run time (the JDK's are not in the launcher's class-data archive)
        if (tracked) items.sort((a, b) -> Long.compare(creationOrder.applyAsLong(a), creationOrder.applyAsLong(b)));
        else items.sort((a, b) -> GroupNode.NAME_ORDER.compare(name.apply(a), name.apply(b)));
    }
}
