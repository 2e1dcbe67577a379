package org.h5vds.filter.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.Adler32;

/**
 * A decoder of one zlib stream (RFC 1950 header and Adler-32 trailer around RFC 1951 deflate data),
 * written for HDF5 chunks: a chunk is a whole stream with no preset dictionary, so the output array
 * itself is the 32 KiB window (a match copies from earlier output) and nothing is kept between calls.
 *
 * <p>It accepts exactly the streams zlib 1.2.13 ({@code java.util.zip.Inflater}) accepts and yields
 * the same bytes; where zlib reports an error or waits for more input, this throws {@link Malformed}.
 * Bytes after the trailer are ignored, as libhdf5 does.
 *
 * <p>Speed comes from decoding straight into the caller's array, a 64-bit bit buffer refilled eight
 * bytes at a time, and one table lookup per symbol (a 12-bit first-level table for literal/length
 * codes, 8-bit for distances, second-level tables for the longer codes; a first-level entry holds
 * two literals when both codes fit in it). The loop that does this
 * runs while at least 24 input bytes and 272 output bytes remain (a pass decodes up to three
 * first-level literal entries of up to two literals each and a 258-byte match whose word copy may
 * write 7 bytes past its end); near either end a checked step decodes one symbol at a time.
 *
 * <p>One decoder per thread ({@link #get()}): it holds the Huffman tables and the current stream.
 */
public final class ZlibStream {
    /** Why a stream was refused; the message is zlib's wording where zlib has one. */
    public static final class Malformed extends RuntimeException {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle SHORT_LE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final ThreadLocal<ZlibStream> PER_THREAD = ThreadLocal.withInitial(ZlibStream::new);

    // A table entry is one int:
    //   bits 0-4   the bits this entry consumes: its code bits (for a second-level entry, those after the
    //              first level) plus, for a length or distance, the extra bits that follow the code; bits
    //              5-7 are zero, so "bits >>>= entry" drops them (a long shift uses the count's low 6 bits)
    //              without a mask on the decode's critical path
    //   bits 8-11  extra bits that follow the code (length/distance), or a second-level table's index bits
    //   bit 12     end of block, bit 13 a pointer to a second-level table, bit 14 a code that must not occur
    //   bits 16-30 the value: base length, base distance, code-length symbol or second-level table offset
    //   bit 31     a literal, whose byte is bits 8-15 (so "entry < 0" tests for a literal); with bit 30,
    //              a first-level entry for two literals whose codes fit the first level together, the
    //              second byte in bits 16-23 and bits 0-4 the two codes' lengths added: "entry >>> 8" is
    //              the bytes in little-endian order, one 2-byte store, and "entry >>> 30" is 2 + the
    //              literals after the first (a literal's flag bits overlap its byte: test them only on a
    //              non-literal entry)
    private static final int END = 1 << 12;
    private static final int SUB = 1 << 13;
    private static final int BAD = 1 << 14;
    private static final int LITERAL = 0x8000_0000;
    /** With LITERAL: two literals, the first in bits 8-15 and the second in bits 16-23. */
    private static final int TWO = 1 << 30;

    /**
     * The literal/length first level the decoder looks up: 12 bits. A first-level entry pairs two
     * literals only when both codes fit in it; detector data's low-order bytes have codes of 6 bits
     * around their peak, which pair in 12 bits and not in 11: on the vds bench's chunks inflate took
     * 195 µs a chunk with 11 bits and 165-178 with 12 (InflateBench: 550-720 MB/s against 620-830;
     * the read bench's 512 x 512 chunks 590 against 600-645). The mask is a constant: held in a
     * variable (a root chosen per block) it made the decode loop 15% slower.
     */
    private static final int LIT_BITS = 12;
    private static final int LIT_MASK = (1 << LIT_BITS) - 1;
    /**
     * The first level a block's literal/length table is built for when 12 bits would pair few more
     * literals than 11 ({@link #literalRoot}): its 2,048 entries are then copied to the upper half
     * (the 12th bit is no part of their codes), since a 12-bit table costs 1.45 µs more to build
     * (4.1 µs against 2.9 per block) and the copy 0.2.
     */
    private static final int NARROW_LIT_BITS = 11;
    private static final int DIST_BITS = 8;
    private static final int DIST_MASK = (1 << DIST_BITS) - 1;
    private static final int CODE_BITS = 7;
    /**
     * The output is summed for the Adler-32 trailer this many bytes per call: HotSpot computes Adler-32
     * with a vector stub (7-10 GB/s here) only in C2-compiled callers, and C2 compiles
     * {@code Adler32.update} after ~5,000 calls; until then each call goes to the system zlib (1.1-3
     * GB/s). One call per chunk kept a read's first 5,000 chunks (several whole reads of the benchmarks)
     * on the slow path; 4 KiB slices reach the stub within the first ~40-160 chunks.
     */
    private static final int ADLER_SLICE = 4096;
    /** The fast loop's output margin: three literal entries (six bytes), a 258-byte match and its word copy's 7 bytes of overrun. */
    private static final int OUT_MARGIN = 272;
    /** The fast loop's input margin: up to three refills a pass, each reading eight bytes at most seven bytes on. */
    private static final int IN_MARGIN = 24;

    private static final int KIND_CODES = 0;
    private static final int KIND_LITLEN = 1;
    private static final int KIND_DIST = 2;

    // RFC 1951 3.2.5: length codes 257..285 and distance codes 0..29, base value and extra bits.
    private static final int[] LENGTH_BASE = {3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59,
        67, 83, 99, 115, 131, 163, 195, 227, 258};
    private static final int[] LENGTH_EXTRA = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4,
        5, 5, 5, 5, 0};
    private static final int[] DIST_BASE = {1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513,
        769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
    private static final int[] DIST_EXTRA = {0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10,
        11, 11, 12, 12, 13, 13};
    /** RFC 1951 3.2.7: the order in which the code-length code's lengths are stored. */
    private static final int[] CODE_LENGTH_ORDER = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};

    // The literal/length and distance tables of a block share one array, the distance table first, so that
    // the decode loop holds one array (one register, one length for its range checks) and finds either
    // table at a constant offset. Each part has room for its first level and a second-level table of the
    // widest kind (a code of 15 bits) for each symbol: a first-level slot gets a second-level table only
    // for a code longer than the root, so there are never more such tables than symbols.
    /** Where the distance table starts, and its room: 256 first-level entries and up to 30 tables of 2^7. */
    private static final int DIST_AT = 0;
    private static final int DIST_ROOM = (1 << DIST_BITS) + 30 * (1 << (15 - DIST_BITS));
    /** Where the literal/length table starts, and its room: 4,096 entries and up to 286 tables of 2^4 (built for 11 bits). */
    private static final int LIT_AT = DIST_AT + DIST_ROOM;
    private static final int LIT_ROOM = (1 << LIT_BITS) + 286 * (1 << (15 - NARROW_LIT_BITS));
    private static final int TABLES = LIT_AT + LIT_ROOM;

    /** The fixed codes of RFC 1951 3.2.6, built once (all threads only read them). */
    private static final int[] FIXED;

    static {
        ZlibStream builder = new ZlibStream();
        int[] lens = new int[288 + 32];
        Arrays.fill(lens, 0, 144, 8);
        Arrays.fill(lens, 144, 256, 9);
        Arrays.fill(lens, 256, 280, 7);
        Arrays.fill(lens, 280, 288, 8);
        Arrays.fill(lens, 288, 320, 5);
        FIXED = new int[TABLES];
        builder.build(FIXED, LIT_AT, LIT_ROOM, lens, 0, 288, NARROW_LIT_BITS, LIT_BITS, KIND_LITLEN);
        builder.build(FIXED, DIST_AT, DIST_ROOM, lens, 288, 32, DIST_BITS, DIST_BITS, KIND_DIST);
    }

    /** The tables of the current dynamic block (layout as {@link #FIXED}). */
    private final int[] tables = new int[TABLES];
    private final int[] codeTable = new int[1 << CODE_BITS];
    private final int[] lens = new int[286 + 30];
    private final int[] codeLens = new int[19];
    private final int[] count = new int[16];
    private final int[] start = new int[16];
    private final int[] sorted = new int[288];
    private final int[] codes = new int[288];
    private final int[] subBits = new int[1 << LIT_BITS];
    private final int[] longSlots = new int[288];
    private final int[] second = new int[1 << (LIT_BITS - 1)];

    // The stream being decoded. Bits of bitBuf above bitCount are zero or the next input bits.
    private byte[] in;
    private int inPos;
    private int inEnd;
    private long bitBuf;
    private int bitCount;
    private byte[] out;
    private int outPos;
    private int outStart;
    private int outLimit;
    /** When growing: the largest output allowed; otherwise -1 (the output is exactly out[outStart, outLimit)). */
    private int growLimit;

    private ZlibStream() {
    }

    /** This thread's decoder. */
    public static ZlibStream get() {
        return PER_THREAD.get();
    }

    /**
     * Decodes the stream in {@code in[off, off + len)} into {@code out[outOff, outOff + outLen)};
     * a stream that yields more than {@code outLen} bytes is refused.
     *
     * @return the bytes produced
     */
    public int inflate(byte[] in, int off, int len, byte[] out, int outOff, int outLen) {
        java.util.Objects.checkFromIndexSize(off, len, in.length);
        java.util.Objects.checkFromIndexSize(outOff, outLen, out.length);
        start(in, off, len, out, outOff, outOff + outLen, -1);
        try {
            return run();
        } finally {
            this.in = null;
            this.out = null;
        }
    }

    /**
     * Decodes the stream in {@code in[off, off + len)} into a new array, starting with {@code initial}
     * bytes and doubling, never beyond {@code limit} bytes. The result is the array; its first
     * {@link #produced()} bytes are the output.
     */
    public byte[] inflateGrowing(byte[] in, int off, int len, int initial, int limit) {
        java.util.Objects.checkFromIndexSize(off, len, in.length);
        start(in, off, len, new byte[Math.min(initial, limit)], 0, Math.min(initial, limit), limit);
        try {
            run();
            return out;
        } finally {
            this.in = null;
            this.out = null;
        }
    }

    /** The bytes the last call produced. */
    public int produced() {
        return outPos - outStart;
    }

    private void start(byte[] in, int off, int len, byte[] out, int outOff, int outEnd, int growLimit) {
        this.in = in;
        this.inPos = off;
        this.inEnd = off + len;
        this.bitBuf = 0;
        this.bitCount = 0;
        this.out = out;
        this.outPos = outOff;
        this.outStart = outOff;
        this.outLimit = outEnd;
        this.growLimit = growLimit;
    }

    private int run() {
        header();
        boolean last;
        do {
            last = take(1) == 1;
            switch (take(2)) {
                case 0 -> stored();
                case 1 -> codes(FIXED);
                case 2 -> {
                    dynamicTables();
                    codes(tables);
                }
                default -> throw new Malformed("invalid block type");
            }
        } while (!last);
        trailer();
        return outPos - outStart;
    }

    /** RFC 1950 2.2: CMF and FLG, checked in zlib's order. */
    private void header() {
        if (inEnd - inPos < 2) throw truncated();
        int cmf = in[inPos] & 0xFF;
        int flg = in[inPos + 1] & 0xFF;
        if ((cmf << 8 | flg) % 31 != 0) throw new Malformed("incorrect header check");
        if ((cmf & 0x0F) != 8) throw new Malformed("unknown compression method");
        if ((cmf >>> 4) > 7) throw new Malformed("invalid window size");
        if ((flg & 0x20) != 0) throw new Malformed("stream needs a preset dictionary");
        inPos += 2;
    }

    /** RFC 1950 2.2: the Adler-32 of the output, big-endian, starting at the next byte boundary. */
    private void trailer() {
        int at = unreadWholeBytes();
        if (inEnd - at < 4) throw truncated();
        int stored = (in[at] & 0xFF) << 24 | (in[at + 1] & 0xFF) << 16 | (in[at + 2] & 0xFF) << 8 | (in[at + 3] & 0xFF);
        Adler32 adler = new Adler32();
        for (int from = outStart; from < outPos; from += ADLER_SLICE) adler.update(out, from, Math.min(ADLER_SLICE, outPos - from));
        if ((int) adler.getValue() != stored) throw new Malformed("incorrect data check");
    }

    /** Drops the bits to the next byte boundary and gives back the whole bytes still in the bit buffer. */
    private int unreadWholeBytes() {
        int at = inPos - (bitCount >>> 3);
        bitBuf = 0;
        bitCount = 0;
        inPos = at;
        return at;
    }

    /** RFC 1951 3.2.4: a stored block, LEN and its complement NLEN, then LEN bytes. */
    private void stored() {
        int at = unreadWholeBytes();
        if (at > inEnd - 4) throw truncated();
        int length = (in[at] & 0xFF) | (in[at + 1] & 0xFF) << 8;
        int complement = (in[at + 2] & 0xFF) | (in[at + 3] & 0xFF) << 8;
        if (length != (~complement & 0xFFFF)) throw new Malformed("invalid stored block lengths");
        at += 4;
        if (length > inEnd - at) throw truncated();
        room(length);
        System.arraycopy(in, at, out, outPos, length);
        outPos += length;
        inPos = at + length;
    }

    /** RFC 1951 3.2.7: the code-length code, then the literal/length and distance code lengths. */
    private void dynamicTables() {
        int nlen = take(5) + 257;
        int ndist = take(5) + 1;
        int ncode = take(4) + 4;
        if (nlen > 286 || ndist > 30) throw new Malformed("too many length or distance symbols");
        Arrays.fill(codeLens, 0);
        for (int i = 0; i < ncode; i++) codeLens[CODE_LENGTH_ORDER[i]] = take(3);
        build(codeTable, 0, codeTable.length, codeLens, 0, 19, CODE_BITS, CODE_BITS, KIND_CODES);
        int total = nlen + ndist;
        int i = 0;
        while (i < total) {
            refillSlow();
            int e = codeTable[(int) bitBuf & ((1 << CODE_BITS) - 1)];
            if ((e & BAD) != 0) throw new Malformed("invalid code lengths set");
            drop(e & 31);
            checkTruncation();
            int symbol = e >>> 16;
            if (symbol < 16) {
                lens[i++] = symbol;
                continue;
            }
            int repeat;
            int value = 0;
            if (symbol == 16) {
                if (i == 0) throw new Malformed("invalid bit length repeat");
                value = lens[i - 1];
                repeat = 3 + take(2);
            } else if (symbol == 17) {
                repeat = 3 + take(3);
            } else {
                repeat = 11 + take(7);
            }
            if (repeat > total - i) throw new Malformed("invalid bit length repeat");
            Arrays.fill(lens, i, i + repeat, value);
            i += repeat;
        }
        if (lens[256] == 0) throw new Malformed("invalid code -- missing end-of-block");
        build(tables, LIT_AT, LIT_ROOM, lens, 0, nlen, literalRoot(lens), LIT_BITS, KIND_LITLEN);
        build(tables, DIST_AT, DIST_ROOM, lens, nlen, ndist, DIST_BITS, DIST_BITS, KIND_DIST);
    }

    /**
     * The first-level bits to build a block's literal/length table for, from the code lengths of
     * its literals, {@code lengths[0, 256)}: 12 when the share of symbols that are two literals
     * pairing in 12 bits but not in 11 (two codes of exactly 12 bits together) is at least 1/64,
     * else 11. A code of {@code l} bits stands for a share 2^-l of the block's symbols, so that
     * share is the sum over l of (share of l-bit literals) x (share of (12 - l)-bit ones). Where
     * literals hardly pair (codes of 7 bits and more) the 11-bit build saves its 1.45 µs; the
     * read bench's chunks, whose blocks have shares of mostly 2-5%, inflated faster with 12 bits
     * than with 11 (600-670 against 520-590 MB/s), hence a threshold below what the pairs alone
     * would repay.
     */
    static int literalRoot(int[] lengths) {
        int[] perLength = new int[16];
        for (int s = 0; s < 256; s++) perLength[lengths[s]]++;
        // shares in units of 2^-15 (a complete code's shares add up to 2^15), products in 2^-30
        long extra = 0;
        for (int l = 1; l < LIT_BITS; l++) {
            extra += ((long) perLength[l] << (15 - l)) * ((long) perLength[LIT_BITS - l] << (15 - (LIT_BITS - l)));
        }
        return extra >= 1L << 24 ? LIT_BITS : NARROW_LIT_BITS;
    }

    /**
     * Builds the decoding table of the canonical Huffman code with lengths {@code lengths[off, off + n)}
     * (RFC 1951 3.2.2), refusing the sets zlib refuses: an over-subscribed set always, an incomplete
     * one unless it is a literal/length or distance code whose longest code has one bit (a single
     * code, or none at all for distances). The table takes {@code table[at, at + room)}: the decoder
     * looks up {@code lookup} bits, in the first {@code 1 << lookup} entries; codes longer than
     * {@code root} (at most {@code lookup}) bits go to second-level tables after them. A root
     * narrower than the lookup fills the first {@code 1 << root} entries and copies them up.
     */
    private void build(int[] table, int at, int room, int[] lengths, int off, int n, int root, int lookup, int kind) {
        Arrays.fill(count, 0);
        for (int s = 0; s < n; s++) count[lengths[off + s]]++;
        int max = 15;
        while (max > 0 && count[max] == 0) max--;
        int left = 1;
        for (int len = 1; len <= 15; len++) {
            left = (left << 1) - count[len];
            if (left < 0) throw new Malformed(setName(kind) + " (over-subscribed)");
        }
        if (left > 0 && (kind == KIND_CODES || max > 1)) throw new Malformed(setName(kind) + " (incomplete)");
        // The symbols with a code in canonical order (RFC 1951 3.2.2: by length, then by symbol), so
        // that the fills below run length by length, each symbol's loop as long as the one before.
        int used = n - count[0];
        start[1] = 0;
        for (int len = 1; len < 15; len++) start[len + 1] = start[len] + count[len];
        start[0] = used; // symbols without a code go after the others, unread
        for (int s = 0; s < n; s++) sorted[start[lengths[off + s]]++] = s;
        int shortestLiteral = 16;
        for (int j = 0; j < used; j++) {
            if (sorted[j] < 256) {
                shortestLiteral = lengths[off + sorted[j]];
                break;
            }
        }
        int size = 1 << root;
        // Literal pairs: a first-level entry for a literal whose code leaves room for the whole code of a
        // second literal holds both. pairBits is the longest first code that can have a partner (-1: none).
        int pairBits = kind == KIND_LITLEN ? root - shortestLiteral : -1;
        if (pairBits > 0) Arrays.fill(second, 0, 1 << pairBits, 0);
        // Each code, bit-reversed (deflate sends a code's first bit first, into the bit buffer's lowest
        // bit); second[k], k < 2^pairBits: the literal whose code, of at most pairBits bits, is k's low bits.
        // The first-level slots of the codes longer than root bits each point to a second-level table as
        // wide as the longest such code's bits past the first level. subBits is all zero between builds.
        int slots = 0;
        int code = 0;
        int j = 0;
        for (int len = 1; len <= max; len++, code <<= 1) {
            for (int end = j + count[len]; j < end; j++, code++) {
                int reversed = Integer.reverse(code) >>> (32 - len);
                codes[j] = reversed;
                int s = sorted[j];
                if (len <= pairBits && s < 256) {
                    int entry = LITERAL | s << 8 | len;
                    for (int i = reversed; i < 1 << pairBits; i += 1 << len) second[i] = entry;
                } else if (len > root) {
                    int slot = reversed & (size - 1);
                    if (subBits[slot] == 0) longSlots[slots++] = slot;
                    subBits[slot] = len - root; // the lengths come in order: the last is the longest
                }
            }
        }
        int span = 1 << lookup;
        int total = span;
        for (int t = 0; t < slots; t++) total += 1 << subBits[longSlots[t]];
        if (total > room) throw new IllegalStateException("a Huffman table outgrew its room: " + total + " > " + room);
        // A complete code fills every entry below; only an incomplete one (a single 1-bit code, or no
        // code at all: no second level then) leaves holes, which must decode as a code that cannot occur.
        if (left > 0) Arrays.fill(table, at, at + total, BAD);
        int next = at + span;
        for (int t = 0; t < slots; t++) {
            int slot = longSlots[t];
            table[at + slot] = SUB | next << 16 | subBits[slot] << 8 | root;
            next += 1 << subBits[slot];
            subBits[slot] = 0;
        }
        j = 0;
        for (int len = 1; len <= Math.min(max, root); len++) {
            int free = root - len;
            for (int end = j + count[len]; j < end; j++) {
                int s = sorted[j];
                int reversed = codes[j];
                int entry = entry(kind, s, len);
                if (len <= pairBits && s < 256) {
                    // entry i = reversed + k << len: the bits after this code are k, whose literal (if any) pairs
                    // when its code fits the room left. Reading partners from second[], not from the table
                    // being written, keeps the entries independent of one another (no branch, no reload).
                    int both = (entry & ~31) | TWO | len;
                    for (int k = 0, i = at + reversed; k < 1 << free; k++, i += 1 << len) {
                        int partner = second[k];
                        table[i] = partner < 0 && (partner & 31) <= free ? both + ((partner & 0xFF00) << 8) + (partner & 31) : entry;
                    }
                } else {
                    for (int i = at + reversed; i < at + size; i += 1 << len) table[i] = entry;
                }
            }
        }
        for (int filled = size; filled < span; filled <<= 1) System.arraycopy(table, at, table, at + filled, filled);
        for (int len = root + 1; len <= max; len++) {
            for (int end = j + count[len]; j < end; j++) {
                int reversed = codes[j];
                int pointer = table[at + (reversed & (size - 1))];
                int base = pointer >>> 16;
                int width = 1 << ((pointer >>> 8) & 15);
                int entry = entry(kind, sorted[j], len - root);
                for (int i = reversed >>> root; i < width; i += 1 << (len - root)) table[base + i] = entry;
            }
        }
    }

    private static String setName(int kind) {
        return switch (kind) {
            case KIND_CODES -> "invalid code lengths set";
            case KIND_LITLEN -> "invalid literal/lengths set";
            default -> "invalid distances set";
        };
    }

    /** The table entry for symbol {@code s} of a code of the given kind, consuming {@code bits}. */
    private static int entry(int kind, int s, int bits) {
        if (kind == KIND_CODES) return s << 16 | bits;
        if (kind == KIND_DIST) return s < 30 ? DIST_BASE[s] << 16 | DIST_EXTRA[s] << 8 | (bits + DIST_EXTRA[s]) : BAD | bits;
        if (s < 256) return LITERAL | s << 8 | bits;
        if (s == 256) return END | bits;
        if (s < 286) return LENGTH_BASE[s - 257] << 16 | LENGTH_EXTRA[s - 257] << 8 | (bits + LENGTH_EXTRA[s - 257]);
        return BAD | bits;
    }

    /**
     * Decodes one Huffman-coded block with the given tables (layout as {@link #FIXED}): the fast loop
     * while the input and output margins allow it, else one checked symbol at a time.
     */
    private void codes(int[] tab) {
        while (true) {
            if (inPos <= inEnd - IN_MARGIN && outPos <= outLimit - OUT_MARGIN) {
                if (fast(tab)) return;
            } else if (slowSymbol(tab)) {
                return;
            }
        }
    }

    /**
     * Decodes symbols until the end of the block (then returns true) or until a margin runs out
     * (false). It needs no input or output checks: each refill reads eight bytes, at most three a pass
     * (the input margin, {@link #IN_MARGIN}), and a pass writes at most {@link #OUT_MARGIN} bytes.
     * It is a method of its own, apart from the checked step, so
     * that the compiled loop keeps its few values in registers: with the checked step's reloads
     * (the output array and limit change when the output grows) in the same loop, C2 spilled the bit
     * count and the table entry on the decode's critical path.
     */
    private boolean fast(int[] tab) {
        final byte[] in = this.in;
        final byte[] out = this.out;
        long bits = bitBuf;
        int n = bitCount;
        int ip = inPos;
        int op = outPos;
        final int start = outStart;
        final int inFast = inEnd - IN_MARGIN;
        final int outFast = outLimit - OUT_MARGIN;
        bits |= (long) LONG_LE.get(in, ip) << n;
        ip += (63 - n) >>> 3;
        n |= 56;
        // The entry of the next symbol is looked up before the refill that follows it (a refill only
        // adds bits above the n held ones): the lookups wait on the shifts, not on the refills. At the
        // top of each pass e is that entry and at least 24 bits are held (up to 12 for a literal entry,
        // 12 for the lookup after it).
        int e = tab[LIT_AT + ((int) bits & LIT_MASK)];
        while (ip <= inFast && op <= outFast) {
            // One literal entry taken without a branch: a length, end or second-level entry changes
            // nothing but two bytes at op, which its own output overwrites. After a match, the next
            // symbol is a literal about half the time, a branch the processor mispredicts; in the
            // read bench's chunks 43% of matches follow a match and 33% one literal entry.
            int literal = e >> 31;
            SHORT_LE.set(out, op, (short) (e >>> 8));
            int taken = e & literal;
            bits >>>= taken;
            n -= taken & 31;
            op += ((e >>> 30) - 1) & literal;
            e = tab[LIT_AT + ((int) bits & LIT_MASK)];
            bits |= (long) LONG_LE.get(in, ip) << n;
            ip += (63 - n) >>> 3;
            n |= 56;
            if (e < 0) {
                // Up to two more first-level literal entries: with the lookup after them 36 bits, which
                // leaves the 24 the next pass starts with (the refill above left at least 56).
                bits >>>= e; // a long shift uses the count's low 6 bits: bits 0-4 of e, bit 5 is zero
                n -= e & 31;
                // bits 8-15 then 16-23 (the second literal, or a byte the next symbol overwrites)
                SHORT_LE.set(out, op, (short) (e >>> 8));
                op += (e >>> 30) - 1;
                e = tab[LIT_AT + ((int) bits & LIT_MASK)];
                if (e < 0) {
                    bits >>>= e;
                    n -= e & 31;
                    SHORT_LE.set(out, op, (short) (e >>> 8));
                    op += (e >>> 30) - 1;
                    e = tab[LIT_AT + ((int) bits & LIT_MASK)];
                    if (e < 0) continue;
                }
                // A length and distance need up to 48 bits: refill (e stays valid, it read only held bits).
                bits |= (long) LONG_LE.get(in, ip) << n;
                ip += (63 - n) >>> 3;
                n |= 56;
            }
            if ((e & (SUB | END | BAD)) != 0) { // one test on the common path (a length code of the first level)
                if ((e & SUB) != 0) {
                    bits >>>= e; // a pointer's bits 0-4: the first level's bits
                    n -= e & 31;
                    e = tab[(e >>> 16) + ((int) bits & ((1 << ((e >>> 8) & 15)) - 1))];
                    if (e < 0) {
                        int len = e & 31;
                        bits >>>= len;
                        n -= len;
                        out[op++] = (byte) (e >>> 8);
                        e = tab[LIT_AT + ((int) bits & LIT_MASK)];
                        continue;
                    }
                }
                if ((e & (END | BAD)) != 0) {
                    if ((e & BAD) != 0) throw new Malformed("invalid literal/length code");
                    bitBuf = bits >>> e;
                    bitCount = n - (e & 31);
                    inPos = ip;
                    outPos = op;
                    return true;
                }
            }
            long held = bits;
            bits >>>= e;
            n -= e & 31;
            int extra = (e >>> 8) & 15;
            int length = (e >>> 16) + ((int) (held >>> ((e & 31) - extra)) & ((1 << extra) - 1));
            e = tab[DIST_AT + ((int) bits & DIST_MASK)];
            // at least 36 bits held: the distance needs 28; refill for the symbol after it
            bits |= (long) LONG_LE.get(in, ip) << n;
            ip += (63 - n) >>> 3;
            n |= 56;
            if ((e & (SUB | BAD)) != 0) {
                if ((e & SUB) != 0) {
                    bits >>>= DIST_BITS;
                    n -= DIST_BITS;
                    e = tab[(e >>> 16) + ((int) bits & ((1 << ((e >>> 8) & 15)) - 1))];
                }
                if ((e & BAD) != 0) throw new Malformed("invalid distance code");
            }
            held = bits;
            bits >>>= e;
            n -= e & 31;
            extra = (e >>> 8) & 15;
            int distance = (e >>> 16) + ((int) (held >>> ((e & 31) - extra)) & ((1 << extra) - 1));
            if (distance > op - start) throw new Malformed("invalid distance too far back");
            int from = op - distance;
            if (distance >= 8 && length <= 8) {
                // the commonest match (3-8 bytes, most of the read bench's): one word
                LONG_LE.set(out, op, (long) LONG_LE.get(out, from));
            } else if (distance >= 8 && length <= 16) {
                // a short match: two words, no loop (whose exit after one or two words is a branch the
                // processor mispredicts); the second word's source may include the first word just
                // written, which already holds the final bytes since distance >= 8
                LONG_LE.set(out, op, (long) LONG_LE.get(out, from));
                LONG_LE.set(out, op + 8, (long) LONG_LE.get(out, from + 8));
            } else if (distance >= 8 && length <= 32) {
                // Eight bytes at a time, each word's source already final since distance >= 8; up to 7
                // bytes past the match are written and later overwritten (the output margin covers them).
                for (int i = 0; i < length; i += 8) LONG_LE.set(out, op + i, (long) LONG_LE.get(out, from + i));
            } else {
                copyMatch(out, op, distance, length);
            }
            op += length;
            e = tab[LIT_AT + ((int) bits & LIT_MASK)];
        }
        bitBuf = bits;
        bitCount = n;
        inPos = ip;
        outPos = op;
        return false;
    }

    /**
     * One symbol decoded with every check: the bit buffer is refilled a byte at a time and padded
     * with zero bytes past the end of the input (an error once a padded bit is consumed), and the
     * output is grown or refused when full. Returns true at the end of the block.
     */
    private boolean slowSymbol(int[] tab) {
        refillSlow();
        int e = tab[LIT_AT + ((int) bitBuf & LIT_MASK)];
        if (e >= 0 && (e & SUB) != 0) { // a literal pair's second byte overlaps the flag bits
            drop(e & 31);
            e = tab[(e >>> 16) + ((int) bitBuf & ((1 << ((e >>> 8) & 15)) - 1))];
        }
        if (e >= 0 && (e & BAD) != 0) throw new Malformed("invalid literal/length code");
        drop(e < 0 ? e & 31 : codeBits(e));
        checkTruncation();
        if (e < 0) {
            room(1);
            out[outPos++] = (byte) (e >>> 8);
            if ((e & TWO) != 0) {
                room(1);
                out[outPos++] = (byte) (e >>> 16);
            }
            return false;
        }
        if ((e & END) != 0) return true;
        int length = (e >>> 16) + bitsOf((e >>> 8) & 15);
        e = tab[DIST_AT + ((int) bitBuf & DIST_MASK)];
        if ((e & SUB) != 0) {
            drop(DIST_BITS);
            e = tab[(e >>> 16) + ((int) bitBuf & ((1 << ((e >>> 8) & 15)) - 1))];
        }
        if ((e & BAD) != 0) throw new Malformed("invalid distance code");
        drop(codeBits(e));
        int distance = (e >>> 16) + bitsOf((e >>> 8) & 15);
        checkTruncation();
        if (distance > outPos - outStart) throw new Malformed("invalid distance too far back");
        room(length);
        copyMatch(out, outPos, distance, length);
        outPos += length;
        return false;
    }

    /**
     * Copies {@code length} bytes from {@code distance} back to {@code at}: the source may overlap the
     * destination, repeating the last {@code distance} bytes (RFC 1951 3.2.3).
     */
    private static void copyMatch(byte[] out, int at, int distance, int length) {
        int from = at - distance;
        if (length <= 16) {
            for (int i = 0; i < length; i++) out[at + i] = out[from + i];
        } else if (distance >= length) {
            System.arraycopy(out, from, out, at, length);
        } else if (distance == 1) {
            Arrays.fill(out, at, at + length, out[from]);
        } else {
            // out[from, at + done) repeats with period distance; copy from its start, doubling each time.
            int done = 0;
            while (done < length) {
                int chunk = Math.min(distance + done, length - done);
                System.arraycopy(out, from, out, at + done, chunk);
                done += chunk;
            }
        }
    }

    /** Makes room for {@code bytes} more output bytes: grows the array when allowed, else refuses. */
    private void room(int bytes) {
        if (bytes <= outLimit - outPos) return;
        long needed = (long) outPos + bytes;
        if (growLimit < 0 || needed > growLimit) {
            throw new Malformed("stream decodes to more than " + (growLimit < 0 ? outLimit - outStart : growLimit) + " bytes");
        }
        int size = (int) Math.min(growLimit, Math.max(needed, 2L * out.length));
        out = Arrays.copyOf(out, size);
        outLimit = size;
    }

    /**
     * Fills the bit buffer to at least 56 bits: eight bytes at once while eight remain, else a byte at
     * a time with zero bytes past the input's end. (A code-length code symbol and its repeat count, the
     * most that {@link #dynamicTables} reads per call, are 14 bits; one symbol of {@link #slowSymbol}, 48.)
     */
    private void refillSlow() {
        if (inEnd - inPos >= 8) {
            bitBuf |= (long) LONG_LE.get(in, inPos) << bitCount;
            inPos += (63 - bitCount) >>> 3;
            bitCount |= 56;
            return;
        }
        while (bitCount < 56) {
            if (inPos < inEnd) bitBuf |= (long) (in[inPos] & 0xFF) << bitCount;
            inPos++;
            bitCount += 8;
        }
    }

    /** A consumed padding bit means the stream ended early (zlib would wait for more input). */
    private void checkTruncation() {
        if (inPos > inEnd && bitCount < (inPos - inEnd) * 8) throw truncated();
    }

    /** The code bits of a length or distance entry, whose bits 0-4 count its extra bits too. */
    private static int codeBits(int e) {
        return (e & 31) - ((e >>> 8) & 15);
    }

    private void drop(int bits) {
        bitBuf >>>= bits;
        bitCount -= bits;
    }

    private int bitsOf(int bits) {
        int value = (int) bitBuf & ((1 << bits) - 1);
        drop(bits);
        return value;
    }

    /** The next {@code bits} (at most 32) bits, checked against the end of the input. */
    private int take(int bits) {
        if (bitCount < bits) refillSlow();
        int value = bitsOf(bits);
        checkTruncation();
        return value;
    }

    private static Malformed truncated() {
        return new Malformed("stream is truncated");
    }
}
