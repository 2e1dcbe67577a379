package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code layout.set(Index.of(Index.at(i), Index.at(j)), src.slice(Index.of(Index.at(k))))}, one
 * element to one element by integers, is stored without resolving either index or making selection
 * objects (a loop of 100,000 of them is a program's whole first run): it must give what the same
 * mapping written as text gives, which goes the general way — the same mappings, the same file,
 * byte for byte, and for anything out of range or not allowed the same exception and message.
 */
class ElementMappingsTest {
    @TempDir
    Path dir;

    @Test
    void integerIndexesMapWhatTheSameIndexesAsTextMap() {
        Random rnd = new Random(5);
        for (int round = 0; round < 200; round++) {
            Shape shape = rnd.nextBoolean() ? Shape.of(2 + rnd.nextInt(4), 1 + rnd.nextInt(5)) : Shape.of(1 + rnd.nextInt(6));
            Shape sourceShape = rnd.nextBoolean() ? Shape.of(1 + rnd.nextInt(9)) : Shape.of(1 + rnd.nextInt(3), 1 + rnd.nextInt(3), 2);
            String file = switch (rnd.nextInt(4)) {
                case 0 -> "a.h5";
                case 1 -> ".";
                case 2 -> "p%%.h5";
                default -> "run_%b.h5";                                       // printf: refused for a bounded mapping
            };
            VirtualSource src = new VirtualSource(file, "data", sourceShape);
            VirtualLayout byItems = new VirtualLayout(shape, DType.INT32);
            VirtualLayout byText = new VirtualLayout(shape, DType.INT32);
            for (int m = 0; m < 6; m++) {
                // positions mostly inside, now and then negative (counted from the end) or outside; now and then one too many
                long[] key = positions(rnd, shape.rank() + (rnd.nextInt(15) == 0 ? 1 : 0), shape);
                long[] from = positions(rnd, sourceShape.rank(), sourceShape);
                String a = outcome(() -> byItems.set(Index.of(items(key)), src.slice(Index.of(items(from)))));
                String b = outcome(() -> byText.set(text(key), src.slice(text(from))));
                assertThat(a).as("round %d: layout%s = %s%s", round, java.util.Arrays.toString(key), file, java.util.Arrays.toString(from)).isEqualTo(b);
            }
            assertThat(byItems.mappings()).isEqualTo(byText.mappings());
            assertThat(byItems.size()).isEqualTo(byText.size());
        }
    }

    @Test
    void theFileIsTheSameByteForByte() throws Exception {
        int n = 600;
        Path items = dir.resolve("items.h5");
        Path text = dir.resolve("text.h5");
        for (Path out : List.of(items, text)) {
            VirtualLayout layout = new VirtualLayout(Shape.of(n / 20, 20), DType.INT32);
            VirtualSource src = new VirtualSource(".", "src", Shape.of(n));
            for (int k = 0; k < n; k++) {
                if (out == items) layout.set(Index.of(Index.at(k / 20), Index.at(k % 20 - 20)), src.slice(Index.of(Index.at(n - 1 - k))));
                else layout.set((k / 20) + ", " + (k % 20 - 20), src.slice(Integer.toString(n - 1 - k)));
            }
            int[] values = new int[n];
            for (int k = 0; k < n; k++) values[k] = 7 * k;
            try (H5File f = H5File.create(out)) {
                f.createDataset("src", NdArray.of(values, n));
                f.createVirtualDataset("v", layout);
            }
        }
        assertThat(Files.readAllBytes(items)).isEqualTo(Files.readAllBytes(text));
        try (H5File f = H5File.open(items)) {
            assertThat(f.dataset("v").read(Index.of(Index.at(-1), Index.at(-1))).toString()).contains(Integer.toString(7 * 0));
            assertThat(f.dataset("v").read("3, 4").toString()).contains(Integer.toString(7 * (n - 1 - 64)));
        }
    }

    @Test
    void anIntegerIndexReadsAndPrintsAsItsText() {
        Index i = Index.of(Index.at(3), Index.at(-1));
        assertThat(i.toString()).isEqualTo(Index.parse("3, -1").toString());
        assertThat(i.expression().items()).isEqualTo(Index.parse("3, -1").expression().items());
        VirtualSource s = new VirtualSource("a.h5", "d", Shape.of(4, 5)).slice(i);
        assertThat(s.isSliced()).isTrue();
        assertThat(s.shape()).isEqualTo(Shape.SCALAR);
        assertThat(s.selection()).isEqualTo(new VirtualSource("a.h5", "d", Shape.of(4, 5)).slice("3, -1").selection());
        assertThat(s.toString()).isEqualTo("a.h5:d[3, -1]");
    }

    private static long[] positions(Random rnd, int rank, Shape shape) {
        long[] p = new long[rank];
        for (int d = 0; d < rank; d++) {
            long len = d < shape.rank() ? shape.get(d) : 3;
            int r = rnd.nextInt(12);
            p[d] = r == 0 ? len : r == 1 ? -len - 1 : r < 4 ? -1 - rnd.nextInt((int) len) : rnd.nextInt((int) len);
        }
        return p;
    }

    private static Index.Item[] items(long[] positions) {
        Index.Item[] out = new Index.Item[positions.length];
        for (int d = 0; d < positions.length; d++) out[d] = Index.at(positions[d]);
        return out;
    }

    private static String text(long[] positions) {
        List<String> parts = new ArrayList<>();
        for (long p : positions) parts.add(Long.toString(p));
        return String.join(", ", parts);
    }

    /** "ok", or the exception's class and message (the mapping is added, or refused alike). */
    private static String outcome(Runnable r) {
        try {
            r.run();
            return "ok";
        } catch (RuntimeException e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }
}
