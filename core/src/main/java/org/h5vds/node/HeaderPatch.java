package org.h5vds.node;

import java.util.Arrays;
import org.h5vds.format.Checksum;
import org.h5vds.format.message.Dataspace;

/**
 * The object header chunk a SWMR flush last wrote for a dataset whose writer goes on, and where
 * the dataspace message's body lies in it: the next flush that only grows the extent (and updates
 * the chunk index in place) writes the same chunk with the new dimensions and a new checksum,
 * without reading back, decoding and re-planning the header (libhdf5 keeps the header in its
 * metadata cache and serializes it again). Only for version 2 headers (checksummed chunks).
 *
 * @param address    the chunk's address
 * @param chunk      the chunk's bytes as written, checksum last
 * @param bodyOffset where the dataspace message's body starts in {@code chunk}
 * @param bodyLength its length (a dataspace of one rank and kind always encodes to it)
 * @param space      the dataspace as written (its maximum dimensions and kind carried over)
 */
record HeaderPatch(long address, byte[] chunk, int bodyOffset, int bodyLength, Dataspace space) {
    /**
     * The patch for {@code chunk}, written at {@code address}, in which the dataspace message body
     * {@code body} encodes {@code space}; null unless the chunk is a version 2 header chunk
     * ("OHDR" or "OCHK") holding that body exactly once.
     */
    static HeaderPatch find(long address, byte[] chunk, byte[] body, Dataspace space) {
        if (chunk.length < 8 || chunk[0] != 'O' || !(chunk[1] == 'H' && chunk[2] == 'D' && chunk[3] == 'R' || chunk[1] == 'C' && chunk[2] == 'H'
                && chunk[3] == 'K')) {
            return null;
        }
        int found = -1;
        for (int at = 4; at + body.length <= chunk.length - 4; at++) {
            if (Arrays.equals(chunk, at, at + body.length, body, 0, body.length)) {
                if (found >= 0) return null; // twice: cannot tell which
                found = at;
            }
        }
        return found < 0 ? null : new HeaderPatch(address, chunk, found, body.length, space);
    }

    /** The chunk with {@code body} (a dataspace message body of the same length) in place of the old one, checksum renewed; null when the length differs. */
    HeaderPatch with(byte[] body, Dataspace newSpace) {
        if (body.length != bodyLength) return null;
        byte[] out = chunk.clone();
        System.arraycopy(body, 0, out, bodyOffset, body.length);
        int sum = Checksum.lookup3(out, 0, out.length - 4);
        for (int i = 0; i < 4; i++) out[out.length - 4 + i] = (byte) (sum >>> (8 * i));
        return new HeaderPatch(address, out, bodyOffset, bodyLength, newSpace);
    }
}
