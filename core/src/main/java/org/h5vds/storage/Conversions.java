package org.h5vds.storage;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.h5vds.format.message.ArrayType;
import org.h5vds.format.message.BitfieldType;
import org.h5vds.format.message.ComplexType;
import org.h5vds.format.message.CompoundType;
import org.h5vds.format.message.Datatype;
import org.h5vds.format.message.EnumType;
import org.h5vds.format.message.FixedPointType;
import org.h5vds.format.message.FloatingPointType;
import org.h5vds.format.message.OpaqueType;
import org.h5vds.format.message.ReferenceType;
import org.h5vds.format.message.StringType;
import org.h5vds.format.message.VariableLengthType;
import org.h5vds.io.Cursor;
import org.h5vds.io.H5FormatException;
import org.h5vds.select.Selection;
import org.h5vds.select.SelectionCodec;
import org.h5vds.storage.ElementConverter.UnsupportedConversionException;

/**
 * Builds the {@link ElementConverter} for a pair of datatypes with libhdf5's rules (H5T_path_find):
 * numbers by value ({@link NumberConversion}), enumerations and numbers into each other by value
 * too (libhdf5 1.10 converts an enumeration's base integer; h5py writes ints into bool), but no
 * float into an enumeration (libhdf5 has no such path); compounds member by member, matched by name, the
 * target holding any subset in any order and at any offsets (members the source lacks are left
 * as they are); enumerations by name (every source name must be a target name, as libhdf5
 * requires; a value the source does not name becomes all ones);
 * fixed-length strings of one character set by length and padding; arrays of equal dimensions element by element;
 * opaque types with equal size and tag as bytes.
 *
 * <p>Variable-length data and references are different in memory: an element there is a slot of
 * an {@link ObjectTable}. {@link #reading} turns stored elements (heap IDs, addresses, in the
 * stored file) into values the {@link ValueCodec} makes; {@link #writing} takes values apart and
 * stores them in the file being written; {@link #between} converts in memory, copying slots.
 */
public final class Conversions {
    private enum Direction { BETWEEN, READ, WRITE, CHECK }

    private record Ctx(Direction direction, FileObjects file, ObjectTable table, ValueCodec codec) {
        Ctx nested(ObjectTable t) {
            return new Ctx(direction, file, t, codec);
        }
    }

    private Conversions() {
    }

    /** A conversion in memory (or within one file) of types whose variable-length values, if any, stay where they are. */
    public static ElementConverter between(Datatype source, Datatype target) {
        return build(source, target, new Ctx(Direction.BETWEEN, null, null, null));
    }

    /**
     * Reading: elements stored in {@code file} as {@code stored} into memory elements of
     * {@code memory}, values of variable-length data and references added to {@code table}.
     */
    public static ElementConverter reading(Datatype stored, Datatype memory, FileObjects file, ObjectTable table, ValueCodec codec) {
        return build(stored, memory, new Ctx(Direction.READ, file, table, codec));
    }

    /** Writing: memory elements of {@code memory} (values in {@code table}) into elements of {@code stored} in {@code file}. */
    public static ElementConverter writing(Datatype memory, Datatype stored, ObjectTable table, ValueCodec codec, FileObjects file) {
        return build(memory, stored, new Ctx(Direction.WRITE, file, table, codec));
    }

    /**
     * Whether elements stored as {@code stored} read into memory elements of {@code memory} (as a
     * virtual dataset's source into the virtual dataset's type); null when they do, else why not.
     */
    public static String problem(Datatype stored, Datatype memory) {
        try {
            build(stored, memory, new Ctx(Direction.CHECK, null, null, null));
            return null;
        } catch (UnsupportedConversionException e) {
            return e.getMessage();
        }
    }

    private static boolean sameEnumeration(EnumType a, EnumType b) {
        if (a.size() != b.size() || !java.util.Objects.equals(NumberConversion.num(a.base()), NumberConversion.num(b.base()))) return false;
        return new java.util.HashSet<>(a.members()).equals(new java.util.HashSet<>(b.members()));
    }

    private static ElementConverter build(Datatype s, Datatype t, Ctx ctx) {
        if (s.equals(t) && (ctx.direction == Direction.BETWEEN || !s.pointsIntoFile())) return ElementConverter.bytes(s.size());
        if (s instanceof ComplexType c) s = asCompound(c);
        if (t instanceof ComplexType c) t = asCompound(c);
        if (s.equals(t) && (ctx.direction == Direction.BETWEEN || !s.pointsIntoFile())) return ElementConverter.bytes(s.size());
        if (s instanceof EnumType a && t instanceof EnumType b) {
            // H5T_cmp finds two enumerations equal when their bases are and their members, sorted, are (message
            // versions and member order aside): libhdf5 then converts nothing, so a value without a name keeps its value
            if (sameEnumeration(a, b)) return ElementConverter.bytes(a.size());
            // H5T__conv_enum_init: every source name must be a target name, or there is no conversion path
            for (EnumType.Member m : a.members()) {
                if (b.members().stream().noneMatch(x -> x.name().equals(m.name()))) {
                    throw unsupported(s, t, "the target enumeration has no name \"" + m.name() + "\"");
                }
            }
            return new EnumConversion(a, b);
        }
        if (s instanceof FloatingPointType && t instanceof EnumType) {
            // libhdf5 converts an enumeration into a float (H5T__conv_enum_numeric) but registers nothing the other
            // way: h5py's write of floats into a bool or enum dataset fails ("no appropriate function for conversion path")
            throw unsupported(s, t, "floats into an enumeration (libhdf5 has no such conversion; bool is an enumeration)");
        }
        if (isNumber(s) && isNumber(t) && (s instanceof BitfieldType) == (t instanceof BitfieldType)) {
            return NumberConversion.between(NumberConversion.num(s), NumberConversion.num(t));
        }
        if (ctx.direction == Direction.WRITE && s instanceof StringType a && t instanceof VariableLengthType b && b.isString()) {
            // libhdf5 has none, but h5py writes fixed-length byte strings into variable-length string
            // datasets (its own conversion, conv_str2vlen: each string without its NUL padding)
            return new FixedStringWrite(a, b, ctx);
        }
        if (s instanceof StringType a && t instanceof StringType b) {
            // libhdf5 has no conversion between character sets ("no appropriate function for conversion path")
            if (a.charset() != b.charset()) throw unsupported(s, t, "strings of another character set");
            return new StringConversion(a, b);
        }
        if (s instanceof CompoundType a && t instanceof CompoundType b) return compound(a, b, ctx);
        if (s instanceof ArrayType sa && t instanceof ArrayType ta) {
            // an array of arrays lies in memory as one array of all the dimensions, the form a
            // NumPy subarray dtype takes (libhdf5's tarray3.h5 stores one)
            ArrayType a = flattened(sa), b = flattened(ta);
            if (!Arrays.equals(a.dims(), b.dims())) {
                throw unsupported(s, t, "arrays of dimensions " + Arrays.toString(a.dims()) + " and " + Arrays.toString(b.dims())
                        + " (libhdf5 converts arrays of equal dimensions only)");
            }
            return new ArrayConversion(a, b, build(a.base(), b.base(), ctx));
        }
        if (s instanceof OpaqueType a && t instanceof OpaqueType b) {
            if (a.size() == b.size() && a.tag().equals(b.tag())) return ElementConverter.bytes(a.size());
            throw unsupported(s, t, "opaque types of another size or tag");
        }
        if (s instanceof VariableLengthType a && t instanceof VariableLengthType b && a.kind() == b.kind()) {
            return switch (ctx.direction) {
                case BETWEEN -> {
                    if (a.isString() || a.base().equals(b.base())) yield new SlotCopy(a.size(), b.size());
                    throw unsupported(s, t, "variable-length sequences of other element types in memory");
                }
                case CHECK -> {
                    if (!a.isString()) build(a.base(), b.base(), ctx);
                    yield new SlotCopy(a.size(), b.size());
                }
                case READ -> a.isString() ? new VlenStringRead(a, b, ctx) : new VlenSequenceRead(a, b, ctx, build(a.base(), b.base(), ctx));
                case WRITE -> new VlenWrite(a, b, ctx);
            };
        }
        if (s instanceof ReferenceType a && t instanceof ReferenceType b && family(a.kind()) == family(b.kind())) {
            return switch (ctx.direction) {
                case BETWEEN, CHECK -> new SlotCopy(a.size(), b.size());
                case READ -> new ReferenceRead(a, b, ctx);
                case WRITE -> new ReferenceWrite(a, b, ctx);
            };
        }
        throw unsupported(s, t, null);
    }

    private static boolean isNumber(Datatype t) {
        return t instanceof FixedPointType || t instanceof FloatingPointType || t instanceof EnumType || t instanceof BitfieldType;
    }

    /** Object, region and attribute references: a revised reference reads into the original kind's memory form. */
    private static int family(ReferenceType.Kind k) {
        return switch (k) {
            case OBJECT1, OBJECT2 -> 0;
            case DATASET_REGION1, DATASET_REGION2 -> 1;
            case ATTRIBUTE -> 2;
        };
    }

    /** HDF5 2.0's complex class as the compound {r, i} h5py writes, so that the two convert into each other. */
    static CompoundType asCompound(ComplexType c) {
        return CompoundType.of(c.size(), List.of(new CompoundType.Member("r", 0, c.base()), new CompoundType.Member("i", c.base().size(), c.base())));
    }

    private static UnsupportedConversionException unsupported(Datatype s, Datatype t, String why) {
        return new UnsupportedConversionException("no conversion from " + ElementConverter.describe(s) + " to " + ElementConverter.describe(t)
                + (why == null ? "" : ": " + why));
    }

    // ---- compounds ------------------------------------------------------------------------------

    private static ElementConverter compound(CompoundType s, CompoundType t, Ctx ctx) {
        List<CompoundConversion.Part> parts = new ArrayList<>();
        for (CompoundType.Member m : t.members()) {
            CompoundType.Member from = s.member(m.name());
            if (from == null) {
                if (ctx.direction == Direction.WRITE) {
                    throw unsupported(s, t, "the values have no member \"" + m.name() + "\" (h5vds writes whole elements)");
                }
                continue;
            }
            ElementConverter c;
            try {
                c = build(from.type(), m.type(), ctx);
            } catch (UnsupportedConversionException e) {
                throw new UnsupportedConversionException("member \"" + m.name() + "\": " + e.getMessage());
            }
            parts.add(new CompoundConversion.Part((int) from.byteOffset(), (int) m.byteOffset(), c));
        }
        if (s.size() == t.size() && parts.size() == s.members().size() && parts.size() == t.members().size()
                && parts.stream().allMatch(p -> p.sourceOffset() == p.targetOffset() && p.converter().isIdentity())) {
            // every member at its place, as stored: libhdf5's H5T_cmp finds such types equal (whatever the member
            // order, or a version 1 message's legacy array fields, which make the records differ) and copies bytes
            return ElementConverter.bytes(s.size());
        }
        return new CompoundConversion(s.size(), t.size(), parts);
    }

    /** Member by member: each part converts one member of every element, strided. */
    static final class CompoundConversion extends ElementConverter {
        record Part(int sourceOffset, int targetOffset, ElementConverter converter) {
        }

        private final List<Part> parts;

        CompoundConversion(int sourceSize, int targetSize, List<Part> parts) {
            super(sourceSize, targetSize);
            this.parts = List.copyOf(parts);
        }

        @Override
        public void convert(byte[] src, int srcOff, int srcStride, byte[] dst, int dstOff, int dstStride, int count) {
            for (Part p : parts) p.converter.convert(src, srcOff + p.sourceOffset, srcStride, dst, dstOff + p.targetOffset, dstStride, count);
        }
    }

    static final class ArrayConversion extends ElementConverter {
        private final ElementConverter base;
        private final int n;

        ArrayConversion(ArrayType s, ArrayType t, ElementConverter base) {
            super(s.size(), t.size());
            this.base = base;
            this.n = s.elementCount();
        }

        @Override
        public void convert(byte[] src, int srcOff, int srcStride, byte[] dst, int dstOff, int dstStride, int count) {
            for (int e = 0; e < count; e++) base.convert(src, srcOff + e * srcStride, dst, dstOff + e * dstStride, n);
        }
    }

    // ---- enumerations ----------------------------------------------------------------------------

    /** By name (H5T__conv_enum): a source value no target name has becomes all ones. */
    static final class EnumConversion extends ElementConverter {
        private final Map<ByteBuffer, byte[]> byValue = new HashMap<>();
        private final int sn;
        private final int tn;

        EnumConversion(EnumType s, EnumType t) {
            super(s.size(), t.size());
            sn = s.size();
            tn = t.size();
            Map<String, byte[]> target = new HashMap<>();
            for (EnumType.Member m : t.members()) target.put(m.name(), m.value());
            for (EnumType.Member m : s.members()) {
                byte[] v = target.get(m.name());
                if (v != null) byValue.putIfAbsent(ByteBuffer.wrap(m.value()), v);
            }
        }

        @Override
        public void convert(byte[] src, int srcOff, int srcStride, byte[] dst, int dstOff, int dstStride, int count) {
            for (int e = 0; e < count; e++) {
                byte[] v = byValue.get(ByteBuffer.wrap(src, srcOff + e * srcStride, sn));
                int d = dstOff + e * dstStride;
                if (v == null) Arrays.fill(dst, d, d + tn, (byte) 0xFF);
                else System.arraycopy(v, 0, dst, d, tn);
            }
        }
    }

    // ---- fixed-length strings ------------------------------------------------------------------------

    /** H5T__conv_s_s: characters copied up to a NUL (null-terminated/padded) or without trailing spaces (space-padded), then padded the target's way. */
    static final class StringConversion extends ElementConverter {
        private final Datatype.StringPadding from;
        private final Datatype.StringPadding to;

        StringConversion(StringType s, StringType t) {
            super(s.size(), t.size());
            from = s.padding();
            to = t.padding();
        }

        @Override
        public void convert(byte[] src, int srcOff, int srcStride, byte[] dst, int dstOff, int dstStride, int count) {
            int sn = sourceSize(), tn = targetSize();
            for (int e = 0; e < count; e++) {
                int s = srcOff + e * srcStride, d = dstOff + e * dstStride;
                int chars;
                if (from == Datatype.StringPadding.SPACE_PAD) {
                    chars = sn;
                    while (chars > 0 && src[s + chars - 1] == ' ') chars--;
                    chars = Math.min(tn, chars);
                } else {
                    chars = 0;
                    while (chars < tn && chars < sn && src[s + chars] != 0) chars++;
                }
                System.arraycopy(src, s, dst, d, chars);
                Arrays.fill(dst, d + chars, d + tn, to == Datatype.StringPadding.SPACE_PAD ? (byte) ' ' : 0);
                if (to == Datatype.StringPadding.NULL_TERMINATE) dst[d + tn - 1] = 0;
            }
        }
    }

    // ---- variable-length data and references ------------------------------------------------------

    /** Memory to memory: the slot numbers are copied (same table). */
    static final class SlotCopy extends ElementConverter {
        SlotCopy(int s, int t) {
            super(s, t);
        }

        @Override
        public void convert(byte[] src, int srcOff, int srcStride, byte[] dst, int dstOff, int dstStride, int count) {
            for (int e = 0; e < count; e++) System.arraycopy(src, srcOff + e * srcStride, dst, dstOff + e * dstStride, ObjectTable.SLOT_SIZE);
        }
    }

    /** A stored variable-length element: its length and heap ID. */
    record StoredVlen(long length, long collection, long index) {
        /**
         * The element at {@code off} (of at least 8 + Size of Offsets bytes: {@link
         * #checkVlenSize}): decoded in place rather than through a cursor, whose buffers were three
         * objects per element, most of the garbage of reading 100,000 strings.
         */
        static StoredVlen read(byte[] b, int off, FileObjects file) {
            int offsetSize = file.offsetSize();
            long collection = unsigned(b, off + 4, offsetSize);
            if (Cursor.isAllOnes(collection, offsetSize)) collection = Cursor.UNDEFINED;
            return new StoredVlen(unsigned(b, off, 4), collection, unsigned(b, off + 4 + offsetSize, 4));
        }

        /** The little-endian unsigned number of {@code n} bytes (at most 8) at {@code at}. */
        private static long unsigned(byte[] b, int at, int n) {
            long v = 0;
            for (int i = n - 1; i >= 0; i--) v = v << 8 | (b[at + i] & 0xFF);
            return v;
        }
    }

    private static void checkVlenSize(VariableLengthType stored, FileObjects file) {
        if (stored.size() < 8 + file.offsetSize()) {
            throw new H5FormatException(file.fileName(), H5FormatException.NO_OFFSET, "variable-length type of " + stored.size()
                    + " bytes cannot hold a length and a heap ID of " + (4 + file.offsetSize()) + " bytes");
        }
    }

    /** The heap object of a stored element, at least {@code need} bytes. */
    private static byte[] heapBytes(StoredVlen v, long need, FileObjects file) {
        requireHeapAddress(v, file);
        byte[] bytes = file.heapObject(v.collection, v.index);
        if (need > bytes.length) throw tooShort(v, need, bytes.length, file);
        return bytes;
    }

    private static void requireHeapAddress(StoredVlen v, FileObjects file) {
        if (v.collection == Cursor.UNDEFINED || v.collection == 0) {
            throw new H5FormatException(file.fileName(), H5FormatException.NO_OFFSET, "variable-length element of " + v.length
                    + " values has no global heap address");
        }
    }

    private static H5FormatException tooShort(StoredVlen v, long need, long has, FileObjects file) {
        return new H5FormatException(file.fileName(), H5FormatException.NO_OFFSET, "variable-length element needs " + need
                + " bytes, its global heap object (collection " + v.collection + ", index " + v.index + ") has " + has);
    }

    static final class VlenStringRead extends ElementConverter {
        private final VariableLengthType stored;
        private final Ctx ctx;

        VlenStringRead(VariableLengthType stored, VariableLengthType memory, Ctx ctx) {
            super(stored.size(), memory.size());
            checkVlenSize(stored, ctx.file);
            this.stored = stored;
            this.ctx = ctx;
        }

        @Override
        public void convert(byte[] src, int srcOff, int srcStride, byte[] dst, int dstOff, int dstStride, int count) {
            KeptValues k = new KeptValues(count, ctx.file);
            for (int from = 0; from < count; ) {
                k.clear();
                int e = from;
                for (; e < count && e - from < BATCH; e++) {
                    StoredVlen v = StoredVlen.read(src, srcOff + e * srcStride, ctx.file);
                    boolean value = v.length > 0 || v.collection != Cursor.UNDEFINED && v.collection != 0;
                    if (v.length > 0) {
                        if (!k.fits(v.length)) break; // the next batch starts with it
                        k.bytes = k.copy(v, v.length, k.bytes, k.used);
                    }
                    k.has[e - from] = value;
                    if (value) k.add((int) v.length);
                }
                long slot = k.held == 0 ? 0 : ctx.table.addStrings(k.bytes, k.lengths, k.held, ctx.codec, stored.charset());
                k.putSlots(dst, dstOff, dstStride, from, e, slot);
                from = e;
            }
        }
    }

    /** Variable-length elements whose values (kept as bytes) are added to a table at once. */
    private static final int BATCH = 256;
    /** Bytes of values past which such a batch ends early (one value may pass it alone). */
    private static final int TEXT = 1 << 20;

    /**
     * The values of up to {@link #BATCH} variable-length elements (fewer past {@link #TEXT} bytes)
     * as bytes one after another, for a table to keep together (one lock), and then the elements'
     * slots, consecutive. Consecutive elements mostly lie in one heap collection: it is looked up
     * once for them.
     */
    private static final class KeptValues {
        final int[] lengths;
        final boolean[] has;
        byte[] bytes;
        int used;
        int held;
        private final FileObjects file;
        private long at = -1;
        private FileObjects.HeapObjects objects;

        KeptValues(int count, FileObjects file) {
            int batch = Math.min(count, BATCH);
            lengths = new int[batch];
            has = new boolean[batch];
            bytes = new byte[batch * 32];
            this.file = file;
        }

        void clear() {
            used = 0;
            held = 0;
        }

        /** Whether {@code n} more bytes belong in this batch (a first value always does). */
        boolean fits(long n) {
            return used == 0 || used + n <= TEXT;
        }

        /**
         * Copies the first {@code need} bytes of {@code v}'s heap object into {@code dst} from
         * {@code off}, and returns {@code dst}, or a larger copy of it when it had less room: grown only
         * once the object is known to hold that many (a length read off a corrupt file allocates nothing).
         */
        byte[] copy(StoredVlen v, long need, byte[] dst, int off) {
            requireHeapAddress(v, file);
            if (v.collection != at) {
                objects = file.heapObjects(v.collection);
                at = v.collection;
            }
            long size = objects.copy(v.index, dst, off, (int) Math.min(need, dst.length - off));
            if (size < need) throw tooShort(v, need, size, file);
            if (dst.length - off < need) {
                dst = withRoom(dst, off, need);
                objects.copy(v.index, dst, off, (int) need);
            }
            return dst;
        }

        /** Room for {@code n} more bytes from {@link #used}. */
        void room(int n) {
            bytes = withRoom(bytes, used, n);
        }

        /** {@code b}, or a larger copy when it has less than {@code n} bytes from {@code off}: doubled up to {@link #TEXT}, at least enough. */
        private static byte[] withRoom(byte[] b, int off, long n) {
            return b.length - off >= n ? b : Arrays.copyOf(b, (int) Math.max(Math.min(2L * b.length, TEXT), off + n));
        }

        /** A value of {@code n} bytes, written at {@link #used}. */
        void add(int n) {
            lengths[held++] = n;
            used += n;
        }

        /** The slots of elements {@code [from, to)}: consecutive from {@code slot} for those with a value, 0 for the rest. */
        void putSlots(byte[] dst, int dstOff, int dstStride, int from, int to, long slot) {
            for (int k = from; k < to; k++) ObjectTable.putSlot(dst, dstOff + k * dstStride, has[k - from] ? slot++ : 0);
        }
    }

    static final class VlenSequenceRead extends ElementConverter {
        private final VariableLengthType stored;
        private final VariableLengthType memory;
        private final Ctx ctx;
        private final ElementConverter base;
        /** Whether an element of a sequence holds values of its own (strings, references, ...): then each sequence is an array with its own table. */
        private final boolean elementValues;

        VlenSequenceRead(VariableLengthType stored, VariableLengthType memory, Ctx ctx, ElementConverter base) {
            super(stored.size(), memory.size());
            checkVlenSize(stored, ctx.file);
            this.stored = stored;
            this.memory = memory;
            this.ctx = ctx;
            this.base = base;
            this.elementValues = memory.base().pointsIntoFile() || holdsSlots(memory.base());
        }

        @Override
        public void convert(byte[] src, int srcOff, int srcStride, byte[] dst, int dstOff, int dstStride, int count) {
            if (elementValues || memory.base().size() == 0) {
                withValues(src, srcOff, srcStride, dst, dstOff, dstStride, count);
                return;
            }
            // Sequences of numbers (and other plain elements) go into the table kept as bytes, as
            // VlenStringRead's strings do, each converted from its heap object into the batch
            int sb = stored.base().size(), tb = memory.base().size();
            KeptValues k = new KeptValues(count, ctx.file);
            byte[] raw = new byte[256];
            for (int from = 0; from < count; ) {
                k.clear();
                int e = from;
                for (; e < count && e - from < BATCH; e++) {
                    StoredVlen v = StoredVlen.read(src, srcOff + e * srcStride, ctx.file);
                    boolean value = v.length > 0;
                    if (value) {
                        tooLarge(v, sb, tb);
                        int need = (int) v.length * sb, n = (int) v.length * tb;
                        if (!k.fits(n)) break; // the next batch starts with it
                        raw = k.copy(v, need, raw, 0);
                        k.room(n);
                        base.convert(raw, 0, k.bytes, k.used, (int) v.length);
                        k.add(n);
                    }
                    k.has[e - from] = value;
                }
                long slot = k.held == 0 ? 0 : ctx.table.addSequences(k.bytes, k.lengths, k.held, ctx.codec, memory.base());
                k.putSlots(dst, dstOff, dstStride, from, e, slot);
                from = e;
            }
        }

        private void tooLarge(StoredVlen v, int sb, int tb) {
            if (v.length > Integer.MAX_VALUE / Math.max(1, Math.max(sb, tb))) {
                throw new H5FormatException(ctx.file.fileName(), H5FormatException.NO_OFFSET, "variable-length element of "
                        + v.length + " values is too large");
            }
        }

        /** Sequences made into arrays at once: those whose elements hold values of their own, each with its own table, and those of empty elements. */
        private void withValues(byte[] src, int srcOff, int srcStride, byte[] dst, int dstOff, int dstStride, int count) {
            int sb = stored.base().size(), tb = memory.base().size();
            for (int e = 0; e < count; e++) {
                StoredVlen v = StoredVlen.read(src, srcOff + e * srcStride, ctx.file);
                long slot = 0;
                if (v.length > 0) {
                    long need = v.length * sb;
                    tooLarge(v, sb, tb);
                    byte[] bytes = heapBytes(v, need, ctx.file);
                    byte[] out = new byte[(int) v.length * tb];
                    ObjectTable nested = elementValues ? new ObjectTable() : null;
                    ElementConverter c = nested == null ? base : build(stored.base(), memory.base(), ctx.nested(nested));
                    c.convert(bytes, 0, out, 0, (int) v.length);
                    slot = ctx.table.add(ctx.codec.sequence(memory.base(), out, (int) v.length, nested));
                }
                ObjectTable.putSlot(dst, dstOff + e * dstStride, slot);
            }
        }
    }

    /** {@code a} with the dimensions of nested array types appended to its own, over the innermost base. */
    static ArrayType flattened(ArrayType a) {
        if (!(a.base() instanceof ArrayType)) return a;
        long[] dims = a.dims();
        Datatype base = a.base();
        while (base instanceof ArrayType inner) {
            long[] d = Arrays.copyOf(dims, dims.length + inner.dims().length);
            System.arraycopy(inner.dims(), 0, d, dims.length, inner.dims().length);
            dims = d;
            base = inner.base();
        }
        return ArrayType.of(base, dims);
    }

    /** Whether memory elements of {@code t} hold object slots. */
    public static boolean holdsSlots(Datatype t) {
        if (t instanceof VariableLengthType || t instanceof ReferenceType) return true;
        if (t instanceof CompoundType c) {
            for (CompoundType.Member m : c.members()) if (holdsSlots(m.type())) return true;
            return false;
        }
        if (t instanceof ArrayType a) return holdsSlots(a.base());
        return false;
    }

    /** libhdf5 stores an empty sequence or string as length 0 and a zero heap ID (H5T__vlen_disk_write). */
    static void putVlen(byte[] dst, int off, FileObjects file, long length, long collection, long index) {
        NumberConversion.store(dst, off, 4, true, length);
        NumberConversion.store(dst, off + 4, file.offsetSize(), true, collection);
        NumberConversion.store(dst, off + 4 + file.offsetSize(), 4, true, index);
    }

    /** Variable-length values into the file's global heap: a string's bytes, or a sequence's elements converted to the stored base type. */
    static final class VlenWrite extends ElementConverter {
        private final VariableLengthType memory;
        private final VariableLengthType stored;
        private final Ctx ctx;

        VlenWrite(VariableLengthType memory, VariableLengthType stored, Ctx ctx) {
            super(memory.size(), stored.size());
            this.memory = memory;
            this.stored = stored;
            this.ctx = ctx;
        }

        @Override
        public void convert(byte[] src, int srcOff, int srcStride, byte[] dst, int dstOff, int dstStride, int count) {
            for (int e = 0; e < count; e++) {
                Object value = ctx.table.get(ObjectTable.slot(src, srcOff + e * srcStride));
                int d = dstOff + e * dstStride;
                long length = 0;
                byte[] object = null;
                if (value != null && stored.isString()) {
                    object = ctx.codec.stringBytes(value, stored.charset());
                    length = object.length;
                } else if (value != null) {
                    ValueCodec.Sequence seq = ctx.codec.sequenceParts(value, memory.base());
                    length = seq.count();
                    object = new byte[Math.multiplyExact(seq.count(), stored.base().size())];
                    build(memory.base(), stored.base(), ctx.nested(seq.nested())).convert(seq.elements(), 0, object, 0, seq.count());
                }
                // libhdf5 stores an empty string as an object of 0 bytes (a null heap ID reads back as a NULL
                // pointer, which h5dump prints as NULL); an empty sequence from h5py is stored as a null heap ID
                if (object == null || (length == 0 && !stored.isString())) {
                    putVlen(dst, d, ctx.file, 0, 0, 0);
                } else {
                    var id = ctx.file.storeHeapObject(object);
                    putVlen(dst, d, ctx.file, length, id.collectionAddress(), id.objectIndex());
                }
            }
        }
    }

    /**
     * Fixed-length strings into variable-length strings in the file's global heap, as h5py writes
     * them: each string's bytes before its NUL padding (spaces kept), stored as they are; a NUL
     * followed by other bytes is refused, as h5py refuses it.
     */
    static final class FixedStringWrite extends ElementConverter {
        private final int size;
        private final Ctx ctx;

        FixedStringWrite(StringType memory, VariableLengthType stored, Ctx ctx) {
            super(memory.size(), stored.size());
            this.size = memory.size();
            this.ctx = ctx;
        }

        @Override
        public void convert(byte[] src, int srcOff, int srcStride, byte[] dst, int dstOff, int dstStride, int count) {
            // first every element checked, so that a refused one leaves nothing stored
            for (int e = 0; e < count; e++) {
                int from = srcOff + e * srcStride;
                for (int k = length(src, from); k < size; k++) {
                    if (src[from + k] != 0) {
                        throw new UnsupportedConversionException("fixed-length string " + e + " of the values holds a NUL before other bytes, "
                                + "which a variable-length string cannot (h5py refuses it too: \"VLEN strings do not support embedded NULLs\")");
                    }
                }
            }
            for (int e = 0; e < count; e++) {
                int from = srcOff + e * srcStride;
                int n = length(src, from);
                // as VlenWrite: an empty string is an object of 0 bytes, as libhdf5 stores it
                var id = ctx.file.storeHeapObject(Arrays.copyOfRange(src, from, from + n));
                putVlen(dst, dstOff + e * dstStride, ctx.file, n, id.collectionAddress(), id.objectIndex());
            }
        }

        /** The string's bytes before its first NUL. */
        private int length(byte[] src, int from) {
            int n = 0;
            while (n < size && src[from + n] != 0) n++;
            return n;
        }
    }

    /** Stored references (appendix VIII) into reference values. */
    static final class ReferenceRead extends ElementConverter {
        private final ReferenceType stored;
        private final Ctx ctx;

        ReferenceRead(ReferenceType stored, ReferenceType memory, Ctx ctx) {
            super(stored.size(), memory.size());
            this.stored = stored;
            this.ctx = ctx;
            int need = switch (stored.kind()) {
                case OBJECT1 -> ctx.file.offsetSize();
                case DATASET_REGION1 -> ctx.file.offsetSize() + 4;
                default -> 2;
            };
            if (stored.size() < need) {
                throw new H5FormatException(ctx.file.fileName(), H5FormatException.NO_OFFSET, stored.kind() + " reference of "
                        + stored.size() + " bytes; it needs " + need);
            }
        }

        @Override
        public void convert(byte[] src, int srcOff, int srcStride, byte[] dst, int dstOff, int dstStride, int count) {
            for (int e = 0; e < count; e++) {
                StoredReference r = StoredReferences.decode(stored, src, srcOff + e * srcStride, ctx.file);
                long slot = r == null ? 0 : ctx.table.add(ctx.codec.reference(r));
                ObjectTable.putSlot(dst, dstOff + e * dstStride, slot);
            }
        }
    }

    /** Reference values into stored object references (the kind h5vds writes). */
    static final class ReferenceWrite extends ElementConverter {
        private final ReferenceType stored;
        private final Ctx ctx;

        ReferenceWrite(ReferenceType memory, ReferenceType stored, Ctx ctx) {
            super(memory.size(), stored.size());
            if (stored.kind() != ReferenceType.Kind.OBJECT1) {
                throw new UnsupportedConversionException("h5vds writes object references only, not " + stored.kind() + " references");
            }
            this.stored = stored;
            this.ctx = ctx;
        }

        @Override
        public void convert(byte[] src, int srcOff, int srcStride, byte[] dst, int dstOff, int dstStride, int count) {
            for (int e = 0; e < count; e++) {
                Object value = ctx.table.get(ObjectTable.slot(src, srcOff + e * srcStride));
                long address = 0;
                if (value != null) {
                    StoredReference r = ctx.codec.storedReference(value, stored.kind());
                    if (!r.isNull()) address = r.address();
                }
                NumberConversion.store(dst, dstOff + e * dstStride, stored.size(), true, address);
            }
        }
    }

    /** The selection encoded in a region reference (H5S_select_deserialize's layout). */
    static Selection selection(byte[] b, int off, int length, FileObjects file) {
        Cursor c = new Cursor(ByteBuffer.wrap(b, off, length).slice().order(ByteOrder.LITTLE_ENDIAN), file.fileName(),
                H5FormatException.NO_OFFSET, file.offsetSize(), 8);
        return SelectionCodec.decode(c);
    }
}
