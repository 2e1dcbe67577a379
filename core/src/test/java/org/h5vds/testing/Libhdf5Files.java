package org.h5vds.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import org.h5vds.format.FileContext;
import org.h5vds.io.Cursor;
import org.h5vds.io.FileStore;

/**
 * Reads facts about files that libhdf5 wrote, through libhdf5's own tools (h5py, {@code h5ls -va},
 * {@code h5debug}), for tests to compare our readers against: addresses and fields come from
 * libhdf5, never from the code under test. The small local heap reader below is kept apart from
 * {@code format.LocalHeap} on purpose, so that a symbol table test does not lean on the heap it
 * also checks.
 */
public final class Libhdf5Files {
    private Libhdf5Files() {
    }

    /** One chunk as h5py's {@code DatasetID.get_chunk_info} reports it. */
    public record ChunkInfo(long[] offset, int filterMask, long address, long size) {
        @Override
        public String toString() {
            return "ChunkInfo[offset=" + Arrays.toString(offset) + ", mask=" + filterMask + ", address=" + address + ", size=" + size + "]";
        }
    }

    /** Runs a Python program (h5py) that writes {@code file}; the program gets the file name as sys.argv[1]. */
    public static Path write(Path file, String python) {
        Python.run("import sys, h5py, numpy as np\n" + python, file);
        return file;
    }

    /** The index (or chunk/data) address {@code h5ls -va} prints for a dataset: the "Address:" line. */
    public static long indexAddress(Path file, String dataset) {
        String out = Python.Processes.run(List.of("/usr/bin/h5ls", "-va", file + "/" + dataset), 120);
        for (String line : out.split("\n")) {
            String t = line.trim();
            if (t.startsWith("Address:")) return Long.parseUnsignedLong(t.substring("Address:".length()).trim());
        }
        throw new AssertionError("h5ls printed no address for " + dataset + ":\n" + out);
    }

    /**
     * Every allocated chunk of a dataset with the chunk coordinates established by content: each
     * chunk libhdf5 lists is read raw from the file (inflated when gzip-compressed) and matched
     * against the dataset's values read through libhdf5's normal read path. Needed for extensible
     * arrays whose unlimited dimension is not the first: libhdf5 1.10.8 reports such chunks'
     * offsets in swizzled order (H5Dget_chunk_info, h5ls -va) and looks up the wrong chunk in
     * H5Dget_chunk_info_by_coord, while H5Dread is right. The dataset's values must differ between
     * chunks.
     */
    public static List<ChunkInfo> chunksByContent(Path file, String dataset) {
        String out = Python.run("""
                import sys, zlib, itertools, h5py, numpy as np
                with h5py.File(sys.argv[1], 'r') as f:
                    d = f[sys.argv[2]]
                    data = d[...]
                    raw = open(sys.argv[1], 'rb').read()
                    grid = [range((n + c - 1) // c) for n, c in zip(d.shape, d.chunks)]
                    for i in range(d.id.get_num_chunks()):
                        info = d.id.get_chunk_info(i)
                        b = raw[info.byte_offset:info.byte_offset + info.size]
                        if d.compression == 'gzip' and info.filter_mask == 0:
                            b = zlib.decompress(b)
                        chunk = np.frombuffer(b, dtype=d.dtype).reshape(d.chunks)
                        hits = []
                        for scaled in itertools.product(*grid):
                            region = tuple(slice(s * c, min((s + 1) * c, n)) for s, c, n in zip(scaled, d.chunks, d.shape))
                            part = chunk[tuple(slice(0, r.stop - r.start) for r in region)]
                            if np.array_equal(part, data[region]):
                                hits.append(scaled)
                        assert len(hits) == 1, (info, hits)
                        print(','.join(str(s * c) for s, c in zip(hits[0], d.chunks)), info.filter_mask, info.byte_offset, info.size)
                """, file, dataset);
        List<ChunkInfo> chunks = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.isBlank()) continue;
            String[] f = line.trim().split(" ");
            long[] offset = Arrays.stream(f[0].split(",")).mapToLong(Long::parseLong).toArray();
            chunks.add(new ChunkInfo(offset, Integer.parseInt(f[1]), Long.parseUnsignedLong(f[2]), Long.parseLong(f[3])));
        }
        return chunks;
    }

    /** A layout message's chunk index: its type as h5debug names it ("v1 B-tree", "Fixed Array", ...) and address. */
    public record IndexRef(String type, long address) {
    }

    /** The chunk index of a dataset, from h5debug of its object header (h5ls -va for layouts before version 4). */
    public static IndexRef index(Path file, DatasetFacts dataset) {
        String dump = h5debug(file, dataset.objectAddress());
        String type = field(dump, "Index Type");
        long address = type.equals("v1 B-tree") ? indexAddress(file, dataset.name()) : Long.parseUnsignedLong(field(dump, "Index address"));
        return new IndexRef(type, address);
    }

    /** The object header address of an object, from h5py. */
    public static long objectAddress(Path file, String path) {
        return Long.parseLong(Python.run("""
                import sys, h5py
                with h5py.File(sys.argv[1], 'r') as f:
                    print(h5py.h5o.get_info(f[sys.argv[2]].id).addr)
                """, file, path).trim());
    }

    /** The values {@code h5debug FILE ADDRESS [MORE...]} prints, as "key: value" lines. */
    public static String h5debug(Path file, long... addresses) {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/h5debug", file.toString()));
        for (long a : addresses) cmd.add(Long.toString(a));
        return Python.Processes.run(cmd, 120);
    }

    /** The value after "{@code key}:" in h5debug output. */
    public static String field(String h5debugOutput, String key) {
        for (String line : h5debugOutput.split("\n")) {
            String t = line.trim();
            if (t.startsWith(key + ":")) return t.substring(key.length() + 1).trim();
        }
        throw new AssertionError("no \"" + key + "\" in:\n" + h5debugOutput);
    }

    /** The number after "{@code key}:" in h5debug output (an address, a size, a count). */
    public static long number(String h5debugOutput, String key) {
        String v = field(h5debugOutput, key);
        int end = 0;
        while (end < v.length() && Character.isDigit(v.charAt(end))) end++;
        if (end == 0) throw new AssertionError("\"" + key + "\" is not a number in:\n" + h5debugOutput);
        return Long.parseUnsignedLong(v.substring(0, end));
    }

    /**
     * A {@link FileContext} for a file libhdf5 wrote, with Size of Offsets and Size of Lengths read
     * from its superblock (at byte 13/14 for superblock versions 0 and 1, 9/10 for versions 2 and 3).
     */
    public static FileContext open(Path file) {
        try {
            byte[] head = new byte[16];
            try (var in = Files.newInputStream(file)) {
                if (in.readNBytes(head, 0, 16) != 16) throw new AssertionError(file + " is too short");
            }
            int version = head[8];
            int offsets = version < 2 ? head[13] : head[9];
            int lengths = version < 2 ? head[14] : head[10];
            return new FileContext(FileStore.open(file), offsets, lengths, 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Link names of an old-style group from its local heap ("HEAP": signature, version, 3 reserved
     * bytes, data segment size, offset to the free list, data segment address; names are
     * NUL-terminated strings at offsets into the data segment).
     */
    public static LongFunction<String> localHeapNames(FileContext ctx, long heapAddress) {
        Cursor h = ctx.read(heapAddress, 8 + 2 * ctx.lengthSize() + ctx.offsetSize(), "local heap");
        h.expectSignature("HEAP", "local heap");
        h.skip(4);
        long size = h.length();
        h.length();
        long data = h.address();
        byte[] segment = ctx.read(data, size, "local heap data").bytes((int) size);
        return offset -> {
            int end = (int) offset;
            while (segment[end] != 0) end++;
            return new String(segment, (int) offset, end - (int) offset, StandardCharsets.UTF_8);
        };
    }

    /** Shape facts of a dataset, from h5py. */
    public record DatasetShape(long[] dims, long[] maxDims, int[] chunkDims, int elementSize) {
    }

    /** What h5py and libhdf5 say about one chunked dataset. */
    public record DatasetFacts(String name, DatasetShape shape, long objectAddress, List<ChunkInfo> chunks) {
    }

    /** Facts about every chunked dataset at the root of {@code file}, gathered in one Python run. */
    public static Map<String, DatasetFacts> describe(Path file) {
        String out = Python.run("""
                import sys, h5py
                with h5py.File(sys.argv[1], 'r') as f:
                    for name, d in f.items():
                        if not isinstance(d, h5py.Dataset) or d.chunks is None:
                            continue
                        print('dataset', name, h5py.h5o.get_info(d.id).addr, d.dtype.itemsize,
                              ','.join(map(str, d.shape)), ','.join('-1' if m is None else str(m) for m in d.maxshape),
                              ','.join(map(str, d.chunks)))
                        for i in range(d.id.get_num_chunks()):
                            c = d.id.get_chunk_info(i)
                            print('chunk', ','.join(str(o) for o in c.chunk_offset), c.filter_mask, c.byte_offset, c.size)
                """, file);
        Map<String, DatasetFacts> facts = new LinkedHashMap<>();
        String name = null;
        DatasetShape shape = null;
        long address = 0;
        List<ChunkInfo> chunks = null;
        for (String line : (out + "dataset").split("\n")) {
            String[] f = line.trim().split(" ");
            if (f[0].equals("dataset")) {
                if (name != null) facts.put(name, new DatasetFacts(name, shape, address, List.copyOf(chunks)));
                if (f.length == 1) break;
                name = f[1];
                address = Long.parseLong(f[2]);
                shape = new DatasetShape(longs(f[4]), longs(f[5]), Arrays.stream(f[6].split(",")).mapToInt(Integer::parseInt).toArray(),
                        Integer.parseInt(f[3]));
                chunks = new ArrayList<>();
            } else if (f[0].equals("chunk")) {
                chunks.add(new ChunkInfo(longs(f[1]), Integer.parseInt(f[2]), Long.parseUnsignedLong(f[3]), Long.parseLong(f[4])));
            }
        }
        return facts;
    }

    private static long[] longs(String csv) {
        return Arrays.stream(csv.split(",")).mapToLong(Long::parseLong).toArray();
    }
}
