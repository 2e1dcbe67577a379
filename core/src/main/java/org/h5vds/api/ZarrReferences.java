package org.h5vds.api;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.h5vds.filter.FilterSpec;
import org.h5vds.io.Locations;
import org.h5vds.node.DatasetDefinition;
import org.h5vds.node.DatasetNode;
import org.h5vds.vds.ChunkAlignment;
import org.h5vds.vds.ResolvedPiece;
import org.h5vds.vds.VirtualReader;

/**
 * A dataset as a Zarr v2 array made of references to byte ranges of HDF5 files — kerchunk's JSON
 * reference format, version 1 — so that Python's fsspec ({@code ReferenceFileSystem}), zarr and
 * xarray read it without libhdf5:
 *
 * <pre>{@code
 * try (H5File f = H5File.open(Path.of("eiger_vds.h5"))) {
 *     ZarrReferences.of(f.dataset("data")).urlPrefix("s3://bucket/run42/").write(Path.of("refs.json"));
 * }
 * // Python: z = zarr.open(fsspec.filesystem("reference", fo="refs.json").get_mapper(""))["data"]
 * }</pre>
 *
 * <p>A plain dataset's chunks are referenced as stored (a contiguous dataset's bytes are cut into
 * runs of whole rows, at most 16 MiB each; compact, scalar and tiny contiguous datasets are inlined).
 * A virtual dataset is referenced chunk by chunk where its mappings place whole source chunks on a
 * grid (see {@link ChunkAlignment}): the grid's chunk shape is the sources' (or, for contiguous
 * sources, the largest runs every mapping divides into), each grid chunk one source chunk;
 * unmapped chunks, missing sources and never-written source chunks are left out, so they read as
 * the fill value, as in HDF5. HDF5 filters become numcodecs codecs ({@link ZarrCodecs}).
 *
 * <p>What cannot be expressed that way — a mapping whose source chunks straddle the grid or whose
 * elements interleave, another chunk shape or codec than the grid's, type conversion, filters
 * numcodecs lacks, chunks stored with a filter skipped — is refused, naming the first such
 * mapping and why; or, with {@link #materializeMisfits}, the chunks concerned are copied (as read
 * through HDF5) into a side file written with the grid's codecs, and referenced there.
 *
 * <p>URLs are the files' paths as h5vds found them (relative when the dataset's file was named by
 * a relative path and a source is stored relative), or {@link #urlPrefix} followed by the path
 * relative to the dataset's file's folder.
 */
public final class ZarrReferences {
    /** Contiguous datasets of at most this many bytes are inlined (kerchunk's default threshold). */
    public static final int DEFAULT_INLINE_THRESHOLD = 500;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** For the metadata documents (.zarray, .zattrs): non-ASCII characters escaped, for zarr 2 decodes them as ASCII. */
    private static final ObjectMapper METADATA = new ObjectMapper(JsonFactory.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build());

    private final Dataset dataset;
    private final String urlPrefix;
    private final int inlineThreshold;
    private final Path misfitDir;

    /** What was written: the grid, the codecs, and how many chunks went which way. */
    public record Summary(Shape chunks, String codecs, long referenced, long inlined, long materialized, Path sideFile) {
    }

    private ZarrReferences(Dataset dataset, String urlPrefix, int inlineThreshold, Path misfitDir) {
        this.dataset = dataset;
        this.urlPrefix = urlPrefix;
        this.inlineThreshold = inlineThreshold;
        this.misfitDir = misfitDir;
    }

    /**
     * References to {@code dataset}, a dataset of a file opened for reading.
     *
     * @param dataset a plain or virtual dataset of a file open for reading
     * @return references with the default settings
     */
    public static ZarrReferences of(Dataset dataset) {
        try {
            Objects.requireNonNull(dataset, "dataset");
            if (dataset.isWritable()) throw new IllegalStateException(dataset + " is being written; close the file and open it to reference it");
            return new ZarrReferences(dataset, null, DEFAULT_INLINE_THRESHOLD, null);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * URLs become {@code prefix} + the file's path relative to the dataset's file's folder (e.g. {@code s3://bucket/run42/}).
     *
     * @param prefix the text put before each relative file path, e.g. {@code s3://bucket/run42/}
     * @return new references settings; these are unchanged
     */
    public ZarrReferences urlPrefix(String prefix) {
        try {
            return new ZarrReferences(dataset, Objects.requireNonNull(prefix, "prefix"), inlineThreshold, misfitDir);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Contiguous datasets of at most this many bytes are written into the references themselves.
     *
     * @param bytes the inline threshold in bytes, 0 or more (0: never inline)
     * @return new references settings; these are unchanged
     * @throws IllegalArgumentException for a negative threshold
     */
    public ZarrReferences inlineThreshold(int bytes) {
        try {
            if (bytes < 0) throw new IllegalArgumentException("inline threshold must be at least 0, not " + bytes);
            return new ZarrReferences(dataset, urlPrefix, bytes, misfitDir);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Chunks that cannot be referenced where they lie are copied into a new HDF5 file in
     * {@code dir} (named after the dataset's file and path, ending in {@code .misfits.h5}) and
     * referenced there, instead of being refused.
     *
     * @param dir the folder for the misfits file
     * @return new references settings; these are unchanged
     */
    public ZarrReferences materializeMisfits(Path dir) {
        try {
            return new ZarrReferences(dataset, urlPrefix, inlineThreshold, Objects.requireNonNull(dir, "dir"));
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Writes the references to {@code out} (replaced once complete).
     *
     * @param out the kerchunk JSON file to write
     * @return the chunk grid, codecs, and how many chunks were referenced, inlined or copied
     * @throws H5Exception when a chunk cannot be referenced and misfits are not materialized: the
     *                     message names the first mapping that does not fit and why
     */
    public Summary write(Path out) {
        try {
            DatasetNode n = dataset.datasetNode();
            String where = n.file().fileName() + ": " + dataset.path();
            if (dataset.isNull()) throw new H5Exception(where + ": a null dataspace has no values to reference");
            DType dtype = dataset.dtype();
            String typeProblem = typeProblem(dtype);
            if (typeProblem != null) throw new H5Exception(where + " cannot be written as chunk references: its type " + dtype + " " + typeProblem);
            Object fill; // what a missing chunk reads as
            try {
                fill = ZarrValues.fill(dataset.unwrittenValue());
            } catch (H5Exception e) {
                throw new H5Exception(where + " cannot be written as chunk references: " + e.getMessage());
            }
            String key = dataset.path().replaceAll("^/+", "");
            long[] dims = dataset.isScalar() ? new long[0] : dataset.currentDims();
            TreeMap<Long, Object> refs = new TreeMap<>();
            long[] chunk;
            ZarrCodecs.Mapping codecs;
            long materialized = 0;
            Path side = null;
            long inlined = 0;
            long referenced;
            if (inlines(n, dims)) {
                chunk = new long[dims.length];
                for (int d = 0; d < dims.length; d++) chunk[d] = Math.max(1, dims[d]);
                codecs = ZarrCodecs.of(new ChunkAlignment.SourceFormat(List.of()), dtype.size());
                if (java.util.Arrays.stream(dims).allMatch(x -> x > 0)) {
                    byte[] raw = new byte[Math.toIntExact(dataset.size() * dtype.size())];
                    dataset.read().buffer().get(raw);
                    refs.put(0L, "base64:" + Base64.getEncoder().encodeToString(raw));
                    inlined = 1;
                }
                referenced = 0;
            } else {
                org.h5vds.format.message.Datatype stored = n.datatype();
                if (stored instanceof org.h5vds.format.message.ArrayType at) stored = at.base();
                if (stored instanceof org.h5vds.format.message.StringType st && st.padding() == org.h5vds.format.message.Datatype.StringPadding.SPACE_PAD) {
                    throw new H5Exception(where + " cannot be written as chunk references: its strings are space-padded, which h5py reads "
                            + "with the trailing spaces removed and Zarr would read as stored");
                }
                List<ResolvedPiece> pieces;
                ChunkAlignment.SourceAccess access;
                if (dataset.isVirtual()) {
                    VirtualReader vr = dataset.virtualReader();
                    pieces = vr.resolvedPieces();
                    access = (p, use) -> vr.withSource(p, node -> {
                        use.accept(node);
                        return null;
                    });
                } else {
                    pieces = List.of(ResolvedPiece.whole(n));
                    access = (p, use) -> use.accept(n);
                }
                chunk = !dataset.isVirtual() && n.chunkDims() != null ? n.chunkDims()
                        : ChunkAlignment.naturalChunks(dims, dtype.size(), pieces, access, ChunkAlignment.CONTIGUOUS_TARGET_BYTES);
                ChunkAlignment alignment = ChunkAlignment.of(where, dims, chunk, n.datatype(), n.unwrittenValue(), pieces, access);
                ChunkAlignment.SourceFormat format = chosenFormat(alignment, dtype.size());
                codecs = ZarrCodecs.of(format == null ? new ChunkAlignment.SourceFormat(List.of()) : format, dtype.size());
                TreeMap<Long, String> misfits = new TreeMap<>();
                Map<Long, Integer> misfitMapping = new HashMap<>();
                for (Map.Entry<Long, ChunkAlignment.Cell> e : alignment.cells().entrySet()) {
                    ChunkAlignment.Cell c = e.getValue();
                    String problem = null;
                    if (c instanceof ChunkAlignment.Misfit m) {
                        problem = m.reason();
                    } else if (c instanceof ChunkAlignment.Stored s) {
                        problem = storedProblem(s, format, codecs, dtype.size(), alignment.coordinates(e.getKey()));
                        if (problem == null) refs.put(e.getKey(), List.of(url(s.piece()), s.byteOffset(), s.length() - codecs.trailingBytes()));
                    }
                    if (problem != null) {
                        misfits.put(e.getKey(), problem);
                        misfitMapping.put(e.getKey(), c.piece().mapping());
                    }
                }
                referenced = refs.size();
                if (!misfits.isEmpty()) {
                    if (misfitDir == null) {
                        long first = misfits.keySet().stream()
                                .min(java.util.Comparator.<Long>comparingInt(misfitMapping::get).thenComparing(java.util.Comparator.naturalOrder())).orElseThrow();
                        throw new H5Exception(where + " cannot be written as chunk references: " + misfits.get(first)
                                + (misfits.size() > 1 ? " (" + misfits.size() + " chunks do not fit)" : "")
                                + "; materialize the misfits into a side file to reference them there");
                    }
                    if (format == null) {
                        format = new ChunkAlignment.SourceFormat(List.of(new ChunkAlignment.Codec(ZarrCodecs.SHUFFLE, List.of()),
                                new ChunkAlignment.Codec(ZarrCodecs.DEFLATE, List.of(DatasetOptions.DEFAULT_DEFLATE_LEVEL))));
                        codecs = ZarrCodecs.of(format, dtype.size());
                    }
                    side = misfitDir.resolve(sideFileName(n.file().location(), key));
                    materialized = materializeMisfits(n, alignment, misfits.keySet(), format, codecs, side, key, refs);
                }
            }
            writeJson(out, key, dims, chunk, dtype, fill, codecs, refs);
            return new Summary(Shape.of(chunk), codecs.describe(), referenced, inlined, materialized, side);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Why Zarr v2 cannot read elements of type {@code t} from HDF5's bytes, or null when it can:
     * numbers, booleans, enumerations (as their integers), bit fields, fixed-length strings, opaque
     * bytes, and arrays of these (as h5py reads them: the array's axes after the dataset's).
     */
    private static String typeProblem(DType t) {
        return switch (t.kind()) {
            case INT, UINT, FLOAT, COMPLEX, BOOL, ENUM, BITFIELD, BYTES, OPAQUE -> null;
            case ARRAY -> t.base().kind() == DType.Kind.ARRAY ? "is an array of arrays" : typeProblem(t.base());
            case STRING, SEQUENCE -> "is variable-length: its values lie in the global heap, not in the chunks";
            case REFERENCE, REGION_REFERENCE, ATTRIBUTE_REFERENCE -> "holds references, which have no Zarr dtype";
            case COMPOUND -> "is a compound; references are written for numeric, boolean, enumeration and fixed-length string datasets";
        };
    }

    /** Whole-dataset inlining: scalars, compact data, and contiguous data up to the threshold. */
    private boolean inlines(DatasetNode n, long[] dims) {
        if (dataset.isScalar()) return true;
        if (dataset.isVirtual()) return false;
        if (dataset.layout() == Dataset.Layout.COMPACT) return true;
        return dataset.layout() == Dataset.Layout.CONTIGUOUS && dataset.size() * n.elementSize() <= inlineThreshold;
    }

    /** The pipeline of most referenced chunks among those numcodecs can decode; null when no chunk is stored. */
    private static ChunkAlignment.SourceFormat chosenFormat(ChunkAlignment a, int elementSize) {
        Map<ChunkAlignment.SourceFormat, Long> counts = new LinkedHashMap<>();
        for (ChunkAlignment.Cell c : a.cells().values()) {
            if (c instanceof ChunkAlignment.Stored s && s.filterMask() == 0) counts.merge(s.format(), 1L, Long::sum);
        }
        return counts.entrySet().stream().filter(e -> ZarrCodecs.of(e.getKey(), elementSize).expressible())
                .max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
    }

    private String storedProblem(ChunkAlignment.Stored s, ChunkAlignment.SourceFormat chosen, ZarrCodecs.Mapping codecs, int elementSize,
                                 long[] coords) {
        String where = dataset.isVirtual() ? s.piece().label() + ": chunk " + shape(coords) : "chunk " + shape(coords);
        ZarrCodecs.Mapping own = ZarrCodecs.of(s.format(), elementSize);
        if (!own.expressible()) return where + ": " + own.problem();
        if (s.filterMask() != 0) {
            return where + " was stored with filter(s) skipped (filter mask 0x" + Integer.toHexString(s.filterMask())
                    + "); Zarr decodes every chunk of an array alike";
        }
        if (!s.format().equals(chosen)) {
            return where + " is stored with codecs " + own.describe() + ", the reference set's chunks with " + codecs.describe();
        }
        return null;
    }

    /** Copies the misfit chunks into a side file, then references them there; returns how many. */
    private long materializeMisfits(DatasetNode n, ChunkAlignment a, java.util.Set<Long> chunks, ChunkAlignment.SourceFormat format,
                                    ZarrCodecs.Mapping codecs, Path side, String key, TreeMap<Long, Object> refs) {
        List<FilterSpec> filters = ZarrCodecs.writing(format);
        if (filters == null) {
            throw new H5Exception(n.file().fileName() + ": " + dataset.path() + ": the reference set's codecs (" + codecs.describe()
                    + ") cannot be written by h5vds, so misfits cannot be materialized with them");
        }
        long[] dims = dataset.currentDims();
        long[] chunk = a.chunk();
        try {
            Files.createDirectories(side.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<long[][]> boxes = new ArrayList<>();
        for (long number : chunks) {
            long[] c = a.coordinates(number);
            long[] start = new long[c.length];
            long[] count = new long[c.length];
            for (int d = 0; d < c.length; d++) {
                start[d] = c[d] * chunk[d];
                count[d] = Math.min(chunk[d], dims[d] - start[d]);
            }
            boxes.add(new long[][] {start, count});
        }
        try (H5File f = H5File.create(side)) {
            var w = f.root().writable().createDataset(key, new DatasetDefinition(n.datatype(), dims, null,
                    DatasetDefinition.Layout.CHUNKED, chunk, filters, n.fillValue()));
            Materializer.copyBoxes(dataset, new Dataset(f, w), boxes);
        }
        try (H5File f = H5File.open(side)) {
            Dataset d = f.dataset(key);
            for (int i = 0; i < boxes.size(); i++) {
                StoredChunk sc = d.storedChunk(boxes.get(i)[0]).orElseThrow(() -> new H5Exception(side + ": a materialized chunk is missing"));
                if (sc.filterMask() != 0) throw new H5Exception(side + ": a materialized chunk was stored with a filter skipped");
                refs.put(number(boxes.get(i)[0], chunk, a.grid()), List.of(url(side), sc.byteOffset(), sc.size() - codecs.trailingBytes()));
            }
        }
        return boxes.size();
    }

    private static long number(long[] start, long[] chunk, long[] grid) {
        long n = 0;
        for (int d = 0; d < start.length; d++) n = n * Math.max(1, grid[d]) + start[d] / chunk[d];
        return n;
    }

    private static String sideFileName(String location, String key) {
        String stem = Locations.lastComponent(location).replaceAll("\\.(h5|hdf5|nxs|hdf)$", "");
        return stem + "." + key.replace('/', '.') + ".misfits.h5";
    }

    // ---- URLs ------------------------------------------------------------------------------------

    private String url(ResolvedPiece p) {
        return url(p.isSameFile() ? dataset.datasetNode().file().location() : p.foundAs());
    }

    private String url(Path p) {
        return url(p.toAbsolutePath().normalize().toString());
    }

    /**
     * A file's URL: its location (local paths made absolute, so the references work from any
     * folder), or with a prefix, the prefix followed by the location relative to the dataset's
     * file's folder (its last component when it lies elsewhere).
     */
    private String url(String location) {
        boolean remote = Locations.isRemote(location);
        String abs = remote ? location : Locations.localPath(location).toAbsolutePath().normalize().toString();
        if (urlPrefix == null) return abs;
        String own = dataset.datasetNode().file().location();
        String base = Locations.isRemote(own) ? Locations.parent(own) : Path.of(Locations.parent(own)).normalize().toString();
        String rel = abs.startsWith(base.endsWith("/") ? base : base + "/") ? abs.substring(base.length()).replaceAll("^/+", "")
                : Locations.lastComponent(abs);
        String prefix = urlPrefix.isEmpty() || urlPrefix.endsWith("/") ? urlPrefix : urlPrefix + "/";
        return prefix + rel.replace(java.io.File.separatorChar, '/');
    }

    // ---- the JSON ------------------------------------------------------------------------------------

    private void writeJson(Path out, String key, long[] dims, long[] chunk, DType dtype, Object fill, ZarrCodecs.Mapping codecs, TreeMap<Long, Object> refs) {
        Path abs = out.toAbsolutePath();
        Path tmp = abs.resolveSibling("." + abs.getFileName() + ".part");
        try {
            try (JsonGenerator g = new JsonFactory().setCodec(JSON).createGenerator(tmp.toFile(), JsonEncoding.UTF8)) {
                g.writeStartObject();
                g.writeNumberField("version", 1);
                g.writeObjectFieldStart("refs");
                g.writeStringField(".zgroup", "{\"zarr_format\":2}");
                String[] parts = key.split("/");
                String group = "";
                for (int i = 0; i < parts.length - 1; i++) {
                    group = group.isEmpty() ? parts[i] : group + "/" + parts[i];
                    g.writeStringField(group + "/.zgroup", "{\"zarr_format\":2}");
                }
                writeGroupAttributes(g, "", "/");
                group = "";
                for (int i = 0; i < parts.length - 1; i++) {
                    group = group.isEmpty() ? parts[i] : group + "/" + parts[i];
                    writeGroupAttributes(g, group + "/", "/" + group);
                }
                if (dtype.kind() == DType.Kind.ARRAY) {
                    // h5py reads an array type's elements as further axes: so do the array's
                    long[] inner = dtype.dims();
                    dims = concat(dims, inner);
                    chunk = concat(chunk, inner);
                    dtype = dtype.base();
                }
                Map<String, Object> zarray = new LinkedHashMap<>();
                zarray.put("chunks", chunk);
                zarray.put("compressor", codecs.compressor());
                zarray.put("dtype", dtype.numpy());
                long[] grid = new long[dims.length];
                long chunks = 1;
                for (int d = 0; d < dims.length; d++) {
                    grid[d] = (dims[d] + chunk[d] - 1) / chunk[d];
                    chunks *= grid[d];
                }
                // no fill value when no chunk reads as one: xarray takes a fill value for its _FillValue and masks the
                // elements equal to it (h5py's values, and xarray's on the HDF5 file, keep them)
                zarray.put("fill_value", refs.size() == chunks ? null : fill);
                zarray.put("filters", codecs.filters().isEmpty() ? null : codecs.filters());
                zarray.put("order", "C");
                zarray.put("shape", dims);
                zarray.put("zarr_format", 2);
                g.writeStringField(key + "/.zarray", METADATA.writeValueAsString(zarray));
                Map<String, Object> attrs = new LinkedHashMap<>();
                attrs.put("_ARRAY_DIMENSIONS", DimensionNames.of(dataset, dims.length));
                ZarrValues.attributes(dataset).forEach(attrs::putIfAbsent); // xarray's dimension names win over an attribute of that name
                g.writeStringField(key + "/.zattrs", METADATA.writeValueAsString(attrs));
                for (Map.Entry<Long, Object> e : refs.entrySet()) {
                    g.writeFieldName(key + "/" + chunkKey(e.getKey(), grid));
                    g.writeObject(e.getValue());
                }
                g.writeEndObject();
                g.writeEndObject();
            }
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the error below says what went wrong
            }
            throw new UncheckedIOException(e);
        }
    }

    private static long[] concat(long[] a, long[] b) {
        long[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private void writeGroupAttributes(JsonGenerator g, String prefix, String path) throws IOException {
        // the groups of the file the dataset lies in: reached through an external link, that is not the file opened
        org.h5vds.node.ObjectNode node = dataset.datasetNode().file().resolve(path);
        if (!(node instanceof org.h5vds.node.GroupNode group)) return;
        Map<String, Object> attrs = ZarrValues.attributes(new Group(dataset.file(), group));
        if (!attrs.isEmpty()) g.writeStringField(prefix + ".zattrs", METADATA.writeValueAsString(attrs));
    }

    /** Zarr's chunk key: grid coordinates joined by dots ("0" for a scalar). */
    private static String chunkKey(long number, long[] grid) {
        if (grid.length == 0) return "0";
        long[] c = new long[grid.length];
        for (int d = grid.length - 1; d >= 0; d--) {
            long gd = Math.max(1, grid[d]);
            c[d] = number % gd;
            number /= gd;
        }
        StringBuilder sb = new StringBuilder();
        for (int d = 0; d < c.length; d++) {
            if (d > 0) sb.append('.');
            sb.append(c[d]);
        }
        return sb.toString();
    }

    private static String shape(long[] s) {
        return Shape.format(s);
    }
}
