package org.h5vds.select;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

/** A DimSet with its members listed independently (by loops over the parameters), for brute-force checks. */
record DimCase(DimSet set, long[] members, String how) {

    @Override
    public String toString() {
        return how + " = " + set;
    }

    static DimCase of(DimSet set, TreeSet<Long> members, String how) {
        long[] m = new long[members.size()];
        int k = 0;
        for (long x : members) m[k++] = x;
        return new DimCase(set, m, how);
    }

    static TreeSet<Long> regularMembers(long start, long stride, long count, long block) {
        TreeSet<Long> m = new TreeSet<>();
        for (long j = 0; j < count; j++) for (long b = 0; b < block; b++) m.add(start + j * stride + b);
        return m;
    }

    /** A random set over roughly [0, 80): regular, interval, clipped regular, explicit list or empty. */
    static DimCase random(Random rnd) {
        int kind = rnd.nextInt(10);
        if (kind <= 3) {
            long stride = 1 + rnd.nextInt(9);
            long block = 1 + rnd.nextInt((int) stride);
            long count = 1 + rnd.nextInt(8);
            long start = rnd.nextInt(30);
            return of(new Regular(start, stride, count, block), regularMembers(start, stride, count, block),
                    "Regular(" + start + "," + stride + "," + count + "," + block + ")");
        }
        if (kind == 4) {
            long start = rnd.nextInt(40);
            long len = 1 + rnd.nextInt(30);
            return of(DimSet.interval(start, len), regularMembers(start, 1, 1, len), "interval(" + start + "," + len + ")");
        }
        if (kind <= 6) {
            long stride = 2 + rnd.nextInt(8);
            long block = 1 + rnd.nextInt((int) stride - 1);
            long count = 2 + rnd.nextInt(8);
            long start = rnd.nextInt(20);
            long lo = rnd.nextInt(40);
            long hi = lo + rnd.nextInt(60);
            TreeSet<Long> all = regularMembers(start, stride, count, block);
            TreeSet<Long> m = new TreeSet<>(all.subSet(lo, hi));
            return of(new Regular(start, stride, count, block).restrict(lo, hi), m,
                    "Regular(" + start + "," + stride + "," + count + "," + block + ").restrict(" + lo + "," + hi + ")");
        }
        if (kind <= 8) {
            TreeSet<Long> m = new TreeSet<>();
            int n = rnd.nextInt(25);
            int range = 20 + rnd.nextInt(60);
            for (int k = 0; k < n; k++) m.add((long) rnd.nextInt(range));
            long[] arr = m.stream().mapToLong(Long::longValue).toArray();
            return of(DimSet.of(arr), m, "of" + Arrays.toString(arr));
        }
        return of(DimSet.EMPTY, new TreeSet<>(), "EMPTY");
    }

    /** Maximal runs of a sorted member list as [start, end) pairs. */
    static List<long[]> runs(long[] members) {
        List<long[]> out = new ArrayList<>();
        for (int k = 0; k < members.length; ) {
            int j = k + 1;
            while (j < members.length && members[j] == members[j - 1] + 1) j++;
            out.add(new long[] {members[k], members[j - 1] + 1});
            k = j;
        }
        return out;
    }

    /** The members of a finite DimSet as enumerated by its own intervals. */
    static long[] enumerate(DimSet d) {
        List<Long> out = new ArrayList<>();
        d.forEachInterval((s, len) -> {
            for (long x = s; x < s + len; x++) out.add(x);
        });
        return out.stream().mapToLong(Long::longValue).toArray();
    }
}
