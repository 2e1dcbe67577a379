package org.h5vds.format.message;

import java.util.ArrayList;
import java.util.List;
import org.h5vds.io.Cursor;

/**
 * The External Data Files message (IV.A.2.h, type 0x0007): a dataset whose raw data lives in other
 * files. The file names are in a local heap; each slot gives a name offset in that heap, the
 * offset of the data in the external file and the bytes reserved there.
 */
public record ExternalDataFilesMessage(int version, int allocatedSlots, long heapAddress, List<Slot> slots) implements Message {
    public static final int TYPE = 0x0007;

    public record Slot(long nameOffset, long fileOffset, long size) {
    }

    public ExternalDataFilesMessage {
        slots = List.copyOf(slots);
    }

    public static ExternalDataFilesMessage decode(Cursor in) {
        int version = in.version(in.u8(), "external data files message", 1);
        in.skip(3);
        int allocated = in.u16();
        int usedAt = in.position();
        int used = in.u16();
        if (used > allocated) throw in.error(usedAt, "external data files message: " + used + " used slots but only " + allocated + " allocated");
        long heap = in.address();
        if ((long) used * 3 * in.lengthSize() > in.remaining()) {
            throw in.error(usedAt, "external data files message: " + used + " slots cannot fit in the " + in.remaining() + " bytes left");
        }
        List<Slot> slots = new ArrayList<>(used);
        for (int i = 0; i < used; i++) slots.add(new Slot(in.length(), in.length(), in.length()));
        return new ExternalDataFilesMessage(version, allocated, heap, slots);
    }

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public void encode(Cursor out) {
        out.putU8(version);
        out.putZeros(3);
        out.putU16(allocatedSlots);
        out.putU16(slots.size());
        out.putAddress(heapAddress);
        for (Slot s : slots) {
            out.putLength(s.nameOffset());
            out.putLength(s.fileOffset());
            out.putLength(s.size());
        }
    }

    @Override
    public int encodedSize(int offsetSize, int lengthSize) {
        return 8 + offsetSize + slots.size() * 3 * lengthSize;
    }
}
