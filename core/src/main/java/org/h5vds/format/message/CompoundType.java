package org.h5vds.format.message;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.h5vds.io.Cursor;

/**
 * Datatype class 6, compounds (IV.A.2.d): bits 0-15 the number of members; per member its name,
 * byte offset and type. Version 1 pads names to 8 bytes and gives each member a legacy array
 * description (dimensionality, permutation, four sizes) before its element type; version 2 pads
 * names and drops those; version 3 and later store names unpadded and offsets in as few bytes as
 * the compound's size needs.
 */
public record CompoundType(int version, int size, List<Member> members) implements Datatype {
    /** A member: its name, where it starts in the compound, its type; {@code legacy} keeps a version 1 member's array fields. */
    public record Member(String name, long byteOffset, Datatype type, LegacyArrayField legacy) {
        public Member {
            Objects.requireNonNull(name);
            Objects.requireNonNull(type);
        }

        public Member(String name, long byteOffset, Datatype type) {
            this(name, byteOffset, type, null);
        }
    }

    /**
     * A version 1 compound member's own "Dimensionality", "Dimension Permutation" and four
     * "Dimension #n Size" fields, with the member's element type. When dimensionality is non-zero
     * the member's {@link Member#type()} is the equivalent array type.
     */
    public record LegacyArrayField(int dimensionality, long permutation, long[] dims, Datatype elementType) {
        public LegacyArrayField {
            dims = dims.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof LegacyArrayField l && l.dimensionality == dimensionality && l.permutation == permutation
                    && Arrays.equals(l.dims, dims) && l.elementType.equals(elementType);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(dims) + dimensionality;
        }

        @Override
        public long[] dims() {
            return dims.clone();
        }

        @Override
        public String toString() {
            return "LegacyArrayField[" + dimensionality + " " + Arrays.toString(dims) + "]";
        }
    }

    public CompoundType {
        members = List.copyOf(members);
        if (members.isEmpty() || members.size() > 0xFFFF) throw new IllegalArgumentException("a compound needs 1..65535 members, not " + members.size());
        Set<String> names = new HashSet<>();
        for (Member m : members) {
            if (m.byteOffset() < 0 || m.byteOffset() + m.type().size() > size) {
                throw new IllegalArgumentException("member \"" + m.name() + "\" at byte offset " + m.byteOffset() + " with size "
                        + m.type().size() + " does not fit in the compound's " + size + " bytes");
            }
            if (!names.add(m.name())) throw new IllegalArgumentException("two members are named \"" + m.name() + "\"");
        }
    }

    /** A version 3 compound of {@code size} bytes, as libhdf5 1.8 and later write them. */
    public static CompoundType of(int size, List<Member> members) {
        for (Member m : members) TypeFields.checkName(m.name(), "compound member name");
        return new CompoundType(3, size, members);
    }

    static CompoundType decode(Cursor in, Header h, int depth) {
        int version = h.version();
        int size = h.size();
        int n = h.classBits() & 0xFFFF;
        if (n == 0) throw in.error(h.at(), "datatype message: compound type without members");
        List<Member> members = new ArrayList<>(Math.min(n, in.remaining()));
        Set<String> names = new HashSet<>();
        for (int i = 0; i < n; i++) {
            int memberAt = in.position();
            String name = TypeFields.name(in, version < 3);
            long offset;
            LegacyArrayField legacy = null;
            Datatype type;
            if (version >= 3) {
                offset = in.uint(offsetFieldSize(size));
                type = Datatype.decode(in, depth + 1);
            } else {
                offset = in.u32();
                if (version == 1) {
                    int dimensionality = in.u8();
                    in.skip(3);
                    long permutation = in.u32();
                    in.skip(4);
                    long[] dims = new long[4];
                    for (int d = 0; d < 4; d++) dims[d] = in.u32();
                    if (dimensionality > 4) throw in.error(memberAt, "compound member \"" + name + "\": dimensionality " + dimensionality + " exceeds 4");
                    Datatype element = Datatype.decode(in, depth + 1);
                    legacy = new LegacyArrayField(dimensionality, permutation, dims, element);
                    type = dimensionality == 0 ? element : legacyArray(element, dimensionality, dims, permutation, in, memberAt);
                } else {
                    type = Datatype.decode(in, depth + 1);
                }
            }
            if (offset < 0 || offset + type.size() > size) {
                throw in.error(memberAt, "compound member \"" + name + "\" at byte offset " + offset + " with size " + type.size()
                        + " does not fit in the compound's " + size + " bytes");
            }
            if (!names.add(name)) throw in.error(memberAt, "compound has two members named \"" + name + "\"");
            members.add(new Member(name, offset, type, legacy));
        }
        return new CompoundType(version, size, members);
    }

    private static ArrayType legacyArray(Datatype element, int rank, long[] dims, long permutation, Cursor in, int at) {
        long[] d = Arrays.copyOf(dims, rank);
        long[] perm = new long[rank];
        long count = 1;
        for (int i = 0; i < rank; i++) {
            perm[i] = (permutation >>> (8 * i)) & 0xFF;
            count *= d[i];
        }
        long total = count * element.size();
        if (count < 1 || count > Integer.MAX_VALUE || total > Integer.MAX_VALUE) {
            throw in.error(at, "compound member array of " + Arrays.toString(d) + " elements has no size h5vds supports");
        }
        return new ArrayType(2, (int) total, d, perm, element);
    }

    /** Bytes of a version 3 compound member offset: the fewest that can hold the compound's size. */
    static int offsetFieldSize(long compoundSize) {
        return compoundSize <= 0 ? 1 : (63 - Long.numberOfLeadingZeros(compoundSize)) / 8 + 1;
    }

    /** The member named {@code name}, or null. */
    public Member member(String name) {
        for (Member m : members) if (m.name().equals(name)) return m;
        return null;
    }

    @Override
    public boolean pointsIntoFile() {
        for (Member m : members) if (m.type().pointsIntoFile()) return true;
        return false;
    }

    @Override
    public TypeClass typeClass() {
        return TypeClass.COMPOUND;
    }

    @Override
    public int classBits() {
        return members.size();
    }

    @Override
    public void encodeProperties(Cursor out) {
        for (Member m : members) {
            TypeFields.putName(out, m.name(), version < 3);
            if (version >= 3) {
                out.putUint(m.byteOffset(), offsetFieldSize(size));
                m.type().encode(out);
            } else {
                out.putU32(m.byteOffset());
                if (version == 1) {
                    LegacyArrayField l = m.legacy() != null ? m.legacy() : new LegacyArrayField(0, 0, new long[4], m.type());
                    out.putU8(l.dimensionality());
                    out.putZeros(3);
                    out.putU32(l.permutation());
                    out.putZeros(4);
                    for (long d : l.dims()) out.putU32(d);
                    l.elementType().encode(out);
                } else {
                    m.type().encode(out);
                }
            }
        }
    }

    @Override
    public int propertiesSize() {
        int n = 0;
        for (Member m : members) {
            n += TypeFields.nameSize(m.name(), version < 3);
            if (version >= 3) n += offsetFieldSize(size) + m.type().encodedSize();
            else if (version == 1) n += 4 + 28 + (m.legacy() != null ? m.legacy().elementType() : m.type()).encodedSize();
            else n += 4 + m.type().encodedSize();
        }
        return n;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("compound{");
        for (int i = 0; i < members.size(); i++) {
            Member m = members.get(i);
            sb.append(i == 0 ? "" : ", ").append(m.name()).append('@').append(m.byteOffset()).append(": ").append(m.type());
        }
        return sb.append("}[").append(size).append(']').toString();
    }
}
