package org.h5vds.select;

import org.h5vds.io.Cursor;
import org.h5vds.io.H5FormatException;

/**
 * The serialised dataspace selection (format spec "Dataspace Selection", libhdf5's
 * H5S_select_serialize), as stored in VDS heap blocks and dataset region references:
 *
 * <pre>
 * Selection Type   u32   0 none, 1 points, 2 hyperslab, 3 all
 * Version          u32
 * ...              per type and version:
 *   none/all  v1,v2: Reserved u32, Length u32 (both 0)
 *   points    v1   : Reserved u32, Length u32, Rank u32, Num Points u32, coordinates u32
 *   points    v2   : Encode Size u8 (2/4/8), Rank u32, Num Points, coordinates (Encode Size each)
 *   hyperslab v1   : Reserved u32, Length u32, Rank u32, Num Blocks u32,
 *                    per block start[rank] then end[rank] (inclusive), u32 each
 *   hyperslab v2   : Flags u8 (bit 0 regular), Length u32, Rank u32,
 *                    per axis start, stride, count, block as u64 (all ones: UNLIMITED)
 *   hyperslab v3   : Flags u8, Encode Size u8 (2/4/8), Rank u32, then regular: per axis start,
 *                    stride, count, block; irregular: Num Blocks and the v1 block list (Encode Size each)
 * </pre>
 *
 * Decoding accepts what libhdf5 1.10 to 2.0 accept and trusts the fields they trust
 * (H5S__all_deserialize, H5S__none_deserialize, H5S__point_deserialize, H5S__hyper_deserialize):
 * none and all must be version 1 (H5S_ALL_VERSION_LATEST, H5S_NONE_VERSION_LATEST), points 1 or 2,
 * hyperslabs 1 to 3. The Reserved and Length fields are skipped unread: libhdf5 never looks at
 * them, and files written by its own programs hold Length values that differ from what the
 * specification derives, so a decoder that checked them would refuse files libhdf5 reads. Element
 * counts and coordinates are what libhdf5 decodes, checked against the bytes present before
 * anything is allocated.
 *
 * <p>Encoding chooses versions as libhdf5 does for the given lowest format version
 * ({@link Versions}); the default is {@link Versions#V110}, the choice libhdf5 1.10 makes for a
 * file with superblock version 3, and never version 3 of the hyperslab encoding.
 */
public final class SelectionCodec {
    /** H5S_MAX_RANK. */
    public static final int MAX_RANK = 32;

    static final int SEL_NONE = 0;
    static final int SEL_POINTS = 1;
    static final int SEL_HYPERSLABS = 2;
    static final int SEL_ALL = 3;

    private static final int HYPER_REGULAR = 0x01;
    private static final long U32_MAX = 0xFFFFFFFFL;

    /**
     * The lowest libhdf5 format version a file allows (the "low" library version bound), which is
     * what libhdf5 (1.10 and later alike) chooses selection encoding versions by.
     */
    public enum Versions {
        /**
         * Low bound earliest or 1.8 (libhdf5's default, and H5Sencode1): none/all v1, points v1,
         * hyperslab v1 (block list) unless it has an unlimited axis or coordinates beyond 2^32,
         * then v2 (a regular one only; an irregular one that large cannot be written).
         */
        V18,
        /**
         * Low bound 1.10 (files with superblock v3, libver "latest" in 1.10): as {@link #V18}, but a
         * regular hyperslab with 4 blocks or more is written as v2. Readable by libhdf5 >= 1.10.
         */
        V110,
        /** Low bound 1.12 or later: points v2, hyperslab v3. Not readable by libhdf5 1.10. */
        V112
    }

    private SelectionCodec() {
    }

    // ---- decoding --------------------------------------------------------------------------

    /** Decodes a selection; ALL and NONE come back with rank -1 since they do not store it. */
    public static Selection decode(Cursor c) {
        return decode(c, -1);
    }

    /** Decodes a selection of a dataspace of the given rank (-1: unknown); a stored rank must match. */
    public static Selection decode(Cursor c, int expectedRank) {
        int at = c.position();
        long type = c.u32();
        if (type == SEL_NONE || type == SEL_ALL) {
            String what = type == SEL_NONE ? "none selection" : "all selection";
            long version = c.u32();
            if (version != 1) throw c.error(c.position() - 4, what + ": unknown version " + version + " (known: 1)");
            c.skip(8);                                                        // Reserved, Length: unread
            return type == SEL_NONE ? new NoneSelection(expectedRank) : new All(expectedRank);
        }
        if (type == SEL_POINTS) return decodePoints(c, expectedRank);
        if (type == SEL_HYPERSLABS) return decodeHyperslab(c, expectedRank);
        throw c.error(at, "dataspace selection: unknown selection type " + type + " (known: 0 none, 1 points, 2 hyperslab, 3 all)");
    }

    private static int decodeRank(Cursor c, int expectedRank, String what) {
        int at = c.position();
        long rank = c.u32();
        if (rank < 1 || rank > MAX_RANK) throw c.error(at, what + ": rank " + rank + " outside 1.." + MAX_RANK);
        if (expectedRank >= 0 && rank != expectedRank) throw c.error(at, what + ": rank " + rank + " does not match the dataspace rank " + expectedRank);
        return (int) rank;
    }

    private static int encodeSize(Cursor c, String what) {
        int at = c.position();
        int size = c.u8();
        if (size != 2 && size != 4 && size != 8) throw c.error(at, what + ": unknown encode size " + size + " (known: 2, 4, 8)");
        return size;
    }

    /** An unsigned value of {@code size} bytes that must be a valid coordinate (below 2^63). */
    private static long coordinate(Cursor c, int size, String what) {
        int at = c.position();
        long v = c.uint(size);
        if (v < 0) throw c.error(at, what + " " + Long.toUnsignedString(v) + " exceeds 2^63");
        return v;
    }

    /** A count or block: all ones of the field's width means UNLIMITED. */
    private static long countOrBlock(Cursor c, int size, String what) {
        int at = c.position();
        long v = c.uint(size);
        if (Cursor.isAllOnes(v, size)) return DimSet.UNLIMITED;
        if (v < 0) throw c.error(at, what + " " + Long.toUnsignedString(v) + " exceeds 2^63");
        return v;
    }

    /** Checks that {@code items} entries of {@code bytesEach} bytes fit in what is left, before allocating. */
    private static void requireBytes(Cursor c, long items, long bytesEach, String what) {
        long left = c.remaining();
        if (items < 0 || (bytesEach > 0 && items > left / bytesEach)) {
            throw c.error(what + ": " + Long.toUnsignedString(items) + " entries of " + bytesEach + " bytes need more than the " + left + " bytes left");
        }
    }

    private static Selection decodePoints(Cursor c, int expectedRank) {
        final String what = "point selection"; // final: a constant, so that "what + ..." per coordinate is not a new string
        int versionAt = c.position();
        long version = c.u32();
        int size;
        if (version == 1) {
            c.skip(8);                                                        // Reserved, Length: unread
            size = 4;
        } else if (version == 2) {
            size = encodeSize(c, what);
        } else {
            throw c.error(versionAt, what + ": unknown version " + version + " (known: 1, 2)");
        }
        int rank = decodeRank(c, expectedRank, what);
        int countAt = c.position();
        long n = c.uint(size);
        requireBytes(c, n, (long) size * rank, what);
        if (n == 0) throw c.error(countAt, what + ": no points (a point selection holds at least one)");
        long[] flat = new long[(int) (n * rank)];
        for (int k = 0; k < flat.length; k++) flat[k] = coordinate(c, size, what + " coordinate");
        return Points.ofOwned(rank, flat);
    }

    private static Selection decodeHyperslab(Cursor c, int expectedRank) {
        final String what = "hyperslab selection"; // (see decodePoints)
        int versionAt = c.position();
        long version = c.u32();
        int flags = 0;
        int size;
        if (version == 1) {
            c.skip(8);                                                        // Reserved, Length: unread
            size = 4;
        } else if (version == 2) {
            flags = c.u8();
            c.skip(4);                                                        // Length: unread
            size = 8;
        } else if (version == 3) {
            flags = c.u8();
            size = encodeSize(c, what);
        } else {
            throw c.error(versionAt, what + ": unknown version " + version + " (known: 1, 2, 3)");
        }
        if ((flags & ~HYPER_REGULAR) != 0) throw c.error(versionAt + 4, what + ": unknown flags 0x" + Integer.toHexString(flags));
        int rankAt = c.position();
        int rank = decodeRank(c, expectedRank, what);
        if ((flags & HYPER_REGULAR) != 0) {
            requireBytes(c, 4L * rank, size, what);
            long[] start = new long[rank];
            long[] stride = new long[rank];
            long[] count = new long[rank];
            long[] block = new long[rank];
            for (int i = 0; i < rank; i++) {
                start[i] = coordinate(c, size, what + " start");
                stride[i] = coordinate(c, size, what + " stride");
                count[i] = countOrBlock(c, size, what + " count");
                block[i] = countOrBlock(c, size, what + " block");
                // H5S_select_hyperslab, which the decoder calls, checks a stride only against the block
                // when count > 1 (H5Sselect_hyperslab's "stride cannot be zero" is the API's check)
                if (stride[i] == 0 && (count[i] == 0 || count[i] == 1)) stride[i] = 1;
            }
            try {
                return Selection.hyperslab(start, stride, count, block);
            } catch (IllegalArgumentException e) {
                throw new H5FormatException(c.file(), c.base() + rankAt, what + ": " + e.getMessage());
            }
        }
        int countAt = c.position();
        long n = c.uint(size);
        requireBytes(c, n, 2L * size * rank, what);
        if (n == 0) throw c.error(countAt, what + ": no blocks (a hyperslab selection holds at least one)");
        // flat primitive arrays: 16 bytes per block and axis, at most 4 times the 2 x size bytes that
        // encode them (requireBytes), where a Box per block made ~40 times the bytes of a rank-1 list
        int values = (int) (n * rank);
        long[] starts = new long[values];
        long[] ends = new long[values];
        for (int b = 0; b < values; b += rank) {
            int blockAt = c.position();
            for (int i = 0; i < rank; i++) starts[b + i] = coordinate(c, size, what + " block start");
            for (int i = 0; i < rank; i++) {
                long e = coordinate(c, size, what + " block end");
                long s = starts[b + i];
                if (e < s) throw c.error(blockAt, what + ": block " + b / rank + " ends at " + e + " before it starts at " + s + " on axis " + i);
                if (e == Long.MAX_VALUE) throw c.error(blockAt, what + ": block " + b / rank + " ends beyond 2^63");
                ends[b + i] = e + 1;
            }
        }
        if (n == 1) {
            // what BlockUnion makes of one box, without a span tree
            long[] count = new long[rank];
            for (int i = 0; i < rank; i++) count[i] = ends[i] - starts[i];
            return Selection.box(new Box(starts, count));
        }
        try {
            return BlockUnion.ofFlat(rank, starts, ends);
        } catch (SelectionTooComplexException e) {
            throw new H5FormatException(c.file(), c.base() + countAt, what + ": " + e.getMessage());
        }
    }

    // ---- encoding --------------------------------------------------------------------------

    /** The selection as libhdf5 1.10 encodes it in a file whose lowest format version is 1.10. */
    public static byte[] encode(Selection s) {
        return encode(s, Versions.V110);
    }

    public static byte[] encode(Selection s, Versions versions) {
        byte[] simple = encodeSimple(s, versions);
        if (simple != null) return simple;
        Plan p = plan(s, versions);
        Cursor out = Cursor.forWriting(p.size, 8, 8);
        write(s, p, out);
        return out.written();
    }

    private static final java.lang.invoke.VarHandle INT_LE =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(int[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    /**
     * ALL, and a single box within 2^32, as {@link #plan} and {@link #write} encode them below
     * format 1.12 (ALL version 1; a hyperslab of version 1 with one block), written without a
     * plan or a cursor: a virtual dataset of 100,000 mappings encodes 200,000 such selections.
     * Null for every other selection.
     */
    private static byte[] encodeSimple(Selection s, Versions versions) {
        if (versions == Versions.V112) return null;
        if (s instanceof All) {
            byte[] b = new byte[16];
            INT_LE.set(b, 0, SEL_ALL);
            INT_LE.set(b, 4, 1);
            return b;
        }
        if (!(s instanceof ProductSelection p) || !s.isResolved()) return null;
        int rank = p.rank();
        for (int i = 0; i < rank; i++) {
            DimSet d = p.axis(i);
            if (d.intervalCount() != 1 || d.isEmpty() || d.intervalEnd(0) - 1 > U32_MAX) return null;
        }
        byte[] b = new byte[24 + 8 * rank];
        INT_LE.set(b, 0, SEL_HYPERSLABS);
        INT_LE.set(b, 4, 1);
        INT_LE.set(b, 12, 8 + 8 * rank);
        INT_LE.set(b, 16, rank);
        INT_LE.set(b, 20, 1);
        for (int i = 0; i < rank; i++) {
            DimSet d = p.axis(i);
            INT_LE.set(b, 24 + 4 * i, (int) d.intervalStart(0));
            INT_LE.set(b, 24 + 4 * (rank + i), (int) (d.intervalEnd(0) - 1));
        }
        return b;
    }

    /** Number of bytes {@link #encode(Selection, Versions)} produces. */
    public static int encodedSize(Selection s, Versions versions) {
        return plan(s, versions).size;
    }

    /** Appends the encoding to {@code out}. */
    public static void encode(Selection s, Versions versions, Cursor out) {
        write(s, plan(s, versions), out);
    }

    /** The type, version, field width and size of an encoding, chosen as libhdf5 chooses them. */
    private record Plan(int type, int version, int size, int encodeSize, boolean regular, long blocks) {
    }

    private static Plan plan(Selection s, Versions versions) {
        if (s instanceof All) return new Plan(SEL_ALL, 1, 16, 0, false, 0);
        if (s.isEmpty()) return new Plan(SEL_NONE, 1, 16, 0, false, 0);
        int rank = s.rank();
        if (s instanceof Points p) {
            long maxCoord = maxCoordinate(p.bounds());
            long n = p.count();
            if (versions != Versions.V112) {
                if (n > U32_MAX) throw new IllegalArgumentException("The number of points in point selection exceeds 2^32; a file readable by libhdf5 1.10 cannot store it");
                if (maxCoord > U32_MAX) throw new IllegalArgumentException("The end of bounding box in point selection exceeds 2^32; a file readable by libhdf5 1.10 cannot store it");
                return new Plan(SEL_POINTS, 1, checkedSize(20 + 4, n, 4L * rank), 4, false, n);
            }
            int e = encodeSizeFor(Math.max(n, maxCoord));
            return new Plan(SEL_POINTS, 2, checkedSize(13 + e, n, (long) e * rank), e, false, n);
        }
        boolean regular = s instanceof Hyperslab;
        boolean unlimited = !s.isResolved();
        long blocks = unlimited ? 0 : blockCount(s);
        long maxCoord = unlimited ? 0 : s instanceof ProductSelection p ? maxCoordinate(p) : maxCoordinate(s.bounds());
        boolean beyond32 = blocks > U32_MAX || maxCoord > U32_MAX;
        if (versions != Versions.V112) {
            // H5S__hyper_get_version_enc_size with a low bound below 1.12
            boolean v2 = unlimited || (beyond32 && regular) || (versions == Versions.V110 && regular && blocks >= 4);
            if (v2) return new Plan(SEL_HYPERSLABS, 2, 17 + 32 * rank, 8, true, 0);
            if (beyond32) {
                throw new IllegalArgumentException("a file readable by libhdf5 1.10 cannot store an irregular hyperslab selection with "
                        + (blocks > U32_MAX ? "more than 2^32 blocks" : "coordinates beyond 2^32") + "; encode with Versions.V112");
            }
            return new Plan(SEL_HYPERSLABS, 1, checkedSize(24, blocks, 8L * rank), 4, false, blocks);
        }
        if (regular) {
            Hyperslab h = (Hyperslab) s;
            long max1 = 0;
            long max2 = 0;
            for (int i = 0; i < rank; i++) {
                Regular d = h.axis(i);
                if (d.count() != DimSet.UNLIMITED) max1 = Math.max(max1, d.count());
                if (d.block() != DimSet.UNLIMITED) max1 = Math.max(max1, d.block());
                max2 = Math.max(max2, Math.max(d.start(), d.stride()));
            }
            // one more than the largest count/block leaves room for the all-ones UNLIMITED value
            int e = Math.max(encodeSizeFor(max1 + 1), encodeSizeFor(max2));
            return new Plan(SEL_HYPERSLABS, 3, 14 + 4 * e * rank, e, true, 0);
        }
        int e = encodeSizeFor(Math.max(blocks, maxCoord));
        return new Plan(SEL_HYPERSLABS, 3, checkedSize(14 + e, blocks, 2L * e * rank), e, false, blocks);
    }

    private static int checkedSize(long fixed, long items, long bytesEach) {
        if (items > (Integer.MAX_VALUE - fixed) / Math.max(bytesEach, 1)) throw new IllegalArgumentException("selection too large to encode: " + items + " entries");
        return (int) (fixed + items * bytesEach);
    }

    /** H5S__hyper_get_enc_size_real: the smallest of 2, 4, 8 bytes that holds {@code max}. */
    private static int encodeSizeFor(long max) {
        if (max < 0 || max > U32_MAX) return 8;
        if (max > 0xFFFF) return 4;
        return 2;
    }

    /** The largest coordinate of a non-empty product, without making its bounds. */
    private static long maxCoordinate(ProductSelection p) {
        long m = 0;
        for (int i = 0; i < p.rank(); i++) m = Math.max(m, p.axis(i).end() - 1);
        return m;
    }

    private static long maxCoordinate(Box b) {
        long m = 0;
        for (int i = 0; i < b.rank(); i++) m = Math.max(m, b.end(i) - 1);
        return m;
    }

    /** Number of blocks in the serialised block list. */
    private static long blockCount(Selection s) {
        if (s instanceof BlockUnion u) return u.blockCount();
        ProductSelection p = (ProductSelection) s;
        long n = 1;
        for (int i = 0; i < p.rank(); i++) {
            long k = p.axis(i).intervalCount();
            n = n > Long.MAX_VALUE / k ? Long.MAX_VALUE : n * k;
        }
        return n;
    }

    private static void write(Selection s, Plan p, Cursor out) {
        out.putU32(p.type);
        out.putU32(p.version);
        if (p.type == SEL_ALL || p.type == SEL_NONE) {
            out.putU32(0);
            out.putU32(0);
            return;
        }
        int rank = s.rank();
        if (p.type == SEL_POINTS) {
            Points pts = (Points) s;
            if (p.version == 1) {
                out.putU32(0);
                out.putU32(8 + p.blocks * rank * 4);
            } else {
                out.putU8(p.encodeSize);
            }
            out.putU32(rank);
            out.putUint(p.blocks, p.encodeSize);
            for (int k = 0; k < pts.size(); k++) {
                for (int i = 0; i < rank; i++) out.putUint(pts.coord(k, i), p.encodeSize);
            }
            return;
        }
        if (p.version == 1) {
            out.putU32(0);
            out.putU32(8 + p.blocks * rank * 8);
        } else if (p.version == 2) {
            out.putU8(HYPER_REGULAR);
            out.putU32(4 + 32L * rank);
        } else {
            out.putU8(p.regular ? HYPER_REGULAR : 0);
            out.putU8(p.encodeSize);
        }
        out.putU32(rank);
        int e = p.encodeSize;
        if (p.regular) {
            Hyperslab h = (Hyperslab) s;
            for (int i = 0; i < rank; i++) {
                Regular d = h.axis(i);
                out.putUint(d.start(), e);
                out.putUint(d.stride(), e);
                out.putUint(d.count(), e);
                out.putUint(d.block(), e);
            }
            return;
        }
        out.putUint(p.blocks, e);
        if (s instanceof BlockUnion u) {
            u.forEachBlock((start, end) -> {
                for (int i = 0; i < rank; i++) out.putUint(start[i], e);
                for (int i = 0; i < rank; i++) out.putUint(end[i], e);
            });
        } else {
            forEachProductBlock((ProductSelection) s, (start, end) -> {
                for (int i = 0; i < rank; i++) out.putUint(start[i], e);
                for (int i = 0; i < rank; i++) out.putUint(end[i], e);
            });
        }
    }

    /** The boxes of a product in C order: every combination of the axes' intervals. */
    private static void forEachProductBlock(ProductSelection p, BlockUnion.BlockVisitor v) {
        int r = p.rank();
        long[] idx = new long[r];
        long[] n = new long[r];
        long[] start = new long[r];
        long[] end = new long[r];
        for (int i = 0; i < r; i++) {
            n[i] = p.axis(i).intervalCount();
            start[i] = p.axis(i).intervalStart(0);
            end[i] = p.axis(i).intervalEnd(0) - 1;
        }
        while (true) {
            v.block(start, end);
            int i = r - 1;
            while (i >= 0 && ++idx[i] == n[i]) {
                idx[i] = 0;
                start[i] = p.axis(i).intervalStart(0);
                end[i] = p.axis(i).intervalEnd(0) - 1;
                i--;
            }
            if (i < 0) return;
            start[i] = p.axis(i).intervalStart(idx[i]);
            end[i] = p.axis(i).intervalEnd(idx[i]) - 1;
        }
    }
}
