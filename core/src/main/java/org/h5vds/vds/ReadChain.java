package org.h5vds.vds;

import org.h5vds.io.H5Exception;

/**
 * The virtual datasets a read or an extent computation passes through, outermost first, so that a
 * virtual dataset whose sources lead back to itself fails with the cycle named instead of
 * recursing without end. Immutable; passed down explicitly because sub-reads run on other threads.
 */
final class ReadChain {
    private static final ReadChain EMPTY = new ReadChain(null, null, null);

    private final ReadChain outer;
    private final String key;
    private final String name;

    private ReadChain(ReadChain outer, String key, String name) {
        this.outer = outer;
        this.key = key;
        this.name = name;
    }

    static ReadChain start() {
        return EMPTY;
    }

    /**
     * This chain extended by a virtual dataset.
     *
     * @param key  identifies the dataset (its file's real path and object header address)
     * @param name names it in messages (file and path)
     * @throws H5Exception when the dataset is already in the chain
     */
    ReadChain enter(String key, String name) {
        for (ReadChain c = this; c.key != null; c = c.outer) {
            if (c.key.equals(key)) {
                throw new H5Exception("virtual dataset cycle: " + path(name) + " (a source leads back to a virtual dataset being read)");
            }
        }
        return new ReadChain(this, key, name);
    }

    private String path(String last) {
        StringBuilder sb = new StringBuilder(last);
        for (ReadChain c = this; c.key != null; c = c.outer) {
            sb.insert(0, c.name + " -> ");
            if (c.name.equals(last)) break;
        }
        return sb.toString();
    }
}
