package org.h5vds.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.h5vds.io.H5Exception;
import org.h5vds.io.H5FormatException;
import org.junit.jupiter.api.Test;

class FilterPipelineTest {
    private static final long[] DIMS = {1000};

    private static byte[] bytes(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.duplicate().get(a);
        return a;
    }

    @Test
    void serviceLoaderFindsEveryFilter() {
        FilterRegistry r = FilterRegistry.standard();
        assertThat(r.all().stream().map(Filter::id).collect(Collectors.toList()))
                .containsExactly(1, 2, 3, 4, 5, 6, 307, 32000, 32001, 32004, 32008, 32015);
        for (Filter f : r.all()) assertThat(FilterRegistry.commonName(f.id())).isEqualTo(f.name());
        assertThat(r.find(6).orElseThrow().canEncode()).isFalse();
        assertThat(r.find(5).orElseThrow().canEncode()).isFalse();
        assertThat(r.find(4).orElseThrow().canEncode()).isFalse();
    }

    @Test
    void missingFiltersAreNamed() {
        for (int[] idAndExpected : new int[][] {{40000}, {32013}}) {
            int id = idAndExpected[0];
            FilterPipeline p = FilterPipeline.create(List.of(FilterSpec.optional(id)), 4, DIMS);
            String expected = switch (id) {
                case 32013 -> "filter 32013 (zfp) is not available";
                default -> "filter 40000 is not available";
            };
            assertThatThrownBy(() -> p.decode(ByteBuffer.allocate(10), 0, 4000, "f.h5", 800))
                    .isInstanceOf(H5FormatException.class)
                    .hasMessage("f.h5: at byte offset 800: " + expected + ": the chunk cannot be decoded");
        }
        // An unregistered id takes the name stored in the pipeline message.
        FilterPipeline named = FilterPipeline.create(List.of(new FilterSpec(40001, 1, "acme", null)), 4, DIMS);
        assertThatThrownBy(() -> named.decode(ByteBuffer.allocate(10), 0, 4000, "f.h5", 1))
                .hasMessageContaining("filter 40001 (acme) is not available");
    }

    @Test
    void maskedFiltersAreSkippedEvenWhenMissing() {
        byte[] raw = ChunkData.smooth(1000, 4, 1);
        FilterPipeline p = FilterPipeline.create(List.of(FilterSpec.optional(2, 4), FilterSpec.optional(4)), 4, DIMS);
        FilterPipeline.Encoded e = p.encode(ByteBuffer.wrap(raw));
        assertThat(e.filterMask()).isEqualTo(0b10);
        assertThat(bytes(p.decode(e.bytes(), e.filterMask(), raw.length, "f.h5", 0))).isEqualTo(raw);
        // A chunk whose every filter was skipped is stored as is.
        assertThat(bytes(p.decode(ByteBuffer.wrap(raw), 0b11, raw.length, "f.h5", 0))).isEqualTo(raw);
    }

    @Test
    void filtersAreAppliedInOrderAndUndoneInReverse() {
        byte[] raw = ChunkData.smooth(1000, 4, 2);
        List<FilterSpec> specs = FilterPipeline.forWriting(
                List.of(FilterSpec.optional(2), FilterSpec.optional(1, 5), FilterSpec.mandatory(3)), 4, DIMS, FilterRegistry.standard());
        assertThat(specs).extracting(FilterSpec::name).containsExactly("shuffle", "deflate", "fletcher32");
        assertThat(specs.get(0).clientData()).containsExactly(4);
        FilterPipeline p = FilterPipeline.create(specs, 4, DIMS);
        byte[] stored = bytes(p.encode(ByteBuffer.wrap(raw)).bytes());
        // By hand: shuffle, then deflate, then the checksum.
        FilterRegistry r = FilterRegistry.standard();
        FilterArgs a = FilterArgs.forChunk(new int[] {4}, 4, DIMS);
        try {
            ByteBuffer s = r.find(2).orElseThrow().encode(ByteBuffer.wrap(raw), a);
            ByteBuffer d = r.find(1).orElseThrow().encode(s, a.withClientData(new int[] {5}));
            ByteBuffer f = r.find(3).orElseThrow().encode(d, a.withClientData(new int[0]));
            assertThat(stored).isEqualTo(bytes(f));
        } catch (FilterFailed ex) {
            throw new AssertionError(ex);
        }
        assertThat(bytes(p.decode(ByteBuffer.wrap(stored), 0, raw.length, "f.h5", 0))).isEqualTo(raw);
    }

    @Test
    void optionalFiltersThatCannotEncodeAreMaskedMandatoryOnesFail() {
        byte[] noise = ChunkData.noise(1000, 4, 3);
        FilterPipeline optional = FilterPipeline.create(FilterPipeline.forWriting(List.of(FilterSpec.optional(32000)), 4, DIMS,
                FilterRegistry.standard()), 4, DIMS);
        FilterPipeline.Encoded e = optional.encode(ByteBuffer.wrap(noise));
        assertThat(e.filterMask()).isEqualTo(1);
        assertThat(bytes(e.bytes())).isEqualTo(noise);
        FilterPipeline mandatory = FilterPipeline.create(FilterPipeline.forWriting(List.of(FilterSpec.mandatory(32000)), 4, DIMS,
                FilterRegistry.standard()), 4, DIMS);
        assertThatThrownBy(() -> mandatory.encode(ByteBuffer.wrap(noise)))
                .isInstanceOf(H5Exception.class).hasMessageContaining("filter 32000 (lzf) is mandatory but cannot encode the chunk");
        assertThatThrownBy(() -> FilterPipeline.forWriting(List.of(FilterSpec.optional(6)), 4, DIMS, FilterRegistry.standard()))
                .hasMessageContaining("filter 6 (scaleoffset) can only be read");
        assertThatThrownBy(() -> FilterPipeline.forWriting(List.of(FilterSpec.optional(4)), 4, DIMS, FilterRegistry.standard()))
                .hasMessageContaining("filter 4 (szip) can only be read");
    }

    @Test
    void decodedSizeMustBeTheChunkSize() {
        byte[] raw = ChunkData.smooth(1000, 4, 4);
        FilterPipeline p = FilterPipeline.create(List.of(FilterSpec.optional(1, 4)), 4, DIMS);
        ByteBuffer stored = p.encode(ByteBuffer.wrap(raw)).bytes();
        assertThatThrownBy(() -> p.decode(stored, 0, 4004, "f.h5", 12))
                .isInstanceOf(H5FormatException.class).hasMessageContaining("expected the chunk's 4004 bytes");
        FilterPipeline none = FilterPipeline.create(List.of(), 4, DIMS);
        assertThatThrownBy(() -> none.decode(ByteBuffer.wrap(raw), 0, 3996, "f.h5", 12))
                .isInstanceOf(H5FormatException.class).hasMessageContaining("decodes to 4000 bytes, expected 3996");
    }

    @Test
    void decodingDoesNotDisturbTheStoredBuffer() {
        byte[] raw = ChunkData.smooth(1000, 4, 5);
        FilterPipeline p = FilterPipeline.create(List.of(FilterSpec.optional(2, 4)), 4, DIMS);
        ByteBuffer stored = p.encode(ByteBuffer.wrap(raw)).bytes();
        byte[] before = bytes(stored);
        int position = stored.position();
        p.decode(stored, 0, raw.length, "f.h5", 0);
        assertThat(stored.position()).isEqualTo(position);
        assertThat(bytes(stored)).isEqualTo(before);
    }

    @Test
    void directAndReadOnlyBuffersDecode() {
        byte[] raw = ChunkData.smooth(1000, 4, 6);
        FilterPipeline p = FilterPipeline.create(FilterPipeline.forWriting(List.of(FilterSpec.optional(32008, 0, 2)), 4, DIMS,
                FilterRegistry.standard()), 4, DIMS);
        byte[] stored = bytes(p.encode(ByteBuffer.wrap(raw)).bytes());
        ByteBuffer direct = ByteBuffer.allocateDirect(stored.length + 3);
        direct.position(3);
        direct.put(stored).position(3);
        assertThat(bytes(p.decode(direct, 0, raw.length, "f.h5", 0))).isEqualTo(raw);
        assertThat(bytes(p.decode(ByteBuffer.wrap(stored).asReadOnlyBuffer(), 0, raw.length, "f.h5", 0))).isEqualTo(raw);
    }

    @Test
    void onePipelineDecodesFromManyThreadsAtOnce() throws Exception {
        List<FilterSpec> specs = FilterPipeline.forWriting(List.of(FilterSpec.optional(2), FilterSpec.optional(1, 3),
                FilterSpec.mandatory(3)), 4, DIMS, FilterRegistry.standard());
        List<FilterSpec> bs = FilterPipeline.forWriting(List.of(FilterSpec.optional(32008, 0, 2)), 4, DIMS, FilterRegistry.standard());
        List<FilterSpec> blosc = FilterPipeline.forWriting(List.of(FilterSpec.optional(32001, 0, 0, 0, 0, 5, 1, 5)), 4, DIMS,
                FilterRegistry.standard());
        List<FilterPipeline> pipelines = List.of(FilterPipeline.create(specs, 4, DIMS), FilterPipeline.create(bs, 4, DIMS),
                FilterPipeline.create(blosc, 4, DIMS));
        List<byte[]> raws = new ArrayList<>();
        List<byte[]> stored = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            byte[] raw = ChunkData.smooth(1000, 4, 100 + i);
            raws.add(raw);
            stored.add(bytes(pipelines.get(i % 3).encode(ByteBuffer.wrap(raw)).bytes()));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    boolean ok = true;
                    for (int round = 0; round < 50; round++) {
                        for (int i = 0; i < raws.size(); i++) {
                            FilterPipeline p = pipelines.get(i % 3);
                            ok &= Arrays.equals(bytes(p.decode(ByteBuffer.wrap(stored.get(i)), 0, 4000, "f.h5", i)), raws.get(i));
                            ok &= Arrays.equals(bytes(p.encode(ByteBuffer.wrap(raws.get(i))).bytes()), stored.get(i));
                        }
                    }
                    return ok;
                }));
            }
            for (Future<Boolean> r : results) assertThat(r.get()).isTrue();
        } finally {
            pool.shutdownNow();
        }
    }
}
