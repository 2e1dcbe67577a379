package org.h5vds.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Every filter that encodes gives back exactly what it was given, for any element size, chunk
 * size (including sizes that leave bitshuffle leftovers and blosc leftover blocks) and content,
 * compressible or not; a filter that declines a chunk is skipped and marked in the mask.
 */
class FilterRoundTripProperties {
    /** A chunk: element size, element count, and bytes that are runs, ramps or noise. */
    record Chunk(int elementSize, int elements, byte[] bytes) {
        @Override
        public String toString() {
            return elements + " x " + elementSize + " bytes";
        }
    }

    @Provide
    Arbitrary<Chunk> chunks() {
        Arbitrary<Integer> size = Arbitraries.of(1, 2, 3, 4, 7, 8, 16);
        Arbitrary<Integer> count = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.integers().between(1, 64)),
                Tuple.of(5, Arbitraries.integers().between(65, 5000)),
                Tuple.of(1, Arbitraries.integers().between(5001, 70000)));
        Arbitrary<Integer> kind = Arbitraries.integers().between(0, 3);
        Arbitrary<Long> seed = Arbitraries.longs();
        return Combinators.combine(size, count, kind, seed).as((s, n, k, sd) -> {
            byte[] b;
            switch (k) {
                case 0 -> b = ChunkData.noise(n, s, sd);
                case 1 -> b = new byte[n * s];
                case 2 -> {
                    b = ChunkData.noise(n, s, sd);
                    for (int i = 0; i < b.length; i++) if (i % 5 != 0) b[i] = (byte) (i / 97);
                }
                default -> b = ChunkData.smooth(n, s, sd);
            }
            return new Chunk(s, n, b);
        });
    }

    @Provide
    Arbitrary<FilterSpec> encodingFilters() {
        return Arbitraries.oneOf(List.of(
                Arbitraries.integers().between(0, 9).map(l -> FilterSpec.optional(1, l)),
                Arbitraries.just(FilterSpec.optional(2)),
                Arbitraries.just(FilterSpec.mandatory(3)),
                Arbitraries.just(FilterSpec.optional(32000)),
                Arbitraries.of(0, 1, 100, 4096).map(bs -> FilterSpec.optional(32004, bs)),
                Combinators.combine(Arbitraries.of(0, 8, 64, 1024), Arbitraries.of(0, 2, 3))
                        .as((bs, c) -> FilterSpec.optional(32008, bs, c)),
                Combinators.combine(Arbitraries.integers().between(1, 9), Arbitraries.of(0, 1, 2), Arbitraries.of(1, 2, 3, 4, 5))
                        .as((l, sh, cc) -> FilterSpec.optional(32001, 0, 0, 0, 0, l, sh, cc)),
                Arbitraries.integers().between(1, 9).map(b -> FilterSpec.optional(307, b)),
                Arbitraries.just(FilterSpec.optional(32015, 3))));
    }

    private static byte[] roundTrip(List<FilterSpec> requested, Chunk c) {
        long[] dims = {c.elements()};
        List<FilterSpec> specs = FilterPipeline.forWriting(requested, c.elementSize(), dims, FilterRegistry.standard());
        FilterPipeline p = FilterPipeline.create(specs, c.elementSize(), dims);
        FilterPipeline.Encoded e = p.encode(ByteBuffer.wrap(c.bytes()));
        ByteBuffer d = p.decode(e.bytes(), e.filterMask(), c.bytes().length, "roundtrip", 0);
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return out;
    }

    @Property(tries = 400)
    void everyEncodingFilterRoundTrips(@ForAll("encodingFilters") FilterSpec filter, @ForAll("chunks") Chunk c) {
        assertThat(roundTrip(List.of(filter), c)).isEqualTo(c.bytes());
    }

    @Property(tries = 150)
    void pipelinesOfSeveralFiltersRoundTrip(@ForAll("encodingFilters") FilterSpec a, @ForAll("encodingFilters") FilterSpec b,
                                           @ForAll("chunks") Chunk c) {
        List<FilterSpec> specs = a.id() == b.id() ? List.of(FilterSpec.optional(2), a, FilterSpec.mandatory(3))
                : List.of(FilterSpec.optional(2), a, b, FilterSpec.mandatory(3));
        assertThat(roundTrip(specs, c)).isEqualTo(c.bytes());
    }
}
