package org.h5vds.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import org.h5vds.io.H5FormatException;
import org.h5vds.select.SelectionPair;

/**
 * Reads a contiguous dataset whose elements live in external raw files (H5Pset_external, the
 * External Data Files message IV.A.2.h): the dataset's bytes are the concatenation of the
 * segments in order, each a range of one file. As libhdf5 does (H5D__efl_read), bytes past the
 * end of a file read as zeros; a file that cannot be opened is an error naming it.
 */
public final class ExternalReader implements LayoutReader {
    /** One segment: the file, where the segment starts in it, its size (Long.MAX_VALUE for "to the end"). */
    public record Segment(Path file, long offset, long size) {
    }

    private final List<Segment> segments;
    private final long[] dims;
    private final int elementSize;
    private final String fileName;

    public ExternalReader(List<Segment> segments, long[] dims, int elementSize, String fileName) {
        this.segments = List.copyOf(segments);
        this.dims = dims.clone();
        this.elementSize = elementSize;
        this.fileName = fileName;
        long need = elementSize;
        for (long d : dims) need = Math.multiplyExact(need, d);
        long have = 0;
        for (Segment s : segments) have = s.size() == Long.MAX_VALUE || have + s.size() < 0 ? Long.MAX_VALUE : have + s.size();
        if (have < need) {
            throw new H5FormatException(fileName, H5FormatException.NO_OFFSET, "external files hold " + have + " bytes, the dataset needs " + need);
        }
    }

    @Override
    public void read(SelectionPair pair, ReadTarget target, ElementConverter converter) {
        if (pair.a().isEmpty()) return;
        byte[] out = target.data();
        Map<Path, FileChannel> open = new HashMap<>();
        try {
            pair.forEachRun((aStart, bStart, length) -> {
                long first = 0;
                for (int i = 0; i < dims.length; i++) first = first * dims[i] + aStart[i];
                byte[] run = bytes(first * elementSize, Math.toIntExact(length * elementSize), open);
                converter.convert(run, 0, out, target.byteOffset(bStart), Math.toIntExact(length));
            });
        } finally {
            for (FileChannel ch : open.values()) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // read only: nothing is lost
                }
            }
        }
    }

    /** {@code n} bytes of the dataset from byte {@code at}. */
    private byte[] bytes(long at, int n, Map<Path, FileChannel> open) {
        byte[] b = new byte[n];
        int done = 0;
        long segmentStart = 0;
        for (Segment s : segments) {
            long segmentEnd = s.size() == Long.MAX_VALUE ? Long.MAX_VALUE : segmentStart + s.size();
            while (done < n && at + done < segmentEnd) {
                long within = at + done - segmentStart;
                int take = (int) Math.min(n - done, segmentEnd - (at + done));
                readFile(s.file(), s.offset() + within, b, done, take, open);
                done += take;
            }
            if (done == n) break;
            segmentStart = segmentEnd;
        }
        return b;
    }

    private void readFile(Path path, long position, byte[] b, int off, int len, Map<Path, FileChannel> open) {
        try {
            FileChannel ch = open.computeIfAbsent(path, p -> {
                try {
                    return FileChannel.open(p, StandardOpenOption.READ);
                } catch (IOException e) {
                    throw new H5FormatException(fileName, H5FormatException.NO_OFFSET, "external raw data file " + p + " cannot be opened: " + e.getMessage());
                }
            });
            ByteBuffer buf = ByteBuffer.wrap(b, off, len);
            while (buf.hasRemaining()) {
                int k = ch.read(buf, position + (buf.position() - off));
                if (k < 0) break; // past the end: zeros, as libhdf5 reads it
            }
        } catch (IOException e) {
            throw new H5FormatException(fileName, H5FormatException.NO_OFFSET, "external raw data file " + path + ": " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "ExternalReader[" + segments.size() + " segments]";
    }
}
