package org.h5vds.format;

import java.util.ArrayList;
import java.util.List;
import org.h5vds.io.Cursor;
import org.h5vds.io.H5FormatException;

/**
 * The index block of an extensible array (spec VII.D, signature "EAIB").
 * <pre>
 *   Signature                  "EAIB"
 *   Version                    0
 *   Client ID                  1 byte
 *   Header Address             Size of Offsets
 *   Elements                   Index Blk Elmts elements
 *   Data Block Addresses       2 × (Secondary Blk Min Data Ptrs - 1) addresses
 *   Secondary Block Addresses  one per remaining super block
 *   Checksum                   4 bytes
 * </pre>
 * Immutable.
 */
public record ExtensibleArrayIndexBlock(int clientId, long headerAddress, List<ChunkElement> elements,
                                        List<Long> dataBlockAddresses, List<Long> superBlockAddresses) {
    public static final String SIGNATURE = "EAIB";
    public static final int VERSION = 0;

    public ExtensibleArrayIndexBlock {
        elements = List.copyOf(elements);
        dataBlockAddresses = List.copyOf(dataBlockAddresses);
        superBlockAddresses = List.copyOf(superBlockAddresses);
    }

    public static ExtensibleArrayIndexBlock read(FileContext ctx, long address, ExtensibleArrayGeometry g, long headerAddress,
                                                 ChunkElementFormat format) {
        Cursor c = ctx.read(address, g.indexBlockSize(ctx.offsetSize()), "extensible array index block");
        return decode(c, g, headerAddress, format);
    }

    public static ExtensibleArrayIndexBlock decode(Cursor c, ExtensibleArrayGeometry g, long headerAddress, ChunkElementFormat format) {
        int start = c.position();
        int clientId = ExtensibleArrayIndexBlock.prefix(c, SIGNATURE, "extensible array index block", g, headerAddress);
        int n = g.header().indexBlockElements();
        List<ChunkElement> elements = new ArrayList<>(n);
        for (int i = 0; i < n; i++) elements.add(format.decode(c));
        List<Long> dataBlocks = new ArrayList<>();
        for (int i = 0; i < g.indexBlockDataBlockAddresses(); i++) dataBlocks.add(c.address());
        List<Long> superBlocks = new ArrayList<>();
        for (int i = 0; i < g.indexBlockSuperBlockAddresses(); i++) superBlocks.add(c.address());
        Checksum.verify(c, start, "extensible array index block");
        return new ExtensibleArrayIndexBlock(clientId, headerAddress, elements, dataBlocks, superBlocks);
    }

    /** Reads and checks the signature, version, client ID and header address shared by the array's blocks. */
    static int prefix(Cursor c, String signature, String what, ExtensibleArrayGeometry g, long headerAddress) {
        c.expectSignature(signature, what);
        c.version(c.u8(), what, VERSION);
        long clientAt = c.address0();
        int clientId = c.u8();
        if (clientId != g.header().clientId()) {
            throw new H5FormatException(c.file(), clientAt, what + ": client ID " + clientId + ", the array's header says "
                    + g.header().clientId());
        }
        long ownerAt = c.address0();
        long owner = c.address();
        if (owner != headerAddress) {
            throw new H5FormatException(c.file(), ownerAt, what + ": belongs to the header at " + owner + ", not the one at " + headerAddress);
        }
        return clientId;
    }

    public byte[] encode(ExtensibleArrayGeometry g, ChunkElementFormat format, int offsetSize, int lengthSize) {
        if (elements.size() != g.header().indexBlockElements() || dataBlockAddresses.size() != g.indexBlockDataBlockAddresses()
                || superBlockAddresses.size() != g.indexBlockSuperBlockAddresses()) {
            throw new IllegalArgumentException("index block contents do not match the array's geometry");
        }
        Cursor c = Cursor.forWriting((int) g.indexBlockSize(offsetSize), offsetSize, lengthSize);
        c.putSignature(SIGNATURE);
        c.putU8(VERSION);
        c.putU8(clientId);
        c.putAddress(headerAddress);
        for (ChunkElement e : elements) format.encode(c, e);
        for (long a : dataBlockAddresses) c.putAddress(a);
        for (long a : superBlockAddresses) c.putAddress(a);
        Checksum.append(c, 0);
        return c.written();
    }
}
