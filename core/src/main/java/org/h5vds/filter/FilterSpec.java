package org.h5vds.filter;

import java.util.Arrays;
import java.util.Objects;

/**
 * One filter description of a Filter Pipeline message (spec IV.A.2.l): the filter id, the flags,
 * the optional name and the client data values.
 *
 * @param id         filter identification value
 * @param flags      bit 0 set: the filter is optional (skipped for a chunk it cannot encode)
 * @param name       the name stored in the message, or null when none is stored
 * @param clientData the client data values, copied
 */
public record FilterSpec(int id, int flags, String name, int[] clientData) {
    /** Flags bit 0: the filter is optional. */
    public static final int FLAG_OPTIONAL = 0x0001;

    public FilterSpec {
        if (id < 0 || id > 0xFFFF) throw new IllegalArgumentException("filter id must be 0..65535, got " + id);
        clientData = clientData == null ? new int[0] : clientData.clone();
    }

    public static FilterSpec mandatory(int id, int... clientData) {
        return new FilterSpec(id, 0, null, clientData);
    }

    public static FilterSpec optional(int id, int... clientData) {
        return new FilterSpec(id, FLAG_OPTIONAL, null, clientData);
    }

    public boolean optional() {
        return (flags & FLAG_OPTIONAL) != 0;
    }

    @Override
    public int[] clientData() {
        return clientData.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FilterSpec s && s.id == id && s.flags == flags && Objects.equals(s.name, name)
                && Arrays.equals(s.clientData, clientData);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, flags, name, Arrays.hashCode(clientData));
    }

    @Override
    public String toString() {
        return "FilterSpec[id=" + id + ", flags=" + flags + ", name=" + name + ", clientData=" + Arrays.toString(clientData) + "]";
    }
}
