package org.h5vds.format.message;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.h5vds.io.Cursor;

/**
 * The Filter Pipeline message (IV.A.2.l, type 0x000B): the filters applied, in order, to each
 * chunk of a dataset (or to a group's fractal heap).
 *
 * <p>Version 1 pads each filter name to a multiple of 8 bytes and adds 4 zero bytes after an odd
 * number of client data values. Version 2 drops that padding, and filters with an ID below 256
 * store neither name length nor name. Following libhdf5 (H5Opline.c), a version 2 name occupies
 * exactly "Name Length" bytes.
 */
public final class FilterPipelineMessage implements Message {
    public static final int TYPE = 0x000B;
    /** libhdf5's H5Z_MAX_NFILTERS. */
    public static final int MAX_FILTERS = 32;
    /** Filters below this ID (H5Z_FILTER_RESERVED) are defined by the format and have no stored name in version 2. */
    public static final int FIRST_UNRESERVED_ID = 256;
    public static final int FLAG_OPTIONAL = 0x0001;

    /**
     * One filter.
     *
     * @param nameLength the stored "Name Length" (including NUL and padding), 0 when no name is stored
     * @param name       the name, or null when none is stored
     */
    public record Filter(int id, int flags, int nameLength, String name, int[] clientData) {
        public Filter {
            clientData = clientData.clone();
        }

        /** A filter as libhdf5 would record it for a new dataset in a version 2 message. */
        public static Filter of(int id, int flags, String name, int... clientData) {
            String n = id < FIRST_UNRESERVED_ID ? null : name;
            int length = n == null ? 0 : n.getBytes(StandardCharsets.UTF_8).length + 1;
            return new Filter(id, flags, length, n, clientData);
        }

        @Override
        public int[] clientData() {
            return clientData.clone();
        }

        public boolean isOptional() {
            return (flags & FLAG_OPTIONAL) != 0;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Filter f && f.id == id && f.flags == flags && f.nameLength == nameLength
                    && Objects.equals(f.name, name) && Arrays.equals(f.clientData, clientData);
        }

        @Override
        public int hashCode() {
            return id * 31 + Arrays.hashCode(clientData);
        }

        @Override
        public String toString() {
            return "Filter[" + id + (name != null ? " \"" + name + "\"" : "") + " flags " + flags + " " + Arrays.toString(clientData) + "]";
        }
    }

    private final int version;
    private final List<Filter> filters;

    public FilterPipelineMessage(int version, List<Filter> filters) {
        if (version != 1 && version != 2) throw new IllegalArgumentException("filter pipeline version " + version);
        if (filters.size() > MAX_FILTERS) throw new IllegalArgumentException(filters.size() + " filters exceed " + MAX_FILTERS);
        this.version = version;
        this.filters = List.copyOf(filters);
    }

    public static FilterPipelineMessage decode(Cursor in) {
        int version = in.version(in.u8(), "filter pipeline message", 1, 2);
        int countAt = in.position();
        int n = in.u8();
        if (n > MAX_FILTERS) throw in.error(countAt, "filter pipeline message: " + n + " filters exceed the maximum of " + MAX_FILTERS);
        if (version == 1) in.skip(6);
        List<Filter> filters = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int at = in.position();
            int id = in.u16();
            int nameLength = version == 1 || id >= FIRST_UNRESERVED_ID ? in.u16() : 0;
            if (version == 1 && nameLength % 8 != 0) throw in.error(at, "filter " + id + ": name length " + nameLength + " is not a multiple of 8");
            int flags = in.u16();
            int values = in.u16();
            String name = null;
            if (nameLength > 0) {
                if (nameLength > in.remaining()) throw in.error(at, "filter " + id + ": name of " + nameLength + " bytes, " + in.remaining() + " left");
                name = in.fixedString(nameLength);
            }
            if (4L * values > in.remaining()) throw in.error(at, "filter " + id + ": " + values + " client data values, " + in.remaining() + " bytes left");
            int[] clientData = new int[values];
            for (int v = 0; v < values; v++) clientData[v] = (int) in.u32();
            if (version == 1 && values % 2 == 1) in.skip(4);
            filters.add(new Filter(id, flags, nameLength, name, clientData));
        }
        return new FilterPipelineMessage(version, filters);
    }

    public int version() {
        return version;
    }

    public List<Filter> filters() {
        return filters;
    }

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public void encode(Cursor out) {
        out.putU8(version);
        out.putU8(filters.size());
        if (version == 1) out.putZeros(6);
        for (Filter f : filters) {
            out.putU16(f.id());
            if (version == 1 || f.id() >= FIRST_UNRESERVED_ID) out.putU16(f.nameLength());
            out.putU16(f.flags());
            out.putU16(f.clientData.length);
            if (f.nameLength() > 0) {
                byte[] b = f.name() == null ? new byte[0] : f.name().getBytes(StandardCharsets.UTF_8);
                out.putBytes(Arrays.copyOf(b, f.nameLength()));
            }
            for (int v : f.clientData) out.putU32(v & 0xFFFFFFFFL);
            if (version == 1 && f.clientData.length % 2 == 1) out.putZeros(4);
        }
    }

    @Override
    public int encodedSize(int offsetSize, int lengthSize) {
        int n = version == 1 ? 8 : 2;
        for (Filter f : filters) {
            n += 6 + (version == 1 || f.id() >= FIRST_UNRESERVED_ID ? 2 : 0) + f.nameLength() + 4 * f.clientData.length
                    + (version == 1 && f.clientData.length % 2 == 1 ? 4 : 0);
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FilterPipelineMessage p && p.version == version && p.filters.equals(filters);
    }

    @Override
    public int hashCode() {
        return version * 31 + filters.hashCode();
    }

    @Override
    public String toString() {
        return "FilterPipelineMessage[v" + version + " " + filters + "]";
    }
}
