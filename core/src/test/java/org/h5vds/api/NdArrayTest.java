package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ReadOnlyBufferException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.h5vds.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NdArrayTest {
    @TempDir
    Path tmp;

    @Test
    void factoriesKeepValuesShapeAndDtype() {
        NdArray a = NdArray.of(new int[]{1, 2, 3, 4, 5, 6}, 2, 3);
        assertThat(a.dtype()).isEqualTo(DType.INT32);
        assertThat(a.shape()).containsExactly(2, 3);
        assertThat(a.rank()).isEqualTo(2);
        assertThat(a.size()).isEqualTo(6);
        assertThat(a.nbytes()).isEqualTo(24);
        assertThat(a.toIntArray()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(a.getLong(1, 2)).isEqualTo(6);
        assertThat(a.getLong(-1, -3)).isEqualTo(4);
        assertThat(NdArray.of(new double[]{1.5, 2}).shape()).containsExactly(2);
        assertThat(NdArray.of(new byte[]{1}).dtype()).isEqualTo(DType.INT8);
        assertThat(NdArray.of(new short[]{1}).dtype()).isEqualTo(DType.INT16);
        assertThat(NdArray.of(new long[]{1}).dtype()).isEqualTo(DType.INT64);
        assertThat(NdArray.of(new float[]{1}).dtype()).isEqualTo(DType.FLOAT32);
        assertThat(NdArray.of(new boolean[]{true, false}).toByteArray()).containsExactly(1, 0);
        assertThat(NdArray.ofUnsigned(new byte[]{-1}).dtype()).isEqualTo(DType.UINT8);
        assertThat(NdArray.ofUnsigned(new short[]{-1}).getLong(0)).isEqualTo(65535);
        assertThat(NdArray.ofUnsigned(new int[]{-1}).getLong(0)).isEqualTo(4294967295L);
        assertThat(NdArray.ofUnsigned(new long[]{-1}).getDouble(0)).isEqualTo(18446744073709551615.0);
        assertThat(NdArray.ofComplex(new double[]{1, 2, 3, 4}).shape()).containsExactly(2);
    }

    @Test
    void factoriesCopyTheirInput() {
        int[] data = {1, 2, 3};
        NdArray a = NdArray.of(data);
        data[0] = 99;
        assertThat(a.getLong(0)).isEqualTo(1);
        a.shape()[0] = 7;
        assertThat(a.shape()).containsExactly(3);
        assertThatThrownBy(() -> a.buffer().put(0, (byte) 1)).isInstanceOf(ReadOnlyBufferException.class);
    }

    @Test
    void shapeMustMatchTheData() {
        assertThatThrownBy(() -> NdArray.of(new int[]{1, 2, 3}, 2, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(2, 2)").hasMessageContaining("3 were given");
        assertThatThrownBy(() -> NdArray.wrap(ByteBuffer.allocate(7), DType.INT32, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs 8 bytes");
        assertThatThrownBy(() -> NdArray.zeros(DType.INT8, 2, -1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("axis 1");
    }

    @Test
    void arraysBeyondTwoGigabytesAreRefusedBeforeAllocating() {
        assertThatThrownBy(() -> NdArray.zeros(DType.INT64, 1L << 28)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2^31-1 byte limit");
        assertThatThrownBy(() -> NdArray.zeros(DType.INT8, 1L << 40, 1L << 40)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2^31-1 byte limit");
    }

    @Test
    void wrapSharesBytesInTheDtypeOrder() {
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putInt(1).putInt(-2).flip();
        NdArray a = NdArray.wrap(b, DType.INT32.bigEndian(), 2);
        assertThat(a.toIntArray()).containsExactly(1, -2);
        assertThat(a.buffer().order()).isEqualTo(ByteOrder.BIG_ENDIAN);
        assertThat(a.buffer().position()).isZero();
        assertThat(a.withOrder(ByteOrder.LITTLE_ENDIAN).toIntArray()).containsExactly(1, -2);
        assertThat(a.withOrder(ByteOrder.LITTLE_ENDIAN).buffer().get(0)).isEqualTo((byte) 1);
        assertThat(a.withOrder(ByteOrder.BIG_ENDIAN)).isSameAs(a);
    }

    @Test
    void zerosFullAndScalar() {
        assertThat(NdArray.zeros(DType.FLOAT32, 2, 2).toFloatArray()).containsExactly(0, 0, 0, 0);
        assertThat(NdArray.full(DType.INT16.bigEndian(), 300, 3).toShortArray()).containsExactly(300, 300, 300);
        assertThat(NdArray.full(DType.UINT64, new BigInteger("18446744073709551615"), 1).toLongArray()).containsExactly(-1L);
        assertThat(NdArray.full(DType.FLOAT16, 0.1, 1).getDouble(0)).isEqualTo(0.0999755859375);
        assertThat(NdArray.full(DType.COMPLEX64, 2.5, 1).toFloatArray()).containsExactly(2.5f, 0f);
        assertThat(NdArray.full(DType.BOOL, 1, 2).toByteArray()).containsExactly(1, 1);
        NdArray s = NdArray.scalar(DType.FLOAT64, 4.25);
        assertThat(s.rank()).isZero();
        assertThat(s.size()).isEqualTo(1);
        assertThat(s.getDouble()).isEqualTo(4.25);
        assertThatThrownBy(() -> NdArray.full(DType.UINT8, 256, 1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[0, 255]");
        assertThatThrownBy(() -> NdArray.full(DType.INT8, -129, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NdArray.full(DType.INT32, 1.5, 1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an integer");
        assertThatThrownBy(() -> NdArray.full(DType.UINT32, -1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NdArray.full(DType.BOOL, 2, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(NdArray.full(DType.INT32, 7.0, 1).getLong(0)).isEqualTo(7);
    }

    @Test
    void widensEveryTypeExactly() {
        NdArray u8 = NdArray.ofUnsigned(new byte[]{(byte) 200, 1});
        assertThat(u8.toShortArray()).containsExactly(200, 1);
        assertThat(u8.toIntArray()).containsExactly(200, 1);
        assertThat(u8.toLongArray()).containsExactly(200, 1);
        assertThat(u8.toDoubleArray()).containsExactly(200, 1);
        assertThat(u8.toFloatArray()).containsExactly(200, 1);
        NdArray u32 = NdArray.ofUnsigned(new int[]{-1});
        assertThat(u32.toLongArray()).containsExactly(4294967295L);
        assertThat(u32.toDoubleArray()).containsExactly(4294967295.0);
        NdArray i16 = NdArray.of(new short[]{-32768, 5});
        assertThat(i16.toIntArray()).containsExactly(-32768, 5);
        assertThat(i16.toDoubleArray()).containsExactly(-32768, 5);
        NdArray f32 = NdArray.of(new float[]{0.1f});
        assertThat(f32.toDoubleArray()).containsExactly((double) 0.1f);
    }

    @Test
    void sameWidthUnsignedGivesBitPatterns() {
        byte[] raw = {(byte) 200, (byte) 255, 0};
        assertThat(NdArray.ofUnsigned(raw).toByteArray()).containsExactly(raw);
        assertThat(NdArray.ofUnsigned(new short[]{-2}).toShortArray()).containsExactly((short) -2);
        assertThat(NdArray.ofUnsigned(new int[]{-3}).toIntArray()).containsExactly(-3);
        assertThat(NdArray.ofUnsigned(new long[]{-4}).toLongArray()).containsExactly(-4L);
        assertThat(NdArray.ofUnsigned(new long[]{-4}).getLong(0)).isEqualTo(-4L);
    }

    @Test
    void narrowingIsExactOrRefusedNamingTheElement() {
        assertThat(NdArray.of(new long[]{1, -2, 127}).toByteArray()).containsExactly(1, -2, 127);
        assertThatThrownBy(() -> NdArray.of(new long[]{1, 2, 3, 128}, 2, 2).toByteArray()).isInstanceOf(ArithmeticException.class)
                .hasMessageContaining("element [1, 1]").hasMessageContaining("128").hasMessageContaining("int8");
        assertThat(NdArray.of(new double[]{3, -4}).toIntArray()).containsExactly(3, -4);
        assertThatThrownBy(() -> NdArray.of(new double[]{3.5}).toIntArray()).isInstanceOf(ArithmeticException.class).hasMessageContaining("3.5");
        assertThatThrownBy(() -> NdArray.of(new double[]{Double.NaN}).toLongArray()).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> NdArray.of(new double[]{0x1p63}).toLongArray()).isInstanceOf(ArithmeticException.class);
        assertThat(NdArray.of(new double[]{-0x1p63}).toLongArray()).containsExactly(Long.MIN_VALUE);
        assertThatThrownBy(() -> NdArray.ofUnsigned(new long[]{-1}).toIntArray()).isInstanceOf(ArithmeticException.class)
                .hasMessageContaining("18446744073709551615");
        assertThat(NdArray.ofUnsigned(new int[]{-1}).toIntArray()).containsExactly(-1);
        assertThatThrownBy(() -> NdArray.ofUnsigned(new short[]{-1}).toByteArray()).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> NdArray.ofComplex(new double[]{1, 0}).toIntArray()).isInstanceOf(ArithmeticException.class)
                .hasMessageContaining("complex128");
        assertThat(NdArray.of(new boolean[]{true, false}).toLongArray()).containsExactly(1, 0);
    }

    @Test
    void floatingResultsRoundToNearest() {
        assertThat(NdArray.of(new double[]{0.1}).toFloatArray()).containsExactly(0.1f);
        long big = (1L << 53) + 1;
        assertThat(NdArray.of(new long[]{big}).toDoubleArray()).containsExactly((double) big);
        assertThat(NdArray.of(new long[]{big}).toFloatArray()).containsExactly((float) big);
        Random r = new Random(7);
        for (int k = 0; k < 2000; k++) {
            long bits = r.nextLong() | (k % 2 == 0 ? Long.MIN_VALUE : 0);
            BigDecimal exact = new BigDecimal(new BigInteger(Long.toUnsignedString(bits)));
            NdArray u = NdArray.ofUnsigned(new long[]{bits});
            assertThat(u.toDoubleArray()[0]).as("uint64 %s", Long.toUnsignedString(bits)).isEqualTo(exact.doubleValue());
            assertThat(u.toFloatArray()[0]).as("uint64 %s", Long.toUnsignedString(bits)).isEqualTo(exact.floatValue());
        }
    }

    @Test
    void complexCopiesInterleaveRealAndImaginary() {
        NdArray c = NdArray.ofComplex(new float[]{1, 2, 3, 4});
        assertThat(c.size()).isEqualTo(2);
        assertThat(c.toDoubleArray()).containsExactly(1, 2, 3, 4);
        assertThat(NdArray.ofComplex(new double[]{1.5, -2}).toFloatArray()).containsExactly(1.5f, -2f);
        assertThatThrownBy(() -> c.getDouble(0)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> NdArray.ofComplex(new double[]{1})).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void indexErrorsNameTheAxis() {
        NdArray a = NdArray.zeros(DType.INT8, 2, 3);
        assertThatThrownBy(() -> a.getLong(0, 3)).isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("axis 1 with size 3");
        assertThatThrownBy(() -> a.getLong(-3, 0)).isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("axis 0");
        assertThatThrownBy(() -> a.getLong(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rank 2");
    }

    @Test
    void reshapeKeepsElementsAndInfersOneAxis() {
        NdArray a = NdArray.of(new int[]{0, 1, 2, 3, 4, 5});
        assertThat(a.reshape(2, 3).getLong(1, 0)).isEqualTo(3);
        assertThat(a.reshape(3, -1).shape()).containsExactly(3, 2);
        assertThat(NdArray.of(new int[]{4}).reshape().rank()).isZero();
        assertThatThrownBy(() -> a.reshape(4, 2)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("size 6");
        assertThatThrownBy(() -> a.reshape(-1, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> a.reshape(4, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void equalityIsDtypeShapeAndBytes() {
        NdArray a = NdArray.of(new int[]{1, 2, 3, 4}, 2, 2);
        assertThat(a).isEqualTo(NdArray.of(new int[]{1, 2, 3, 4}, 2, 2)).hasSameHashCodeAs(NdArray.of(new int[]{1, 2, 3, 4}, 2, 2));
        assertThat(a).isNotEqualTo(NdArray.of(new int[]{1, 2, 3, 4}, 4));
        assertThat(a).isNotEqualTo(NdArray.ofUnsigned(new int[]{1, 2, 3, 4}, 2, 2));
        assertThat(a).isNotEqualTo(a.withOrder(ByteOrder.BIG_ENDIAN));
        assertThat(a).isNotEqualTo(NdArray.of(new int[]{1, 2, 3, 5}, 2, 2));
    }

    @Test
    void float16DecodesEveryBitPatternAsNumpyDoes() throws Exception {
        Path f = tmp.resolve("halves.npy");
        Python.run("""
                import sys, numpy as np
                np.save(sys.argv[1], np.arange(65536, dtype=np.uint16).view(np.float16).astype(np.float64))
                """, f);
        double[] expected = Npy.read(f).toDoubleArray();
        for (int bits = 0; bits < 65536; bits++) {
            double got = Float16.toDouble((short) bits);
            if (Double.isNaN(expected[bits])) {
                assertThat(got).as("bits %04x", bits).isNaN();
            } else {
                assertThat(Double.doubleToRawLongBits(got)).as("bits %04x", bits).isEqualTo(Double.doubleToRawLongBits(expected[bits]));
            }
        }
    }

    @Test
    void float16EncodesLikeNumpyRoundingToNearestEven() throws Exception {
        Random r = new Random(11);
        List<Double> values = new ArrayList<>(List.of(0.0, -0.0, 65504.0, 65519.99, 65520.0, 1e9, -1e9, 5.96e-8, 2.98e-8, 2.9802322387695312e-08,
                2.98023223876953125e-8, 6.1e-5, 6.103515625e-05, 1.0009765625, 1.00048828125, 1.000732421875, Double.MIN_VALUE,
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.1, 1 / 3.0));
        for (int k = 0; k < 20000; k++) {
            double scale = Math.scalb(1.0, r.nextInt(48) - 30);
            values.add((r.nextDouble() - 0.5) * scale);
        }
        for (int bits = 0; bits < 0x7c00; bits += 7) {     // exact midpoints between neighbours
            double lo = Float16.toDouble((short) bits);
            double hi = Float16.toDouble((short) (bits + 1));
            values.add((lo + hi) / 2);
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        Path in = tmp.resolve("in.npy");
        Path out = tmp.resolve("out.npy");
        Npy.write(in, NdArray.of(v));
        Python.run("""
                import sys, numpy as np
                np.save(sys.argv[2], np.load(sys.argv[1]).astype(np.float16).view(np.uint16))
                """, in, out);
        short[] expected = Npy.read(out).toShortArray();
        for (int k = 0; k < v.length; k++) {
            assertThat(Float16.fromDouble(v[k])).as("float16(%s)", v[k]).isEqualTo(expected[k]);
        }
        assertThat(Float16.fromDouble(Double.NaN) & 0x7c00).isEqualTo(0x7c00);
    }

    @Test
    void printsLikeNumpyStr() throws Exception {
        List<NdArray> arrays = List.of(
                NdArray.of(new int[]{1, 2, 3, 4, 5, 6}, 2, 3),
                NdArray.of(new double[]{1.0, 2.5}),
                NdArray.of(new double[]{-1.5, 2.25}),
                NdArray.of(new double[]{1e-5, 1.0}),
                NdArray.of(new double[]{1e-5, 1.5}),
                NdArray.of(new double[]{1 / 3.0, Double.NaN, Double.NEGATIVE_INFINITY}),
                NdArray.of(new double[]{1e20, 1.0, -3}),
                NdArray.of(new double[]{0.1, 0.2, 0.30000000000000004}),
                NdArray.of(new float[]{0.1f, 123.456f, -7f}),
                NdArray.full(DType.FLOAT16, 0.1, 3),
                NdArray.ofComplex(new double[]{1, 2, 3.5, -4}),
                NdArray.ofComplex(new float[]{1, 0, 0, -1e-6f}),
                NdArray.of(new boolean[]{true, false}),
                NdArray.scalar(DType.BOOL, 1),
                NdArray.scalar(DType.FLOAT64, 1.0),
                NdArray.scalar(DType.FLOAT64, 1e16),
                NdArray.scalar(DType.FLOAT32, 0.1),
                NdArray.scalar(DType.INT32, -5),
                NdArray.scalar(DType.UINT64, new BigInteger("18446744073709551615")),
                NdArray.scalar(DType.COMPLEX128, 2),
                NdArray.of(arange(2000), 2, 1000),
                NdArray.of(arange(40), 2, 2, 10),
                NdArray.of(multiply(arange(30), 1_000_000)),
                NdArray.of(arange(2002), 1001, 2),
                NdArray.of(arange(3000), 10, 10, 30),
                NdArray.zeros(DType.FLOAT64, 2, 0),
                NdArray.zeros(DType.INT8, 0),
                NdArray.ofUnsigned(new long[]{-1, 0}),
                NdArray.of(new byte[]{-128, 127}),
                NdArray.of(new double[]{Double.NaN, Double.POSITIVE_INFINITY}),
                NdArray.of(new double[]{-0.0, 0.0}),
                NdArray.of(randomDoubles(50), 5, 10),
                NdArray.of(new double[]{1e-300, 1e300}),
                NdArray.of(new double[]{123456789.0, 0.5}),
                NdArray.wrap(ByteBuffer.wrap(new byte[]{(byte) 0xFF, 0x0A, 'a', (byte) 0xBC}), DType.opaque(2), 2),
                NdArray.wrap(ByteBuffer.wrap(new byte[]{(byte) 0xAB, 0x7F, 0x1F}), DType.opaque(3)));
        List<Object> files = new ArrayList<>();
        for (int k = 0; k < arrays.size(); k++) {
            Path f = tmp.resolve("a" + k + ".npy");
            Npy.write(f, arrays.get(k));
            files.add(f);
        }
        String out = Python.run("""
                import sys, json, numpy as np
                print(json.dumps([str(np.load(f)) for f in sys.argv[1:]]))
                """, files.toArray());
        List<String> expected = List.of(new com.fasterxml.jackson.databind.ObjectMapper().readValue(out, String[].class));
        for (int k = 0; k < arrays.size(); k++) {
            assertThat(arrays.get(k).toString()).as("array %d", k).isEqualTo(expected.get(k));
        }
    }

    /**
     * Sequences print as NumPy prints an object array of arrays, each by repr(): elements wrapped as
     * if a comma ended the last one, the dtype on that line when it fits and on a line of its own
     * otherwise (numpy's _array_repr_implementation).
     */
    @Test
    void printsSequencesLikeNumpyStr() {
        int[] lengths = {0, 12, 13, 14, 15, 16, 17, 30, 31};
        List<NdArray> seqs = new ArrayList<>();
        for (int n : lengths) {
            short[] v = new short[n];
            for (int i = 0; i < n; i++) v[i] = (short) i;
            seqs.add(NdArray.of(v));
        }
        List<Object> args = new ArrayList<>();
        for (int n : lengths) args.add(n);
        String expected = Python.run("""
                import sys, numpy as np
                a = np.empty(len(sys.argv) - 1, dtype=object)
                for i, n in enumerate(sys.argv[1:]):
                    a[i] = np.arange(int(n), dtype='int16')
                print(str(a), end='')
                """, args.toArray());
        assertThat(NdArray.ofObjects(DType.sequence(DType.INT16), seqs).toString()).isEqualTo(expected);
    }

    private static int[] arange(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) a[i] = i;
        return a;
    }

    private static long[] multiply(int[] a, long f) {
        long[] out = new long[a.length];
        for (int i = 0; i < a.length; i++) out[i] = a[i] * f;
        return out;
    }

    private static double[] randomDoubles(int n) {
        Random r = new Random(3);
        double[] d = new double[n];
        for (int i = 0; i < n; i++) d[i] = r.nextGaussian() * 10;
        return d;
    }

    /** field() copies each member's bytes, whatever its size and alignment (8 and 4 bytes take a shortcut), from arrays and direct buffers alike. */
    @Test
    void fieldsCopyEachMembersBytes() {
        DType dt = DType.compound(List.of(new DType.Field("a", 0, DType.parse("<f8")), new DType.Field("b", 8, DType.parse("<i4")),
                new DType.Field("c", 12, DType.parse("<u2")), new DType.Field("d", 14, DType.parse("S3")),
                new DType.Field("e", 17, DType.parse("<i8")), new DType.Field("f", 25, DType.parse("<i4"))), 31);
        int n = 9;
        byte[] raw = new byte[n * 31];
        new Random(3).nextBytes(raw);
        ByteBuffer direct = ByteBuffer.allocateDirect(raw.length).put(raw).flip();
        for (NdArray a : List.of(NdArray.internal(dt, new long[] {3, 3}, ByteBuffer.wrap(raw), null),
                NdArray.internal(dt, new long[] {3, 3}, direct, null))) {
            for (DType.Field f : dt.fields()) {
                NdArray got = a.field(f.name());
                assertThat(got.shape()).containsExactly(3, 3);
                ByteBuffer b = got.buffer();
                for (int i = 0; i < n; i++) {
                    for (int k = 0; k < f.dtype().size(); k++) {
                        assertThat(b.get(i * f.dtype().size() + k)).as("%s[%d] byte %d", f.name(), i, k).isEqualTo(raw[i * 31 + (int) f.offset() + k]);
                    }
                }
            }
        }
    }
}
