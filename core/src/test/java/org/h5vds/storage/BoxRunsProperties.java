package org.h5vds.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.h5vds.select.DimSet;
import org.h5vds.select.ProductSelection;
import org.h5vds.select.Selection;
import org.h5vds.select.SelectionPair;

/**
 * {@link BoxRuns} must pair the same source and target elements, in the same order, as visiting
 * the pair run by run: random boxes of one shape with axes of one element put in at random places
 * on either side, a source inside a larger C-order block with an origin (a chunk) and a target box
 * inside a larger array, axes strided ({@code ::2}) on either side, elements of different sizes on
 * the two sides (a conversion), and both {@code BoxRuns.copy}s against the runs; and it must
 * decline what is not two boxes of one shape.
 */
class BoxRunsProperties {

    @Property(tries = 3000)
    void boxRunsPairTheSameElementsAsTheRuns(@ForAll long seed) {
        Random rnd = new Random(seed);
        int m = rnd.nextInt(4);
        long[] sizes = new long[m];
        for (int k = 0; k < m; k++) sizes[k] = 1 + rnd.nextInt(5);
        Side a = side(rnd, sizes);
        Side b = side(rnd, sizes);
        int sourceSize = 1 << rnd.nextInt(4);
        int targetSize = rnd.nextBoolean() ? sourceSize : 1 << rnd.nextInt(4);
        // a long run of unit axes (each a block of up to 5) can make blocks no array holds: such a
        // seed tries nothing (one in a few thousand gave a block of 2^31 elements and more)
        Assume.that(blockFits(a.block) && blockFits(b.block));
        long base = rnd.nextInt(100);
        long[] origin = new long[a.block.length];
        for (int i = 0; i < origin.length; i++) origin[i] = rnd.nextInt(3);
        // a chunk's block at `origin` in the dataset's coordinates; the box lies inside it
        ProductSelection sa = a.selection(origin);
        ProductSelection sb = b.selection(new long[b.block.length]);
        SelectionPair pair = new SelectionPair(sa, sb);
        ReadTarget target = new ReadTarget(new byte[(int) (JoinedRunsProperties.count(b.block) * targetSize)], b.block, targetSize);
        JoinedRuns.SourceOffset source = c -> base + ContiguousWriter.linear(minus(c, origin), a.block) * sourceSize;

        List<long[]> expected = new ArrayList<>();
        pair.forEachRun((aStart, bStart, length) -> {
            long from = source.of(aStart);
            long to = target.byteOffset(bStart);
            for (long k = 0; k < length; k++) expected.add(new long[] {from + k * sourceSize, to + k * targetSize});
        });
        BoxRuns runs = BoxRuns.of(pair, source, sourceSize, target);
        assertThat(runs).isNotNull();
        List<long[]> got = new ArrayList<>();
        long[] visited = {0};
        runs.forEach((from, to, elements) -> {
            visited[0]++;
            assertThat(elements).isEqualTo(runs.runElements());
            for (long k = 0; k < elements; k++) got.add(new long[] {from + k * sourceSize, to + k * targetSize});
        });
        assertThat(got).containsExactlyElementsOf(expected);
        assertThat(visited[0]).isEqualTo(runs.runs());

        if (sourceSize == targetSize) {
            // copy moves each element's bytes where the runs say, and nothing else
            byte[] src = new byte[(int) (base + JoinedRunsProperties.count(a.block) * sourceSize)];
            rnd.nextBytes(src);
            byte[] want = new byte[target.data().length];
            byte[] have = new byte[target.data().length];
            for (long[] e : expected) System.arraycopy(src, (int) e[0], want, (int) e[1], sourceSize);
            long srcBase = rnd.nextInt((int) (runs.sourceStart() + 1));
            byte[] shifted = java.util.Arrays.copyOfRange(src, (int) srcBase, src.length);
            runs.copy(shifted, srcBase, have, sourceSize);
            assertThat(have).isEqualTo(want);
            // the same out of a mapping-like buffer: its span at once, and (given as longer than a
            // thread's scratch array keeps) line by line
            java.nio.ByteBuffer view = java.nio.ByteBuffer.allocateDirect(shifted.length).put(shifted).flip();
            byte[] fromView = new byte[target.data().length];
            runs.copy(view, srcBase, shifted.length, fromView, sourceSize);
            assertThat(fromView).isEqualTo(want);
            byte[] byLines = new byte[target.data().length];
            runs.copy(view, srcBase, org.h5vds.io.ScratchBuffers.MAX_KEPT + 1L, byLines, sourceSize);
            assertThat(byLines).isEqualTo(want);
        }
    }

    @Property(tries = 1000)
    void declinesWhatIsNotTwoBoxesOfOneShape(@ForAll long seed) {
        Random rnd = new Random(seed);
        int rank = 1 + rnd.nextInt(3);
        long[] dims = new long[rank];
        DimSet[] axes = new DimSet[rank];
        long[] sizes = new long[rank];
        boolean box = true;
        for (int i = 0; i < rank; i++) {
            dims[i] = 4 + rnd.nextInt(4);
            if (rnd.nextInt(3) == 0) {
                axes[i] = DimSet.of(0, 1, 3); // neither one interval nor evenly spaced members
                box = false;
            } else if (rnd.nextInt(3) == 0) {
                axes[i] = DimSet.of(0, dims[i] - 1); // evenly spaced (a stride): accepted
            } else {
                axes[i] = DimSet.interval(0, 2);
            }
            sizes[i] = axes[i].size();
        }
        long[] shape = sizes.clone();
        boolean same = true;
        if (rnd.nextBoolean() && rank > 1) {
            // the same count in another shape: [2, 2] against [4, 1]
            shape[0] = sizes[0] * sizes[1];
            shape[1] = 1;
            same = false;
        }
        SelectionPair pair = new SelectionPair(Selection.product(axes), Selection.box(new long[rank], shape));
        ReadTarget target = new ReadTarget(new byte[(int) JoinedRunsProperties.count(shape)], shape, 1);
        BoxRuns runs = BoxRuns.of(pair, c -> ContiguousWriter.linear(c, dims), 1, target);
        if (box && same) {
            assertThat(runs).isNotNull();
        } else {
            assertThat(runs).isNull();
        }
    }

    /** A box of {@code sizes} (some axes strided) with axes of one element put in, inside a larger block. */
    private record Side(long[] shape, long[] at, long[] strides, long[] block) {
        /** The box shifted by {@code origin}. */
        ProductSelection selection(long[] origin) {
            DimSet[] axes = new DimSet[shape.length];
            for (int i = 0; i < shape.length; i++) {
                axes[i] = strides[i] == 1 ? DimSet.interval(at[i] + origin[i], shape[i])
                        : DimSet.regular(at[i] + origin[i], strides[i], shape[i], 1);
            }
            return Selection.product(axes);
        }
    }

    /** Whether a block's elements, 8 bytes each at most, fit a small array (counted without overflowing). */
    private static boolean blockFits(long[] block) {
        long n = 1;
        for (long s : block) {
            n *= s;
            if (n > 1 << 20) return false;
        }
        return true;
    }

    private static Side side(Random rnd, long[] sizes) {
        List<Long> shape = new ArrayList<>();
        for (long s : sizes) {
            while (rnd.nextInt(3) == 0) shape.add(1L);
            shape.add(s);
        }
        while (rnd.nextInt(3) == 0) shape.add(1L);
        int r = shape.size();
        long[] sh = new long[r];
        long[] at = new long[r];
        long[] strides = new long[r];
        long[] block = new long[r];
        for (int i = 0; i < r; i++) {
            sh[i] = shape.get(i);
            at[i] = rnd.nextInt(3);
            strides[i] = sh[i] > 1 && rnd.nextInt(3) == 0 ? 2 + rnd.nextInt(2) : 1;
            block[i] = at[i] + (sh[i] - 1) * strides[i] + 1 + (rnd.nextBoolean() ? 0 : rnd.nextInt(3));
        }
        return new Side(sh, at, strides, block);
    }

    private static long[] plus(long[] x, long[] y) {
        long[] z = x.clone();
        for (int i = 0; i < z.length; i++) z[i] += y[i];
        return z;
    }

    private static long[] minus(long[] x, long[] y) {
        long[] z = x.clone();
        for (int i = 0; i < z.length; i++) z[i] -= y[i];
        return z;
    }
}
