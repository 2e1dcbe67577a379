package org.h5vds.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Independent reference implementations for tests: NumPy basic indexing done the obvious way
 * (per-axis position lists, element by element), and arrays built from JSON values.
 */
final class NumpyReference {
    private NumpyReference() {
    }

    /** One axis of a generated index: its text and the positions it selects (null for an integer). */
    private record Axis(String text, long[] positions, boolean dropped) {
    }

    /** A random NumPy basic index for {@code shape}: integers (negative too), slices with steps, ellipsis. */
    static String randomIndex(long[] shape, Random rnd) {
        List<String> parts = new ArrayList<>();
        for (Axis a : randomAxes(shape, rnd)) parts.add(a.text);
        return String.join(", ", parts);
    }

    private static List<Axis> randomAxes(long[] shape, Random rnd) {
        List<Axis> axes = new ArrayList<>();
        for (long n : shape) axes.add(randomAxis(n, rnd));
        return axes;
    }

    private static Axis randomAxis(long n, Random rnd) {
        int kind = rnd.nextInt(4);
        if (kind == 0 && n > 0) {
            long i = rnd.nextLong(n);
            boolean negative = rnd.nextBoolean();
            return new Axis(String.valueOf(negative ? i - n : i), new long[] {i}, true);
        }
        if (kind == 1) return new Axis(":", range(0, n, 1), false);
        long start = n == 0 ? 0 : rnd.nextLong(n + 1);
        long stop = start + (n == 0 ? 0 : rnd.nextLong(n - start + 1));
        long step = 1 + rnd.nextInt(3);
        boolean negStart = rnd.nextBoolean() && start > 0;
        String text = (negStart ? String.valueOf(start - n) : String.valueOf(start)) + ":" + stop + (step > 1 ? ":" + step : "");
        return new Axis(text, range(start, stop, step), false);
    }

    private static long[] range(long start, long stop, long step) {
        List<Long> out = new ArrayList<>();
        for (long i = start; i < stop; i += step) out.add(i);
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    /** The elements {@code index} (as produced by {@link #randomIndex}) selects from {@code a}. */
    static NdArray select(NdArray a, String index) {
        long[] shape = a.shape();
        String[] parts = index.split(",");
        long[][] pos = new long[shape.length][];
        List<Long> outShape = new ArrayList<>();
        for (int d = 0; d < shape.length; d++) {
            String p = parts[d].trim();
            long n = shape[d];
            if (!p.contains(":")) {
                long i = Long.parseLong(p);
                pos[d] = new long[] {i < 0 ? i + n : i};
                continue;
            }
            String[] s = p.split(":", -1);
            long start = s[0].isEmpty() ? 0 : Long.parseLong(s[0]);
            if (start < 0) start += n;
            long stop = s[1].isEmpty() ? n : Long.parseLong(s[1]);
            long step = s.length > 2 && !s[2].isEmpty() ? Long.parseLong(s[2]) : 1;
            pos[d] = range(start, Math.min(stop, n), step);
            outShape.add((long) pos[d].length);
        }
        int size = a.dtype().size();
        long count = 1;
        for (long[] p : pos) count *= p.length;
        byte[] out = new byte[(int) (count * size)];
        ByteBuffer src = a.buffer();
        long[] strides = new long[shape.length];
        long s = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            strides[d] = s;
            s *= shape[d];
        }
        int[] cur = new int[shape.length];
        for (long e = 0; e < count; e++) {
            long off = 0;
            for (int d = 0; d < shape.length; d++) off += pos[d][cur[d]] * strides[d];
            src.get((int) (off * size), out, (int) (e * size), size);
            for (int d = shape.length - 1; d >= 0; d--) {
                if (++cur[d] < pos[d].length) break;
                cur[d] = 0;
            }
        }
        return NdArray.wrap(ByteBuffer.wrap(out).order(a.dtype().order()), a.dtype(), outShape.stream().mapToLong(Long::longValue).toArray());
    }

    /** An array of {@code dtype} and {@code shape} from a JSON scalar or nested list (complex as [re, im]). */
    static NdArray fromJson(JsonNode value, DType dtype, long[] shape) {
        List<JsonNode> flat = new ArrayList<>();
        flatten(value, dtype, flat);
        int n = dtype.size();
        ByteBuffer b = ByteBuffer.allocate(flat.size() * n).order(dtype.order());
        for (JsonNode v : flat) {
            switch (dtype.kind()) {
                case BOOL -> b.put((byte) (v.asBoolean() ? 1 : 0));
                case INT, UINT -> {
                    BigInteger x = v.bigIntegerValue();
                    long bits = x.longValue();
                    switch (n) {
                        case 1 -> b.put((byte) bits);
                        case 2 -> b.putShort((short) bits);
                        case 4 -> b.putInt((int) bits);
                        default -> b.putLong(bits);
                    }
                }
                case FLOAT -> {
                    double x = v.isTextual() ? Double.parseDouble(v.asText().replace("inf", "Infinity")) : v.asDouble();
                    if (n == 2) b.putShort(Float16.fromDouble(x));
                    else if (n == 4) b.putFloat((float) x);
                    else b.putDouble(x);
                }
                case COMPLEX -> {
                    if (n == 8) {
                        b.putFloat((float) v.get(0).asDouble()).putFloat((float) v.get(1).asDouble());
                    } else {
                        b.putDouble(v.get(0).asDouble()).putDouble(v.get(1).asDouble());
                    }
                }
            }
        }
        b.flip();
        return NdArray.wrap(b, dtype, shape);
    }

    private static void flatten(JsonNode v, DType dtype, List<JsonNode> out) {
        boolean complexLeaf = dtype.kind() == DType.Kind.COMPLEX && v.isArray() && v.size() == 2 && v.get(0).isNumber();
        if (v.isArray() && !complexLeaf) {
            for (JsonNode x : v) flatten(x, dtype, out);
        } else {
            out.add(v);
        }
    }
}
