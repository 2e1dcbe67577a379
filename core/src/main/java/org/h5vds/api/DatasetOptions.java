package org.h5vds.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.h5vds.filter.FilterRegistry;
import org.h5vds.filter.FilterSpec;

/**
 * How a new dataset is stored: layout, chunk shape, maximum shape, filters and fill value — the
 * keyword arguments of h5py's {@code create_dataset}. Immutable: every method returns a new
 * instance, so one set of options can be reused.
 *
 * <pre>{@code
 * DatasetOptions.chunked(1, 512, 512).maxShape(Shape.UNLIMITED, 512, 512).deflate(4).shuffle().fillValue(7)
 * DatasetOptions.defaults().lz4()          // chunk shape guessed as h5py guesses it
 * DatasetOptions.compact()                 // data in the object header (at most 64 KiB)
 * }</pre>
 *
 * <p><b>Layout.</b> {@link #defaults()} stores the data contiguously unless filters or a maximum
 * shape other than the shape are asked for; then it is chunked with a chunk shape guessed as h5py
 * guesses it. {@link #contiguous()} and {@link #compact()} refuse filters and maximum shapes;
 * {@link #chunked(long...)} fixes the chunk shape (no argument: guessed).
 *
 * <p><b>Filters</b> are applied in h5py's order, whatever the order of the calls: shuffle, then the
 * compression filters in the order asked ({@link #deflate}, {@link #lzf}, {@link #lz4},
 * {@link #bitshuffleLz4}, {@link #zstd}, {@link #filter}), then {@link #fletcher32}. As h5py
 * does, every filter but fletcher32 is optional: a chunk a compressor cannot make smaller is stored
 * as it is (its filter mask says so).
 */
public final class DatasetOptions {
    /** The requested storage. */
    public enum Layout {
        /** As h5py chooses: contiguous, or chunked when a filter or a maximum shape needs chunks. */
        DEFAULT,
        /** One block of the file for the whole extent. */
        CONTIGUOUS,
        /** The data inside the object header (at most 64 KiB). */
        COMPACT,
        /** Chunks of a fixed shape, each stored (and filtered) on its own. */
        CHUNKED
    }

    /** Filter id of deflate (gzip), HDF5's H5Z_FILTER_DEFLATE. */
    public static final int DEFLATE = 1;
    /** Filter id of the byte shuffle, H5Z_FILTER_SHUFFLE. */
    public static final int SHUFFLE = 2;
    /** Filter id of the Fletcher-32 checksum, H5Z_FILTER_FLETCHER32. */
    public static final int FLETCHER32 = 3;
    /** Filter id of LZF (h5py's own filter), registered with the HDF Group. */
    public static final int LZF = 32000;
    /** Filter id of LZ4, registered with the HDF Group. */
    public static final int LZ4 = 32004;
    /** Filter id of bitshuffle (with LZ4 or zstd inside), registered with the HDF Group. */
    public static final int BITSHUFFLE = 32008;
    /** Filter id of Zstandard, registered with the HDF Group. */
    public static final int ZSTD = 32015;
    /** h5py's default gzip level. */
    public static final int DEFAULT_DEFLATE_LEVEL = 4;

    private final Layout layout;
    private final long[] chunks;
    private final long[] maxShape;
    private final List<FilterSpec> compression;
    private final boolean shuffle;
    private final boolean fletcher32;
    private final Object fillValue;
    private final long chunkCacheBytes;
    private final boolean trackOrder;

    private DatasetOptions(Layout layout, long[] chunks, long[] maxShape, List<FilterSpec> compression, boolean shuffle,
                           boolean fletcher32, Object fillValue, long chunkCacheBytes, boolean trackOrder) {
        this.layout = layout;
        this.chunks = chunks;
        this.maxShape = maxShape;
        this.compression = List.copyOf(compression);
        this.shuffle = shuffle;
        this.fletcher32 = fletcher32;
        this.fillValue = fillValue;
        this.chunkCacheBytes = chunkCacheBytes;
        this.trackOrder = trackOrder;
    }

    /**
     * Contiguous unless filters or a larger maximum shape ask for chunks (then guessed); no filters; fill value 0.
     *
     * @return the default options
     */
    public static DatasetOptions defaults() {
        return new DatasetOptions(Layout.DEFAULT, null, null, List.of(), false, false, null, 0, false);
    }

    /**
     * All elements in one block of the file, allocated at the first write.
     *
     * @return options for contiguous storage
     */
    public static DatasetOptions contiguous() {
        return defaults().with(Layout.CONTIGUOUS, null);
    }

    /**
     * The elements inside the object header: for small data (at most 64 KiB).
     *
     * @return options for compact storage
     */
    public static DatasetOptions compact() {
        return defaults().with(Layout.COMPACT, null);
    }

    /**
     * Chunked storage with chunks of {@code chunkShape} (one length per axis, each at least 1 and
     * at most the maximum shape); no argument guesses the chunk shape as h5py does.
     *
     * @param chunkShape the chunk's length along each axis; none to guess it
     * @return options for chunked storage
     */
    public static DatasetOptions chunked(long... chunkShape) {
        Objects.requireNonNull(chunkShape, "chunk shape");
        return defaults().with(Layout.CHUNKED, chunkShape.length == 0 ? null : chunkShape.clone());
    }

    /**
     * These options with chunked storage in chunks of {@code chunkShape}, everything else kept.
     *
     * @param chunkShape the chunk's length along each axis, each 1 or more
     * @return new options; these are unchanged
     */
    public DatasetOptions withChunkShape(long... chunkShape) {
        Objects.requireNonNull(chunkShape, "chunk shape");
        return with(Layout.CHUNKED, chunkShape.clone());
    }

    /**
     * These options without shuffle, compression or checksum, everything else kept.
     *
     * @return new options with no filters; these are unchanged
     */
    public DatasetOptions withoutFilters() {
        return new DatasetOptions(layout, chunks, maxShape, List.of(), false, false, fillValue, chunkCacheBytes, trackOrder);
    }

    private DatasetOptions with(Layout l, long[] c) {
        return new DatasetOptions(l, c, maxShape, compression, shuffle, fletcher32, fillValue, chunkCacheBytes, trackOrder);
    }

    /**
     * The maximum shape (h5py's {@code maxshape}); {@link Shape#UNLIMITED} for axes that may grow without bound.
     *
     * @param maxShape the maximum length of each axis, at least the dataset's shape
     * @return new options; these are unchanged
     */
    public DatasetOptions maxShape(long... maxShape) {
        Objects.requireNonNull(maxShape, "maximum shape");
        Shape.of(maxShape);
        return new DatasetOptions(layout, chunks, maxShape.clone(), compression, shuffle, fletcher32, fillValue, chunkCacheBytes, trackOrder);
    }

    /**
     * The maximum shape the dataset may grow to ({@link Shape#UNLIMITED} on axes without a bound);
     * a dataset that may grow is chunked.
     *
     * @param maxShape one bound per axis
     * @return changed options
     */
    public DatasetOptions maxShape(Shape maxShape) {
        return maxShape(maxShape.toArray());
    }

    /**
     * gzip (deflate) at {@code level} 0..9.
     *
     * @param level the compression level, 0 (none) to 9 (smallest)
     * @return new options with deflate added; these are unchanged
     * @throws IllegalArgumentException for a level outside 0..9
     */
    public DatasetOptions deflate(int level) {
        if (level < 0 || level > 9) throw new IllegalArgumentException("deflate level must be 0..9, not " + level);
        return compress(FilterSpec.optional(DEFLATE, level));
    }

    /**
     * gzip at h5py's default level, 4.
     *
     * @return new options with deflate added; these are unchanged
     */
    public DatasetOptions deflate() {
        return deflate(DEFAULT_DEFLATE_LEVEL);
    }

    /**
     * The byte shuffle, before compression.
     *
     * @return new options with the shuffle added; these are unchanged
     */
    public DatasetOptions shuffle() {
        return new DatasetOptions(layout, chunks, maxShape, compression, true, fletcher32, fillValue, chunkCacheBytes, trackOrder);
    }

    /**
     * A Fletcher-32 checksum of each chunk, after compression (mandatory, as libhdf5 makes it).
     *
     * @return new options with the checksum added; these are unchanged
     */
    public DatasetOptions fletcher32() {
        return new DatasetOptions(layout, chunks, maxShape, compression, shuffle, true, fillValue, chunkCacheBytes, trackOrder);
    }

    /**
     * LZF (filter 32000, h5py's own).
     *
     * @return new options with LZF added; these are unchanged
     */
    public DatasetOptions lzf() {
        return compress(FilterSpec.optional(LZF));
    }

    /**
     * LZ4 (filter 32004) in blocks of the plugin's default size.
     *
     * @return new options with LZ4 added; these are unchanged
     */
    public DatasetOptions lz4() {
        return compress(FilterSpec.optional(LZ4, 0));
    }

    /**
     * Bitshuffle with LZ4 (filter 32008), blocks of the plugin's default size, as hdf5plugin's {@code Bitshuffle(lz4=True)}.
     *
     * @return new options with bitshuffle/LZ4 added; these are unchanged
     */
    public DatasetOptions bitshuffleLz4() {
        return compress(FilterSpec.optional(BITSHUFFLE, 0, 2));
    }

    /**
     * Zstandard (filter 32015) at {@code level} (1..22).
     *
     * @param level the compression level, 1 (fastest) to 22 (smallest)
     * @return new options with Zstandard added; these are unchanged
     */
    public DatasetOptions zstd(int level) {
        if (level < 1 || level > 22) throw new IllegalArgumentException("zstd level must be 1..22, not " + level);
        return compress(FilterSpec.optional(ZSTD, level));
    }

    /**
     * Zstandard at the plugin's default level (3).
     *
     * @return new options with Zstandard added; these are unchanged
     */
    public DatasetOptions zstd() {
        return zstd(3);
    }

    /**
     * The compression named as {@code h5vds write --compression} and the Spark writer name it:
     * {@code gzip[=LEVEL]} (or {@code deflate}), {@code lzf}, {@code lz4}, {@code bitshuffle-lz4}
     * or {@code zstd[=LEVEL]}.
     *
     * @param text the compression's name with an optional {@code =LEVEL}, such as {@code "gzip=6"}
     * @return new options with that compression added; these are unchanged
     * @throws IllegalArgumentException naming the text when it is none of these or its level is not a whole number
     */
    public DatasetOptions compression(String text) {
        Objects.requireNonNull(text, "compression");
        String name = text.strip().toLowerCase(java.util.Locale.ROOT);
        Integer level = null;
        int eq = name.indexOf('=');
        if (eq >= 0) {
            try {
                level = Integer.parseInt(name.substring(eq + 1).strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("compression " + text + ": the level must be a whole number");
            }
            name = name.substring(0, eq).strip();
        }
        switch (name) {
            case "gzip", "deflate" -> {
                return level == null ? deflate() : deflate(level);
            }
            case "zstd" -> {
                return level == null ? zstd() : zstd(level);
            }
            case "lzf", "lz4", "bitshuffle-lz4" -> {
                if (level != null) throw new IllegalArgumentException("compression " + text + ": " + name + " takes no level");
                return name.equals("lzf") ? lzf() : name.equals("lz4") ? lz4() : bitshuffleLz4();
            }
            default -> throw new IllegalArgumentException("compression " + text + ": unknown compression; use gzip[=LEVEL], lzf, lz4, "
                    + "bitshuffle-lz4 or zstd[=LEVEL]");
        }
    }

    /**
     * Any filter h5vds can encode, by its registered id, with the client data values a user passes
     * to it (the filter completes them as its plugin does). Optional, as h5py's
     * {@code compression=id}.
     *
     * @param id the filter's registered HDF5 id, such as 32001 for Blosc
     * @param clientData the filter's parameters, the plugin's {@code cd_values}
     * @return new options with that filter added; these are unchanged
     */
    public DatasetOptions filter(int id, int... clientData) {
        if (id == SHUFFLE) return shuffle();
        if (id == FLETCHER32) return fletcher32();
        return compress(FilterSpec.optional(id, clientData));
    }

    private DatasetOptions compress(FilterSpec f) {
        List<FilterSpec> c = new ArrayList<>(compression);
        c.add(f);
        return new DatasetOptions(layout, chunks, maxShape, c, shuffle, fletcher32, fillValue, chunkCacheBytes, trackOrder);
    }

    /**
     * The value unwritten elements read as, converted to the dataset's dtype (it must fit).
     *
     * @param value the fill value; converted when the dataset is created
     * @return new options; these are unchanged
     */
    public DatasetOptions fillValue(Number value) {
        Objects.requireNonNull(value, "fill value");
        return new DatasetOptions(layout, chunks, maxShape, compression, shuffle, fletcher32, value, chunkCacheBytes, trackOrder);
    }

    /**
     * A string fill value, for a dataset of fixed- or variable-length strings.
     *
     * @param value the fill string, encoded as the dataset's string type says
     * @return new options; these are unchanged
     */
    public DatasetOptions fillValue(String value) {
        Objects.requireNonNull(value, "fill value");
        return new DatasetOptions(layout, chunks, maxShape, compression, shuffle, fletcher32, value, chunkCacheBytes, trackOrder);
    }

    /**
     * The fill value as a one-element array (any shape), converted to the dataset's dtype.
     *
     * @param value a one-element array of the fill value
     * @return new options; these are unchanged
     */
    public DatasetOptions fillValue(NdArray value) {
        Objects.requireNonNull(value, "fill value");
        if (value.size() != 1) throw new IllegalArgumentException("a fill value is one element, not " + value.size());
        return new DatasetOptions(layout, chunks, maxShape, compression, shuffle, fletcher32, value, chunkCacheBytes, trackOrder);
    }

    /**
     * The memory kept for chunks being filled (default 32 MiB, at least one chunk): a chunk leaves
     * it when complete, or when room is needed (it is then written with fill in its unwritten part
     * and read back if written again). Like h5py's {@code rdcc_nbytes}, a write-side tuning knob.
     *
     * @param bytes the cache's size in bytes
     * @return new options; these are unchanged
     */
    public DatasetOptions chunkCacheBytes(long bytes) {
        if (bytes < 1) throw new IllegalArgumentException("chunk cache must be at least 1 byte, not " + bytes);
        return new DatasetOptions(layout, chunks, maxShape, compression, shuffle, fletcher32, fillValue, bytes, trackOrder);
    }

    /**
     * The dataset records the creation order of its attributes (h5py's {@code track_order=True}):
     * h5py and h5vds then list them in the order they were made, not by name.
     *
     * @return new options; these are unchanged
     */
    public DatasetOptions trackOrder() {
        return new DatasetOptions(layout, chunks, maxShape, compression, shuffle, fletcher32, fillValue, chunkCacheBytes, true);
    }

    // ---- read by the API -----------------------------------------------------------------------

    /** Whether the dataset records the creation order of its attributes. */
    boolean tracksOrder() {
        return trackOrder;
    }

    /** The chunk cache size asked for, or 0 for the default. */
    long chunkCacheBytes() {
        return chunkCacheBytes;
    }

    /** @return the requested storage */
    public Layout layout() {
        return layout;
    }

    /**
     * The chunk shape asked for, or null.
     *
     * @return a copy of the chunk shape, or null when none was asked for
     */
    public long[] chunks() {
        return chunks == null ? null : chunks.clone();
    }

    /**
     * The maximum shape asked for, or null.
     *
     * @return a copy of the maximum shape, or null when none was asked for
     */
    public long[] maxShape() {
        return maxShape == null ? null : maxShape.clone();
    }

    /**
     * The filters in the order they are applied when writing, as {@link Dataset#filters()} will
     * list them once the dataset is written.
     *
     * @return the filters, first applied first; empty when none
     */
    public List<Dataset.Filter> filters() {
        List<Dataset.Filter> out = new ArrayList<>();
        for (FilterSpec f : filterSpecs()) out.add(new Dataset.Filter(f.id(), FilterRegistry.commonName(f.id()), f.clientData(), f.optional()));
        return out;
    }

    /** The filters as the writer takes them. */
    List<FilterSpec> filterSpecs() {
        List<FilterSpec> out = new ArrayList<>();
        if (shuffle) out.add(FilterSpec.optional(SHUFFLE));
        out.addAll(compression);
        if (fletcher32) out.add(FilterSpec.mandatory(FLETCHER32));
        return out;
    }

    /** The fill value asked for (a Number or a one-element NdArray), or null. */
    Object fillValue() {
        return fillValue;
    }

    @Override
    public String toString() {
        return "DatasetOptions[" + layout + (chunks != null ? " chunks " + Shape.format(chunks) : "")
                + (maxShape != null ? " maxshape " + Shape.format(maxShape) : "") + " filters " + filterSpecs()
                + (fillValue != null ? " fill " + fillValue : "") + (trackOrder ? " track_order" : "") + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DatasetOptions d && d.layout == layout && Arrays.equals(d.chunks, chunks) && Arrays.equals(d.maxShape, maxShape)
                && d.filterSpecs().equals(filterSpecs()) && Objects.equals(d.fillValue, fillValue) && d.trackOrder == trackOrder;
    }

    @Override
    public int hashCode() {
        return Objects.hash(layout, Arrays.hashCode(chunks), Arrays.hashCode(maxShape), filterSpecs());
    }
}
