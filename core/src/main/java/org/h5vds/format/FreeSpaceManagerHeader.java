package org.h5vds.format;

import java.util.ArrayList;
import java.util.List;
import org.h5vds.io.Cursor;

/**
 * The header of a free-space manager (spec III.H "Free-space Manager Header", signature "FSHD")
 * and its serialized section list ("Free-space Section List", "FSSE"). libhdf5 keeps one for a
 * fractal heap it has freed space in (the heap's header points to it), and, in files whose free
 * space persists (H5Pset_file_space_strategy with persist), one per kind of file space, pointed to
 * by the File Space Info message of the superblock extension.
 *
 * @param clientId                 0 fractal heap, 1 file
 * @param totalSpace               the bytes the manager tracks
 * @param serializedSections       how many sections the list holds
 * @param addressSpaceBits         "Size of Address Space", log2: sets the width of a section's offset
 * @param maxSectionSize           sets the width of a section's size
 * @param sectionListAddress       the serialized section list, undefined when there is none
 * @param sectionListUsedSize      the bytes of that list in use (checksum included)
 * @param sectionListAllocatedSize the bytes allocated for that list
 */
public record FreeSpaceManagerHeader(int clientId, long totalSpace, long serializedSections, int addressSpaceBits, long maxSectionSize,
                                     long sectionListAddress, long sectionListUsedSize, long sectionListAllocatedSize) {
    public static final String SIGNATURE = "FSHD";
    public static final String SECTION_LIST_SIGNATURE = "FSSE";
    public static final int VERSION = 0;
    public static final int CLIENT_FILE = 1;
    /** libhdf5's section classes of the file's own managers (H5MF): simple (unpaged), small and large (paged). */
    public static final int CLASS_SIMPLE = 0;
    public static final int CLASS_SMALL = 1;
    public static final int CLASS_LARGE = 2;
    /** What libhdf5 1.10+ writes for a file's manager (H5MF__create_fstype): three section classes, shrink 80 %, expand 120 %. */
    private static final int FILE_SECTION_CLASSES = 3;
    private static final int SHRINK_PERCENT = 80;
    private static final int EXPAND_PERCENT = 120;

    /** A free section: {@code size} bytes at the relative {@code address}, of section class {@code type}. */
    public record Section(long address, long size, int type) {
    }

    /** Encoded size: signature to maximum section size, the section list fields, the checksum. */
    public static int size(int offsetSize, int lengthSize) {
        return 4 + 1 + 1 + 4 * lengthSize + 2 + 2 + 2 + 2 + lengthSize + offsetSize + 2 * lengthSize + 4;
    }

    public static FreeSpaceManagerHeader read(FileContext ctx, long address) {
        int size = size(ctx.offsetSize(), ctx.lengthSize());
        Cursor c = ctx.read(address, size, "free-space manager header");
        int start = c.position();
        c.expectSignature(SIGNATURE, "free-space manager header");
        c.version(c.u8(), "free-space manager header", VERSION);
        int client = c.u8();
        long total = c.length();
        c.length();                       // sections, ghost ones included
        long serialized = c.length();
        c.length();                       // ghost sections (never serialized)
        c.u16();                          // section classes
        c.u16();                          // shrink percent
        c.u16();                          // expand percent
        int bits = c.u16();
        long maxSection = c.length();
        long sections = c.address();
        long used = c.length();
        long allocated = c.length();
        Checksum.verify(c, start, "free-space manager header");
        if (bits > 64) throw c.error(start, "free-space manager header: address space of " + bits + " bits");
        return new FreeSpaceManagerHeader(client, total, serialized, bits, maxSection, sections, used, allocated);
    }

    /**
     * The header of a file manager (client 1) holding {@code sections}, whose list is at {@code
     * sectionListAddress}; address space and largest section as libhdf5 derives them from the
     * sec2 driver's largest address, 2^63 - 1 (H5MF__create_fstype: 1 + log2, and the address
     * itself), which is what every file written by libhdf5's default driver carries.
     */
    public static FreeSpaceManagerHeader forFile(List<Section> sections, long sectionListAddress, int offsetSize) {
        long total = 0;
        for (Section s : sections) total = Math.addExact(total, s.size());
        FreeSpaceManagerHeader h = new FreeSpaceManagerHeader(CLIENT_FILE, total, sections.size(), 63, Long.MAX_VALUE, sectionListAddress, 0, 0);
        long used = h.sectionListSize(sections, offsetSize);
        return new FreeSpaceManagerHeader(CLIENT_FILE, total, sections.size(), 63, Long.MAX_VALUE, sectionListAddress, used, used);
    }

    /** The header's bytes (spec III.H), checksum included. */
    public byte[] encode(int offsetSize, int lengthSize) {
        Cursor c = Cursor.forWriting(size(offsetSize, lengthSize), offsetSize, lengthSize);
        c.putSignature(SIGNATURE);
        c.putU8(VERSION);
        c.putU8(clientId);
        c.putLength(totalSpace);
        c.putLength(serializedSections);   // all sections: a file's managers have no ghost sections
        c.putLength(serializedSections);
        c.putLength(0);
        c.putU16(FILE_SECTION_CLASSES);
        c.putU16(SHRINK_PERCENT);
        c.putU16(EXPAND_PERCENT);
        c.putU16(addressSpaceBits);
        c.putLength(maxSectionSize);
        c.putAddress(sectionListAddress);
        c.putLength(sectionListUsedSize);
        c.putLength(sectionListAllocatedSize);
        Checksum.append(c, 0);
        return c.written();
    }

    /**
     * Bytes of the serialized list of {@code sections} (file classes, which carry no class data):
     * signature, version, header address, per distinct size a count and the size, per section an
     * offset and its class, checksum — the sum libhdf5 computes (H5FS__sect_serialize_size).
     */
    public long sectionListSize(List<Section> sections, int offsetSize) {
        long sizes = sections.stream().mapToLong(Section::size).distinct().count();
        int perSize = limitEncodedSize(sections.size()) + limitEncodedSize(maxSectionSize);
        return 4 + 1 + offsetSize + sizes * perSize + (long) sections.size() * ((addressSpaceBits + 7) / 8 + 1) + 4;
    }

    /**
     * The section list's bytes for this header (at {@code headerAddress}): sections grouped by
     * size, smallest size first, each group in address order, as libhdf5 serializes its size bins.
     */
    public byte[] encodeSections(List<Section> sections, long headerAddress, int offsetSize, int lengthSize) {
        java.util.TreeMap<Long, List<Section>> bySize = new java.util.TreeMap<>();
        for (Section s : sections) bySize.computeIfAbsent(s.size(), k -> new ArrayList<>()).add(s);
        Cursor c = Cursor.forWriting(Math.toIntExact(sectionListSize(sections, offsetSize)), offsetSize, lengthSize);
        c.putSignature(SECTION_LIST_SIGNATURE);
        c.putU8(VERSION);
        c.putAddress(headerAddress);
        int countBytes = limitEncodedSize(sections.size());
        int sizeBytes = limitEncodedSize(maxSectionSize);
        int offsetBytes = (addressSpaceBits + 7) / 8;
        for (var e : bySize.entrySet()) {
            List<Section> group = e.getValue();
            group.sort(java.util.Comparator.comparingLong(Section::address));
            c.putUint(group.size(), countBytes);
            c.putUint(e.getKey(), sizeBytes);
            for (Section s : group) {
                c.putUint(s.address(), offsetBytes);
                c.putU8(s.type());
            }
        }
        Checksum.append(c, 0);
        return c.written();
    }

    /** Visits the header's block and the section list's. */
    public void forEachBlock(long headerAddress, int offsetSize, int lengthSize, BlockVisitor visitor) {
        visitor.block(headerAddress, size(offsetSize, lengthSize));
        if (sectionListAddress != Cursor.UNDEFINED && sectionListAllocatedSize > 0) visitor.block(sectionListAddress, sectionListAllocatedSize);
    }

    /**
     * Reads the section list: records grouped by size, each group a count and a size, each record
     * an offset, a class byte and class data (none for the file's own classes, which is all this
     * reads: a manager of another client is refused). The widths follow libhdf5 1.10+
     * (H5FS__sinfo_new): offsets take ceil(address bits / 8) bytes, sizes and counts the bytes
     * needed for the largest value (floor(log2 v) / 8 + 1).
     */
    public List<Section> sections(FileContext ctx, long headerAddress) {
        List<Section> out = new ArrayList<>();
        if (serializedSections == 0 || sectionListAddress == Cursor.UNDEFINED) return out;
        if (clientId != CLIENT_FILE) {
            throw new org.h5vds.io.H5FormatException(ctx.fileName(), ctx.baseAddress() + headerAddress,
                    "free-space manager of client " + clientId + " where the file's own is expected");
        }
        if (sectionListUsedSize < 4 + 1 + ctx.offsetSize() + 4 || sectionListUsedSize > sectionListAllocatedSize) {
            throw new org.h5vds.io.H5FormatException(ctx.fileName(), ctx.baseAddress() + headerAddress,
                    "free-space manager header: section list of " + sectionListUsedSize + " bytes used, " + sectionListAllocatedSize + " allocated");
        }
        Cursor c = ctx.read(sectionListAddress, sectionListUsedSize, "free-space section list");
        int start = c.position();
        c.expectSignature(SECTION_LIST_SIGNATURE, "free-space section list");
        c.version(c.u8(), "free-space section list", VERSION);
        long owner = c.address();
        if (owner != headerAddress) throw c.error(start, "free-space section list belongs to the header at " + owner + ", not " + headerAddress);
        int offsetBytes = (addressSpaceBits + 7) / 8;
        int sizeBytes = limitEncodedSize(maxSectionSize);
        int countBytes = limitEncodedSize(serializedSections);
        int end = start + (int) sectionListUsedSize - 4;
        long read = 0;
        while (read < serializedSections) {
            if (c.position() >= end) throw c.error("free-space section list: " + read + " of " + serializedSections + " sections before its end");
            long count = c.uint(countBytes);
            long size = c.uint(sizeBytes);
            if (count <= 0 || count > serializedSections - read || size <= 0) {
                throw c.error("free-space section list: " + count + " sections of " + size + " bytes");
            }
            for (long i = 0; i < count; i++) {
                long address = c.uint(offsetBytes);
                int type = c.u8();
                if (address < 0 || address + size < address) throw c.error("free-space section at " + address + " of " + size + " bytes");
                out.add(new Section(address, size, type));
            }
            read += count;
        }
        c.skip(end - c.position());
        Checksum.verify(c, start, "free-space section list");
        return out;
    }

    /** Bytes libhdf5 encodes a value up to {@code limit} in (H5VM_limit_enc_size). */
    static int limitEncodedSize(long limit) {
        int log2 = limit <= 0 ? 0 : 63 - Long.numberOfLeadingZeros(limit);
        return log2 / 8 + 1;
    }
}
