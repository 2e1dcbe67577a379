package org.h5vds.vds;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.h5vds.io.Cursor;
import org.h5vds.select.All;
import org.h5vds.select.NoneSelection;
import org.h5vds.select.Points;
import org.h5vds.select.Selection;
import org.h5vds.select.SelectionCodec;

/** Which selection encodings a stored mapping list holds ("all v1", "hyperslab v2 regular", ...), for tests of what a writer chose. */
final class SelectionEncodings {
    private SelectionEncodings() {
    }

    /** Where each selection of the heap object starts (source, virtual, source, virtual, ...; heap block version 0). */
    static List<Integer> positions(VirtualHeapBlockTest.Stored s) {
        byte[] b = s.bytes();
        Cursor c = new Cursor(ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN), "mappings", 0, 8, s.lengthSize());
        if (c.u8() != 0) throw new AssertionError("heap block version " + b[0]);
        long n = c.length();
        List<Integer> out = new ArrayList<>();
        for (long e = 0; e < n; e++) {
            c.cString();
            c.cString();
            for (int k = 0; k < 2; k++) {
                out.add(c.position());
                SelectionCodec.decode(c);
            }
        }
        return out;
    }

    /** The encodings of every selection in the heap object, read from its bytes. */
    static Set<String> of(VirtualHeapBlockTest.Stored s) {
        byte[] b = s.bytes();
        Set<String> out = new LinkedHashSet<>();
        for (int at : positions(s)) {
            int type = b[at];
            int version = b[at + 4];
            String name = switch (type) {
                case 0 -> "none";
                case 1 -> "points";
                case 2 -> "hyperslab";
                default -> "all";
            };
            String text = name + " v" + version;
            if (type == 2 && version >= 2) text += (b[at + 8] & 1) != 0 ? " regular" : " irregular";
            out.add(text);
        }
        return out;
    }

    /** h5py's H5Sget_select_type number of a selection: 0 none, 1 points, 2 hyperslabs, 3 all. */
    static int selectType(Selection s) {
        if (s instanceof All) return 3;
        if (s instanceof NoneSelection) return 0;
        if (s instanceof Points) return 1;
        return 2;
    }

    /** The same number for a region of the api. */
    static int selectType(org.h5vds.api.Region.Kind kind) {
        return switch (kind) {
            case ALL -> 3;
            case NONE -> 0;
            case POINTS -> 1;
            case HYPERSLAB, BLOCKS -> 2;
        };
    }
}
