package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.h5vds.testing.Fixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Dataset#readInto} writes exactly the bytes {@link Dataset#read} returns (which
 * FixtureReadTest compares with h5py) into a reused buffer at its position, whatever the buffer
 * held before (unwritten chunks and unmapped virtual regions get the fill value, not the old
 * bytes), leaves the bytes around them alone, and refuses a buffer too small or read-only
 * before writing anything.
 */
class ReadIntoTest {
    private static final byte JUNK = (byte) 0xA5;

    static Stream<Fixtures.DatasetCase> readable() {
        return Fixtures.datasets().filter(c -> !c.isNull());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("readable")
    void readsIntoAReusedBufferWhatReadReturns(Fixtures.DatasetCase c) {
        long[] shape = c.shapeArray();
        Random rnd = new Random(c.path().hashCode() * 31L + 7);
        try (H5File f = H5File.open(c.filePath())) {
            Dataset d = f.dataset(c.path());
            ByteBuffer heap = ByteBuffer.allocate(Math.toIntExact(d.read().nbytes() + 13));
            ByteBuffer direct = ByteBuffer.allocateDirect(heap.capacity());
            for (int trial = 0; trial < 5; trial++) {
                String index = trial == 0 || shape.length == 0 ? "..." : NumpyReference.randomIndex(shape, rnd);
                byte[] want = bytesOf(d.read(index));
                for (ByteBuffer into : new ByteBuffer[] {heap, direct}) {
                    into.clear();
                    while (into.hasRemaining()) into.put(JUNK);
                    into.position(5);
                    Shape got = d.readInto(index, into);
                    assertThat(got).as("%s[%s]", c.path(), index).isEqualTo(d.shapeOf(Index.parse(index)));
                    assertThat(into.position()).isEqualTo(5 + want.length);
                    byte[] all = new byte[into.capacity()];
                    into.get(0, all);
                    assertThat(Arrays.copyOfRange(all, 5, 5 + want.length)).as("%s[%s] into %s", c.path(), index, into).isEqualTo(want);
                    for (int i = 0; i < 5; i++) assertThat(all[i]).isEqualTo(JUNK);
                    for (int i = 5 + want.length; i < all.length; i++) assertThat(all[i]).isEqualTo(JUNK);
                }
            }
        }
    }

    static Stream<Fixtures.TypedCase> typed() {
        return Fixtures.typed().filter(c -> c.error() == null);
    }

    /**
     * Every type h5py writes (make_types.py): fixed-size ones (compounds, strings, enums, arrays,
     * opaque, n-bit, szip...) land in the buffer as read returns them; types whose values live
     * beside the bytes (variable-length data, references) are refused before anything is written.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("typed")
    void readsEveryFixedSizeTypeAndRefusesObjectTypes(Fixtures.TypedCase c) {
        try (H5File f = H5File.open(c.filePath())) {
            Dataset d = f.dataset(c.path());
            if (d.isNull()) return;
            NdArray all = d.read();
            ByteBuffer into = ByteBuffer.allocate(Math.toIntExact(all.nbytes() + 3));
            while (into.hasRemaining()) into.put(JUNK);
            into.position(3);
            if (d.dtype().hasObjects()) {
                assertThatThrownBy(() -> d.readInto("...", into)).as("%s", c).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("read(index)");
                assertThat(into.position()).isEqualTo(3);
                return;
            }
            d.readInto("...", into);
            byte[] got = new byte[Math.toIntExact(all.nbytes())];
            into.get(3, got);
            assertThat(got).as("%s", c).isEqualTo(bytesOf(all));
        }
    }

    private static byte[] bytesOf(NdArray a) {
        ByteBuffer b = a.buffer();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("readable")
    void refusesABufferTooSmallOrReadOnlyBeforeWriting(Fixtures.DatasetCase c) {
        try (H5File f = H5File.open(c.filePath())) {
            Dataset d = f.dataset(c.path());
            long need = d.read().nbytes();
            if (need == 0) return;
            ByteBuffer small = ByteBuffer.allocate(Math.toIntExact(need - 1));
            assertThatThrownBy(() -> d.readInto("...", small)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(need + " bytes");
            assertThat(small.position()).isZero();
            for (byte b : small.array()) assertThat(b).isZero();
            ByteBuffer readOnly = ByteBuffer.allocate(Math.toIntExact(need)).asReadOnlyBuffer();
            assertThatThrownBy(() -> d.readInto("...", readOnly)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("read-only");
        }
    }
}
