package org.h5vds.format.message;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.h5vds.io.Cursor;

/**
 * Datatype class 8, enumerations (IV.A.2.d): bits 0-15 the number of members; the base integer
 * type, then every name (padded to 8 bytes before version 3), then every value in the base type.
 * h5py's bool is an enumeration of int8 with FALSE = 0 and TRUE = 1.
 */
public record EnumType(int version, int size, Datatype base, List<Member> members) implements Datatype {
    /** A name and its value, encoded in the base type. */
    public record Member(String name, byte[] value) {
        public Member {
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Member e && e.name.equals(name) && Arrays.equals(e.value, value);
        }

        @Override
        public int hashCode() {
            return name.hashCode() * 31 + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return name + "=" + Arrays.toString(value);
        }
    }

    public EnumType {
        members = List.copyOf(members);
        if (members.size() > 0xFFFF) throw new IllegalArgumentException("an enumeration has at most 65535 members, not " + members.size());
        if (base.size() != size) throw new IllegalArgumentException("an enumeration of " + size + " bytes over a base type of " + base.size());
        for (Member e : members) {
            if (e.value.length != size) throw new IllegalArgumentException("value of \"" + e.name() + "\" has " + e.value.length + " bytes, the base " + size);
        }
    }

    /** A version 3 enumeration over an integer {@code base}. */
    public static EnumType of(Datatype base, List<Member> members) {
        if (!(base instanceof FixedPointType)) throw new IllegalArgumentException("an enumeration's base must be an integer type, not " + base);
        if (members.isEmpty()) throw new IllegalArgumentException("an enumeration needs at least one member");
        for (Member m : members) TypeFields.checkName(m.name(), "enumeration name");
        return new EnumType(3, base.size(), base, members);
    }

    static EnumType decode(Cursor in, Header h, int depth) {
        int n = h.classBits() & 0xFFFF;
        Datatype base = Datatype.decode(in, depth + 1);
        if (!(base instanceof FixedPointType)) throw in.error(h.at(), "enumeration over a " + base.typeClass() + " base type; libhdf5 allows integers only");
        if (base.size() != h.size()) throw in.error(h.at(), "enumeration of " + h.size() + " bytes over a base type of " + base.size());
        String[] names = new String[Math.min(n, in.remaining())];
        if (names.length < n) throw in.error("enumeration of " + n + " members cannot fit in the " + in.remaining() + " bytes left");
        for (int i = 0; i < n; i++) names[i] = TypeFields.name(in, h.version() < 3);
        long valueBytes = (long) n * base.size();
        if (valueBytes > in.remaining()) throw in.error("enumeration values need " + valueBytes + " bytes, " + in.remaining() + " left");
        List<Member> members = new ArrayList<>(n);
        for (int i = 0; i < n; i++) members.add(new Member(names[i], in.bytes(base.size())));
        return new EnumType(h.version(), h.size(), base, members);
    }

    /** The base type as the integer it is. */
    public FixedPointType integerBase() {
        return (FixedPointType) base;
    }

    @Override
    public TypeClass typeClass() {
        return TypeClass.ENUMERATED;
    }

    @Override
    public int classBits() {
        return members.size();
    }

    @Override
    public void encodeProperties(Cursor out) {
        base.encode(out);
        for (Member e : members) TypeFields.putName(out, e.name(), version < 3);
        for (Member e : members) out.putBytes(e.value);
    }

    @Override
    public int propertiesSize() {
        int n = base.encodedSize();
        for (Member e : members) n += TypeFields.nameSize(e.name(), version < 3) + e.value.length;
        return n;
    }

    @Override
    public String toString() {
        return "enum{" + members.stream().map(Member::name).collect(java.util.stream.Collectors.joining(", ")) + "} of " + base;
    }
}
