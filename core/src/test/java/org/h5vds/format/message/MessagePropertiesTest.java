package org.h5vds.format.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.h5vds.io.Cursor;

/** Round trips over generated values: whatever we can build, we read back equal and re-encode identically. */
class MessagePropertiesTest {
    private static Message roundTrip(Message m, int size) {
        byte[] bytes = m.toBytes(size, size);
        Cursor c = new Cursor(ByteBuffer.wrap(bytes), "p.h5", 0, size, size);
        Message back = Messages.decode(m.type(), 0, c);
        assertThat(back).isEqualTo(m);
        assertThat(back.toBytes(size, size)).isEqualTo(bytes);
        return back;
    }

    @Provide
    Arbitrary<Dataspace> dataspaces() {
        // large sizes in low ranks, small ones in high ranks, so that the element count fits in a long
        Arbitrary<long[]> dims = Arbitraries.integers().between(1, Dataspace.MAX_RANK)
                .flatMap(rank -> Arbitraries.longs().between(0, rank <= 3 ? 1L << 20 : 3).array(long[].class).ofSize(rank));
        return dims.flatMap(d -> Arbitraries.of(0, 1, 2).map(kind -> {
            if (kind == 0) return Dataspace.simple(d, null);
            long[] max = new long[d.length];
            for (int i = 0; i < d.length; i++) max[i] = kind == 1 ? Dataspace.UNLIMITED : d[i] + i;
            return Dataspace.simple(d, max);
        }));
    }

    @Property
    void dataspacesRoundTrip(@ForAll("dataspaces") Dataspace d) {
        roundTrip(d, 8);
        roundTrip(d, 4);
    }

    @Provide
    Arbitrary<Datatype> atomicTypes() {
        Arbitrary<Datatype.ByteOrder> order = Arbitraries.of(Datatype.ByteOrder.LITTLE_ENDIAN, Datatype.ByteOrder.BIG_ENDIAN);
        return Arbitraries.oneOf(
                Combinators.combine(Arbitraries.of(1, 2, 4, 8), Arbitraries.of(true, false), order).as((size, signed, o) -> (Datatype) FixedPointType.of(size, signed, o)),
                Combinators.combine(Arbitraries.of(2, 4, 8), order).as((size, o) -> (Datatype) FloatingPointType.ieee(size, o)),
                Combinators.combine(Arbitraries.integers().between(1, 1000), Arbitraries.of(Datatype.StringPadding.values()),
                        Arbitraries.of(Datatype.CharacterSet.values())).as((size, p, c) -> (Datatype) StringType.of(size, p, c)));
    }

    @Property
    void atomicDatatypesRoundTrip(@ForAll("atomicTypes") Datatype t) {
        roundTrip(t, 8);
    }

    @Property
    void attributesRoundTrip(@ForAll("atomicTypes") Datatype t, @ForAll("dataspaces") Dataspace d) {
        if (d.elementCount() > 100_000 / t.size()) return;
        long n = d.elementCount() * t.size();
        byte[] data = new byte[(int) n];
        for (int i = 0; i < data.length; i++) data[i] = (byte) i;
        roundTrip(AttributeMessage.of("attr", 0, t, d, data), 8);
    }

    @Property
    void chunkedLayoutsRoundTrip(@ForAll("chunkDims") long[] dims, @ForAll("indexings") DataLayoutMessage.ChunkIndexing indexing) {
        roundTrip(DataLayoutMessage.chunked(0, dims, 8, indexing, 4096), 8);
    }

    @Provide
    Arbitrary<long[]> chunkDims() {
        return Arbitraries.longs().between(1, 1L << 40).array(long[].class).ofMinSize(1).ofMaxSize(Dataspace.MAX_RANK);
    }

    @Provide
    Arbitrary<DataLayoutMessage.ChunkIndexing> indexings() {
        return Arbitraries.of(List.of(new DataLayoutMessage.SingleChunk(-1, 0), new DataLayoutMessage.SingleChunk(1234, 3),
                new DataLayoutMessage.Implicit(), new DataLayoutMessage.FixedArray(10),
                new DataLayoutMessage.ExtensibleArray(32, 4, 4, 16, 10), new DataLayoutMessage.BTreeV2(2048, 100, 40)));
    }
}
