package org.h5vds.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.h5vds.format.Checksum;

/**
 * Changes bytes inside a version 2 object header that libhdf5 wrote (single chunk, as h5py's small
 * objects have) and renews the chunk's checksum, to make structures no writer here produces: a
 * link of a user-defined type, a dataspace of rank 33.
 */
public final class HeaderPatch {
    private HeaderPatch() {
    }

    /**
     * Turns the soft link {@code name} (to {@code target}, in a header without creation order or
     * character set fields, as h5py writes ASCII names) into a user-defined link of {@code linkType}
     * (65 to 255). Both keep their data as a 2-byte length and bytes (format IV.A.2.g), so the
     * message keeps its size; only the Link Type byte, just before the name's length, changes.
     */
    public static void softToUserDefined(Path file, String name, String target, int linkType) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        byte[] t = target.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(1 + n.length + 2 + t.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) n.length).put(n).putShort((short) t.length).put(t);
        edit(file, b.array(), -1, (byte) 1, (byte) linkType);
    }

    /** Sets the rank of the dataspace message holding exactly {@code dims} (version 2, with maximum dimensions) to {@code rank}. */
    public static void dataspaceRank(Path file, long[] dims, int rank) {
        ByteBuffer b = ByteBuffer.allocate(4 + 16 * dims.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 2).put((byte) dims.length).put((byte) 1).put((byte) 1);
        for (long d : dims) b.putLong(d);
        for (long d : dims) b.putLong(d);
        edit(file, b.array(), 1, (byte) dims.length, (byte) rank);
    }

    /** Changes the byte at {@code offset} from the only occurrence of {@code pattern} from {@code was} to {@code value}. */
    private static void edit(Path file, byte[] pattern, int offset, byte was, byte value) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            int at = indexOf(bytes, pattern, 0);
            if (at < 0 || indexOf(bytes, pattern, at + 1) >= 0) throw new AssertionError("the bytes to change are not found exactly once in " + file);
            int p = at + offset;
            if (bytes[p] != was) throw new AssertionError("byte " + p + " of " + file + " is " + bytes[p] + ", not " + was);
            bytes[p] = value;
            ByteBuffer le = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            int header = Math.max(lastIndexOf(bytes, "OHDR".getBytes(StandardCharsets.US_ASCII), p),
                    lastIndexOf(bytes, "OCHK".getBytes(StandardCharsets.US_ASCII), p));
            int end;
            if (bytes[header + 1] == 'H') { // the first chunk: its size follows the prefix
                int flags = bytes[header + 5];
                int q = header + 6 + ((flags & 0x20) != 0 ? 16 : 0) + ((flags & 0x10) != 0 ? 4 : 0);
                int width = 1 << (flags & 0x03);
                long size = 0;
                for (int i = 0; i < width; i++) size |= (bytes[q + i] & 0xFFL) << (8 * i);
                end = (int) (q + width + size);
            } else { // a continuation chunk: its length is in the continuation message that points at it
                byte[] address = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header).array();
                int ref = indexOf(bytes, address, 0);
                if (ref < 0) throw new AssertionError("no continuation message points at the chunk at " + header);
                end = (int) (header + le.getLong(ref + 8) - 4);
            }
            if (p >= end) throw new AssertionError("the change at " + p + " lies beyond the object header chunk at " + header);
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(end, Checksum.lookup3(ByteBuffer.wrap(bytes), header, end - header));
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = from; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) if (data[i + j] != pattern[j]) continue outer;
            return i;
        }
        return -1;
    }

    private static int lastIndexOf(byte[] data, byte[] pattern, int before) {
        for (int i = Math.min(before, data.length - pattern.length); i >= 0; i--) {
            boolean match = true;
            for (int j = 0; j < pattern.length && match; j++) match = data[i + j] == pattern[j];
            if (match) return i;
        }
        return -1;
    }
}
