package org.h5vds.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.h5vds.select.DimSet;
import org.h5vds.select.ProductSelection;
import org.h5vds.select.Selection;
import org.h5vds.select.SelectionPair;

/**
 * {@link JoinedRuns} must pair the same source and target bytes as visiting the pair run by run,
 * whether it joins the runs one by one or finds the whole pair to be one run: random products
 * (whole axes, intervals, scattered members) in a random C-order source, read into a dense target
 * of their own shape or into a box of a larger one.
 */
class JoinedRunsProperties {

    @Property(tries = 2000)
    void joinedRunsPairTheSameBytesAsTheRuns(@ForAll long seed) {
        Random rnd = new Random(seed);
        int rank = 1 + rnd.nextInt(3);
        int elementSize = 1 << rnd.nextInt(4);
        long[] dims = new long[rank];
        DimSet[] axes = new DimSet[rank];
        long[] sizes = new long[rank];
        for (int i = 0; i < rank; i++) {
            dims[i] = 1 + rnd.nextInt(6);
            axes[i] = randomSubset(rnd, dims[i]);
            sizes[i] = axes[i].size();
        }
        ProductSelection a = Selection.product(axes);
        // the target: the selection's own shape, or a box of the same sizes inside a larger array
        long[] memShape = sizes.clone();
        long[] at = new long[rank];
        if (rnd.nextBoolean()) {
            for (int i = 0; i < rank; i++) {
                at[i] = rnd.nextInt(3);
                memShape[i] = sizes[i] + at[i] + rnd.nextInt(3);
            }
        }
        ProductSelection b = Selection.box(at, sizes);
        SelectionPair pair = new SelectionPair(a, b);
        ReadTarget target = new ReadTarget(new byte[(int) (count(memShape) * elementSize)], memShape, elementSize);
        JoinedRuns.SourceOffset source = c -> ContiguousWriter.linear(c, dims) * elementSize;

        List<long[]> expected = new ArrayList<>();
        pair.forEachRun((aStart, bStart, length) -> {
            long from = source.of(aStart);
            long to = target.byteOffset(bStart);
            for (long k = 0; k < length * elementSize; k++) expected.add(new long[] {from + k, to + k});
        });
        JoinedRuns runs = JoinedRuns.of(pair, source, target, elementSize);
        if (runs == null) return; // more than JoinedRuns.MAX runs: callers copy run by run
        List<long[]> got = new ArrayList<>();
        for (int r = 0; r < runs.count(); r++) {
            for (long k = 0; k < runs.length(r); k++) got.add(new long[] {runs.source(r) + k, runs.target(r) + k});
        }
        assertThat(got).containsExactlyElementsOf(expected);
        assertThat(runs.bytes()).isEqualTo(pair.count() * elementSize);
    }

    private static DimSet randomSubset(Random rnd, long n) {
        switch (rnd.nextInt(3)) {
            case 0:
                return DimSet.interval(0, n);
            case 1: {
                long start = rnd.nextInt((int) n);
                return DimSet.interval(start, 1 + rnd.nextInt((int) (n - start)));
            }
            default: {
                List<Long> members = new ArrayList<>();
                for (long i = 0; i < n; i++) if (rnd.nextInt(3) > 0) members.add(i);
                if (members.isEmpty()) members.add((long) rnd.nextInt((int) n));
                return DimSet.of(members.stream().mapToLong(Long::longValue).toArray());
            }
        }
    }

    static long count(long[] shape) {
        long n = 1;
        for (long s : shape) n *= s;
        return n;
    }
}
