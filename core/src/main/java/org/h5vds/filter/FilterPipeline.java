package org.h5vds.filter;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.IntFunction;
import org.h5vds.io.H5Exception;
import org.h5vds.io.H5FormatException;
import org.h5vds.io.ScratchBuffers;

/**
 * The filters of one dataset, in the order of its Filter Pipeline message: applied first to last
 * when a chunk is written, last to first when it is read (spec IV.A.2.l). Immutable and safe to
 * share between threads; it holds no buffers and takes no lock.
 *
 * <p>Each stored chunk carries a filter mask: bit {@code i} set means filter {@code i} was skipped
 * for that chunk (an optional filter that could not encode it), so reading skips it too.
 */
public final class FilterPipeline {
    /** libhdf5 allows at most 32 filters in a pipeline (H5Z_MAX_NFILTERS); the mask has one bit each. */
    public static final int MAX_FILTERS = 32;

    private final List<FilterSpec> specs;
    private final Filter[] filters;
    private final int elementSize;
    private final long[] chunkDims;

    private FilterPipeline(List<FilterSpec> specs, FilterRegistry registry, int elementSize, long[] chunkDims) {
        if (specs.size() > MAX_FILTERS) {
            throw new H5Exception("a filter pipeline holds at most " + MAX_FILTERS + " filters, got " + specs.size());
        }
        this.specs = List.copyOf(specs);
        this.filters = new Filter[specs.size()];
        for (int i = 0; i < filters.length; i++) filters[i] = registry.find(specs.get(i).id()).orElse(null);
        this.elementSize = elementSize;
        this.chunkDims = chunkDims.clone();
        FilterArgs.chunkBytes(elementSize, chunkDims);
    }

    /** The pipeline of a dataset with the given datatype size and chunk dimensions, using the standard filters. */
    public static FilterPipeline create(List<FilterSpec> specs, int elementSize, long[] chunkDims) {
        return create(specs, elementSize, chunkDims, FilterRegistry.standard());
    }

    public static FilterPipeline create(List<FilterSpec> specs, int elementSize, long[] chunkDims, FilterRegistry registry) {
        Objects.requireNonNull(specs, "specs");
        Objects.requireNonNull(registry, "registry");
        return new FilterPipeline(specs, registry, elementSize, chunkDims);
    }

    /**
     * The pipeline message a writer stores for {@code requested}: each filter's client data completed
     * as its "set local" callback would (element size, chunk size, versions), and its name filled in.
     */
    public static List<FilterSpec> forWriting(List<FilterSpec> requested, int elementSize, long[] chunkDims,
                                              FilterRegistry registry) {
        List<FilterSpec> out = new ArrayList<>(requested.size());
        for (FilterSpec s : requested) {
            Filter f = registry.find(s.id()).orElseThrow(() -> new H5Exception(
                    FilterRegistry.describe(s.id(), s.name()) + " is not available, so a dataset cannot be written with it"));
            if (!f.canEncode()) {
                throw new H5Exception(FilterRegistry.describe(s.id(), s.name()) + " can only be read, not written");
            }
            out.add(new FilterSpec(s.id(), s.flags(), f.name(), f.clientData(s.clientData(), elementSize, chunkDims)));
        }
        return out;
    }

    public List<FilterSpec> specs() {
        return specs;
    }

    public boolean isEmpty() {
        return specs.isEmpty();
    }

    /** Whether a chunk stored with {@code filterMask} skipped every filter (and so is stored as its elements). */
    public boolean skipsAll(int filterMask) {
        for (int i = 0; i < specs.size(); i++) if ((filterMask & (1 << i)) == 0) return false;
        return true;
    }

    public int elementSize() {
        return elementSize;
    }

    /** The byte size of a decoded chunk. */
    public int chunkBytes() {
        return FilterArgs.chunkBytes(elementSize, chunkDims);
    }

    /**
     * Decodes one stored chunk.
     *
     * @param stored       the chunk's bytes as stored in the file (from position to limit; not modified)
     * @param filterMask   the chunk's filter mask: bit i set means filter i was not applied
     * @param expectedSize the decoded size the chunk must have
     * @param file         file name for error messages
     * @param offset       the chunk's file address for error messages, or {@link H5FormatException#NO_OFFSET}
     * @return the decoded chunk, exactly {@code expectedSize} bytes from position 0, little-endian order
     * @throws H5FormatException when a needed filter is missing or the chunk's bytes are corrupt
     */
    public ByteBuffer decode(ByteBuffer stored, int filterMask, int expectedSize, String file, long offset) {
        if (expectedSize < 0) throw new IllegalArgumentException("expected size must be >= 0, got " + expectedSize);
        ByteBuffer buf = stored.slice().order(ByteOrder.LITTLE_ENDIAN);
        for (int i = specs.size() - 1; i >= 0; i--) {
            if ((filterMask & (1 << i)) != 0) continue;
            Filter f = available(i, file, offset);
            FilterArgs args = stageArgs(i, filterMask, expectedSize, stored.remaining(), file, offset);
            try {
                buf = f.decode(buf, args);
            } catch (H5Exception e) {
                throw e;
            } catch (RuntimeException e) {
                throw codecRejected(f, args, e);
            }
            checkLimit(f, args, buf);
        }
        if (buf.remaining() != expectedSize) {
            throw new H5FormatException(file, null, offset, "the filtered chunk decodes to " + buf.remaining()
                    + " bytes, expected " + expectedSize);
        }
        return buf.order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Decodes one stored chunk into {@code out[outOffset, outOffset + expectedSize)}: the bytes and
     * checks of {@link #decode}, but the last filter writes straight into {@code out} (deflate
     * inflates into it, shuffle unshuffles into it) and the stages before it whose output size is
     * known write into this thread's {@link ScratchBuffers}, so a chunk costs no new buffer. A stage
     * whose output size is not known (after fletcher32, say) decodes into a new buffer as before.
     */
    public void decodeInto(ByteBuffer stored, int filterMask, int expectedSize, String file, long offset,
                           byte[] out, int outOffset) {
        if (expectedSize < 0) throw new IllegalArgumentException("expected size must be >= 0, got " + expectedSize);
        java.util.Objects.checkFromIndexSize(outOffset, expectedSize, out.length);
        int last = -1; // the filter applied last on reading: the first one not skipped
        for (int i = 0; i < specs.size(); i++) {
            if ((filterMask & (1 << i)) == 0) {
                last = i;
                break;
            }
        }
        if (last < 0) {
            if (stored.remaining() != expectedSize) {
                throw new H5FormatException(file, null, offset, "the filtered chunk decodes to " + stored.remaining()
                        + " bytes, expected " + expectedSize);
            }
            stored.duplicate().get(out, outOffset, expectedSize);
            return;
        }
        ByteBuffer buf = stored.slice().order(ByteOrder.LITTLE_ENDIAN);
        int stage = ScratchBuffers.STAGE_A;
        for (int i = specs.size() - 1; i >= last; i--) {
            if ((filterMask & (1 << i)) != 0) continue;
            Filter f = available(i, file, offset);
            FilterArgs args = stageArgs(i, filterMask, expectedSize, stored.remaining(), file, offset);
            boolean exact = args.expectedSize() != FilterArgs.UNKNOWN;
            try {
                if (i == last) {
                    f.decodeInto(buf, args, out, outOffset);
                    return;
                }
                if (exact) {
                    // the next stage reads this output before the one after it reuses the slot
                    byte[] scratch = ScratchBuffers.take(stage, expectedSize);
                    stage = stage == ScratchBuffers.STAGE_A ? ScratchBuffers.STAGE_B : ScratchBuffers.STAGE_A;
                    f.decodeInto(buf, args, scratch, 0);
                    buf = ByteBuffer.wrap(scratch, 0, expectedSize).slice().order(ByteOrder.LITTLE_ENDIAN);
                } else {
                    buf = f.decode(buf, args);
                }
            } catch (H5Exception e) {
                throw e;
            } catch (RuntimeException e) {
                throw codecRejected(f, args, e);
            }
            checkLimit(f, args, buf);
        }
        throw new IllegalStateException("unreachable: the last filter returns");
    }

    /** Filter {@code i}, which must be available to decode the chunk. */
    private Filter available(int i, String file, long offset) {
        Filter f = filters[i];
        if (f == null) {
            FilterSpec spec = specs.get(i);
            throw new H5FormatException(file, null, offset, FilterRegistry.describe(spec.id(), spec.name())
                    + " is not available: the chunk cannot be decoded");
        }
        return f;
    }

    /** The arguments of filter {@code i}: the exact chunk size when known, else only the limit. */
    private FilterArgs stageArgs(int i, int filterMask, int expectedSize, int storedSize, String file, long offset) {
        boolean exact = outputIsChunk(i, filterMask);
        return new FilterArgs(specs.get(i).clientData(), elementSize, chunkDims,
                exact ? expectedSize : FilterArgs.UNKNOWN,
                exact ? expectedSize : unknownSizeLimit(i, filterMask, expectedSize, storedSize), file, offset);
    }

    /** A codec library rejected the bytes in its own words: reported as corrupt data. */
    private static H5FormatException codecRejected(Filter f, FilterArgs args, RuntimeException e) {
        return args.corrupt(f.name(), "cannot decode the chunk: " + e, e);
    }

    private static void checkLimit(Filter f, FilterArgs args, ByteBuffer buf) {
        if (buf.remaining() > args.sizeLimit()) {
            throw args.corrupt(f.name(), "decoded " + buf.remaining() + " bytes, more than the limit of " + args.sizeLimit());
        }
    }

    /** True when every filter applied before filter {@code i} on writing kept the chunk's size. */
    private boolean outputIsChunk(int i, int filterMask) {
        for (int j = 0; j < i; j++) {
            if ((filterMask & (1 << j)) != 0) continue;
            Filter f = filters[j];
            if (f == null || !f.preservesSize(specs.get(j).clientData())) return false;
        }
        return true;
    }

    /**
     * The most decoding filter {@code i} may produce when its output is not the chunk: what the
     * filters before it (in writing order) can make of the chunk at most, each by its
     * {@link Filter#maxEncodedSize} (lz4 with one-byte blocks makes five bytes of each one), and
     * at least twice the larger of chunk and stored bytes plus slack. The bound comes from the
     * chunk's size and the pipeline, never from a size field in the stream, so a hostile one cannot
     * allocate gigabytes.
     */
    private int unknownSizeLimit(int i, int filterMask, int expectedSize, int storedSize) {
        long bound = expectedSize;
        for (int j = 0; j < i && bound < Integer.MAX_VALUE; j++) {
            if ((filterMask & (1 << j)) != 0) continue;
            Filter f = filters[j];
            int[] cd = specs.get(j).clientData();
            bound = f == null ? Filter.defaultMaxEncodedSize(bound) : f.maxEncodedSize(bound, cd);
        }
        long l = Math.max(bound, 2L * Math.max(expectedSize, storedSize) + 65536);
        return (int) Math.min(l, Integer.MAX_VALUE - 64);
    }

    /** A chunk's bytes as filtered for storage, and the mask of filters skipped for it. */
    public record Encoded(ByteBuffer bytes, int filterMask) {
    }

    /**
     * Encodes one chunk through every filter, first to last. An optional filter that cannot encode
     * this chunk (or is not available) is skipped and its mask bit set; a mandatory one is an error.
     *
     * @param raw the chunk's bytes, exactly {@link #chunkBytes()} long (from position to limit; not modified)
     */
    public Encoded encode(ByteBuffer raw) {
        return encode(raw, null);
    }

    /**
     * {@link #encode}, each filter that can writing its output into one of this thread's two
     * {@link ScratchBuffers} encoding slots, used in turn (deflate and shuffle can): no new buffer
     * per chunk. The result's bytes may be in such a slot, so they stay valid only until this
     * thread encodes again; the caller writes them out before that.
     */
    public Encoded encodeReusing(ByteBuffer raw) {
        return encode(raw, new Outputs());
    }

    /** The two encoding slots, handed out in turn: a stage's output never overwrites its input. */
    private static final class Outputs implements IntFunction<byte[]> {
        private int next = ScratchBuffers.ENCODED_A;
        private boolean used;

        @Override
        public byte[] apply(int size) {
            used = true;
            return ScratchBuffers.take(next, size);
        }

        /** After a stage: the next stage writes into the other slot when this one wrote into one. */
        void stageDone() {
            if (used) next = next == ScratchBuffers.ENCODED_A ? ScratchBuffers.ENCODED_B : ScratchBuffers.ENCODED_A;
            used = false;
        }
    }

    private Encoded encode(ByteBuffer raw, Outputs outputs) {
        int chunkBytes = chunkBytes();
        if (raw.remaining() != chunkBytes) {
            throw new IllegalArgumentException("chunk has " + raw.remaining() + " bytes, the pipeline expects " + chunkBytes);
        }
        ByteBuffer buf = raw.slice().order(ByteOrder.LITTLE_ENDIAN);
        int mask = 0;
        for (int i = 0; i < specs.size(); i++) {
            FilterSpec spec = specs.get(i);
            Filter f = filters[i];
            if (f == null || !f.canEncode()) {
                if (spec.optional()) {
                    mask |= 1 << i;
                    continue;
                }
                throw new H5Exception(FilterRegistry.describe(spec.id(), spec.name())
                        + (f == null ? " is not available" : " can only be read") + ": cannot write the chunk");
            }
            FilterArgs args = FilterArgs.forChunk(spec.clientData(), elementSize, chunkDims);
            try {
                ByteBuffer out = outputs == null ? f.encode(buf, args) : f.encode(buf, args, outputs);
                buf = out.slice().order(ByteOrder.LITTLE_ENDIAN);
            } catch (FilterFailed e) {
                if (!spec.optional()) {
                    throw new H5Exception(FilterRegistry.describe(spec.id(), spec.name())
                            + " is mandatory but cannot encode the chunk: " + e.getMessage());
                }
                mask |= 1 << i;
            } finally {
                if (outputs != null) outputs.stageDone();
            }
        }
        return new Encoded(buf, mask);
    }
}
