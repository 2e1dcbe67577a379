package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.h5vds.format.message.Datatype;
import org.h5vds.io.Cursor;
import org.h5vds.storage.Conversions;

/**
 * Random nested compound types: their datatype message encodes and decodes to the same type and
 * dtype, and a compound holding any subset of the members in any order and at other offsets
 * converts from it member by member, exactly.
 */
class CompoundPropertiesTest {

    @Provide
    Arbitrary<DType> compounds() {
        return compound(3);
    }

    private Arbitrary<DType> compound(int depth) {
        Arbitrary<DType> member = depth <= 1 ? leaf() : Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, leaf()), net.jqwik.api.Tuple.of(1, compound(depth - 1)));
        return Combinators.combine(member.list().ofMinSize(1).ofMaxSize(5), Arbitraries.integers().between(0, 7).list().ofSize(6),
                Arbitraries.of(true, false)).as((types, gaps, packed) -> {
                    List<DType.Field> fields = new ArrayList<>();
                    long offset = 0;
                    for (int i = 0; i < types.size(); i++) {
                        if (!packed) offset += gaps.get(i);
                        fields.add(new DType.Field("m" + i, offset, types.get(i)));
                        offset += types.get(i).size();
                    }
                    return DType.compound(fields, (int) offset + (packed ? 0 : gaps.get(5)));
                });
    }

    private Arbitrary<DType> leaf() {
        List<DType> numbers = new ArrayList<>();
        for (DType t : DType.ALL) {
            numbers.add(t);
            numbers.add(t.bigEndian());
        }
        return Arbitraries.oneOf(
                Arbitraries.of(numbers),
                Arbitraries.integers().between(1, 9).map(DType::bytes),
                Arbitraries.integers().between(1, 5).map(n -> DType.opaque(n, "t" + n)),
                Combinators.combine(Arbitraries.of(DType.INT16, DType.UINT32.bigEndian(), DType.FLOAT32), Arbitraries.integers().between(1, 3))
                        .as((t, n) -> DType.array(t, n, 2)),
                Arbitraries.of(DType.enumeration(DType.INT8, java.util.Map.of("A", 1L)),
                        DType.enumeration(DType.UINT16.bigEndian(), new java.util.LinkedHashMap<>(java.util.Map.of("X", 7L)))));
    }

    @Property(tries = 300)
    void encodeDecodeRoundTrips(@ForAll("compounds") DType t) {
        Datatype stored = StoredTypes.storedTypeOf(t);
        byte[] bytes = stored.toBytes(8, 8);
        Datatype back = Datatype.decode(new Cursor(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN), "t", 0, 8, 8));
        assertThat(back).isEqualTo(stored);
        assertThat(back.encodedSize()).isEqualTo(bytes.length);
        assertThat(StoredTypes.dtypeOf(back)).isEqualTo(t);

    }

    @Property(tries = 300)
    void memberSubsetsConvertExactly(@ForAll("compounds") DType t, @ForAll long seed) {
        Random rnd = new Random(seed);
        List<DType.Field> chosen = new ArrayList<>(t.fields());
        Collections.shuffle(chosen, rnd);
        chosen = chosen.subList(0, 1 + rnd.nextInt(chosen.size()));
        List<DType.Field> placed = new ArrayList<>();
        long offset = 0;
        for (DType.Field f : chosen) {
            offset += rnd.nextInt(3);
            placed.add(new DType.Field(f.name(), offset, f.dtype()));
            offset += f.dtype().size();
        }
        DType target = DType.compound(placed, (int) offset + rnd.nextInt(4));
        int n = 1 + rnd.nextInt(5);
        byte[] src = new byte[n * t.size()];
        rnd.nextBytes(src);
        byte[] dst = new byte[n * target.size()];
        Conversions.between(StoredTypes.memoryTypeOf(t), StoredTypes.memoryTypeOf(target)).convert(src, 0, dst, 0, n);
        for (int e = 0; e < n; e++) {
            for (DType.Field f : placed) {
                DType.Field from = t.field(f.name());
                byte[] a = java.util.Arrays.copyOfRange(src, e * t.size() + (int) from.offset(), e * t.size() + (int) from.offset() + f.dtype().size());
                byte[] b = java.util.Arrays.copyOfRange(dst, e * target.size() + (int) f.offset(), e * target.size() + (int) f.offset() + f.dtype().size());
                assertThat(b).as("member %s of element %d", f.name(), e).isEqualTo(a);
            }
        }
    }
}
