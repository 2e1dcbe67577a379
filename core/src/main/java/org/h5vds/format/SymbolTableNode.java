package org.h5vds.format;

import java.util.ArrayList;
import java.util.List;
import org.h5vds.io.Cursor;

/**
 * A symbol table node (spec III.B, signature "SNOD"): a leaf of an old-style group's v1 B-tree,
 * holding up to 2K symbol table entries sorted by link name, where K is the superblock's "Group
 * Leaf Node K" (default 4).
 * <pre>
 *   Signature          "SNOD"
 *   Version Number     1
 *   Reserved           1 byte
 *   Number of Symbols  2 bytes
 *   Group Entries      2K symbol table entries, the first Number of Symbols of them valid
 * </pre>
 */
public final class SymbolTableNode {
    public static final String SIGNATURE = "SNOD";
    public static final int VERSION = 1;
    /** libhdf5's default "Group Leaf Node K". */
    public static final int DEFAULT_LEAF_K = 4;
    private static final int PREFIX_SIZE = 8;

    private final long address;
    private final List<SymbolTableEntry> entries;

    public SymbolTableNode(long address, List<SymbolTableEntry> entries) {
        this.address = address;
        this.entries = List.copyOf(entries);
    }

    public long address() {
        return address;
    }

    /** The valid entries, in link name order as libhdf5 keeps them. */
    public List<SymbolTableEntry> entries() {
        return entries;
    }

    /** Bytes of a node holding up to {@code capacity} (2K) entries. */
    public static int size(int offsetSize, int lengthSize, int capacity) {
        return PREFIX_SIZE + capacity * SymbolTableEntry.size(offsetSize, lengthSize);
    }

    /**
     * Reads the node at {@code address}.
     *
     * @param capacity the most entries a node may hold (2 × Group Leaf Node K)
     */
    public static SymbolTableNode read(FileContext ctx, long address, int capacity) {
        // libhdf5 allocates and writes every node at full size, used or not
        Cursor c = ctx.read(address, size(ctx.offsetSize(), ctx.lengthSize(), capacity), "symbol table node");
        return decode(c, address, capacity);
    }

    public static SymbolTableNode decode(Cursor c, long address, int capacity) {
        c.expectSignature(SIGNATURE, "symbol table node");
        c.version(c.u8(), "symbol table node", VERSION);
        c.u8(); // reserved
        long countAt = c.address0();
        int numberOfSymbols = c.u16();
        if (numberOfSymbols > capacity) {
            throw new org.h5vds.io.H5FormatException(c.file(), countAt, "symbol table node: " + numberOfSymbols
                    + " symbols, more than the " + capacity + " a node holds (2 x Group Leaf Node K)");
        }
        List<SymbolTableEntry> entries = new ArrayList<>(numberOfSymbols);
        for (int i = 0; i < numberOfSymbols; i++) entries.add(SymbolTableEntry.decode(c));
        return new SymbolTableNode(address, entries);
    }

    /** Encodes the whole node, {@code capacity} entries wide, unused entries zero. */
    public byte[] encode(int offsetSize, int lengthSize, int capacity) {
        if (entries.size() > capacity) throw new IllegalArgumentException(entries.size() + " entries exceed capacity " + capacity);
        Cursor c = Cursor.forWriting(size(offsetSize, lengthSize, capacity), offsetSize, lengthSize);
        c.putSignature(SIGNATURE);
        c.putU8(VERSION);
        c.putU8(0); // reserved
        c.putU16(entries.size());
        for (SymbolTableEntry e : entries) e.encode(c);
        c.putZeros(c.remaining());
        return c.written();
    }
}
