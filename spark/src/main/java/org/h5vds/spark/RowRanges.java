package org.h5vds.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.sources.And;
import org.apache.spark.sql.sources.EqualNullSafe;
import org.apache.spark.sql.sources.EqualTo;
import org.apache.spark.sql.sources.Filter;
import org.apache.spark.sql.sources.GreaterThan;
import org.apache.spark.sql.sources.GreaterThanOrEqual;
import org.apache.spark.sql.sources.In;
import org.apache.spark.sql.sources.LessThan;
import org.apache.spark.sql.sources.LessThanOrEqual;
import org.apache.spark.sql.sources.Or;

/**
 * A set of positions along axis 0 as sorted, disjoint ranges [lo, hi): the rows a filter on the
 * index column can let through, so that partitions holding none of them are dropped and the
 * others read only the span they need. Immutable.
 */
final class RowRanges {
    static final RowRanges ALL = new RowRanges(new long[] {0}, new long[] {Long.MAX_VALUE});

    private final long[] lo;
    private final long[] hi;

    private RowRanges(long[] lo, long[] hi) {
        this.lo = lo;
        this.hi = hi;
    }

    static RowRanges range(long from, long to) {
        long a = Math.max(0, from);
        return to <= a ? new RowRanges(new long[0], new long[0]) : new RowRanges(new long[] {a}, new long[] {to});
    }

    /**
     * The rows {@code filter} lets through judged by {@code column} alone, or null when it does not
     * narrow them (it names other columns, or compares with a value that is not a whole number).
     */
    static RowRanges of(Filter filter, String column) {
        if (filter instanceof EqualTo f && f.attribute().equals(column)) return point(f.value());
        if (filter instanceof EqualNullSafe f && f.attribute().equals(column)) return point(f.value());
        if (filter instanceof GreaterThan f && f.attribute().equals(column)) {
            Long v = whole(f.value());
            return v == null ? null : v == Long.MAX_VALUE ? range(0, 0) : range(v + 1, Long.MAX_VALUE);
        }
        if (filter instanceof GreaterThanOrEqual f && f.attribute().equals(column)) {
            Long v = whole(f.value());
            return v == null ? null : range(v, Long.MAX_VALUE);
        }
        if (filter instanceof LessThan f && f.attribute().equals(column)) {
            Long v = whole(f.value());
            return v == null ? null : range(0, v);
        }
        if (filter instanceof LessThanOrEqual f && f.attribute().equals(column)) {
            Long v = whole(f.value());
            return v == null ? null : range(0, v == Long.MAX_VALUE ? v : v + 1);
        }
        if (filter instanceof In f && f.attribute().equals(column)) {
            RowRanges r = range(0, 0);
            for (Object v : f.values()) {
                RowRanges p = point(v);
                if (p == null) return null;
                r = r.union(p);
            }
            return r;
        }
        if (filter instanceof And f) {
            // rows passing both pass each: either side alone is a bound
            RowRanges a = of(f.left(), column);
            RowRanges b = of(f.right(), column);
            return a == null ? b : b == null ? a : a.intersect(b);
        }
        if (filter instanceof Or f) {
            RowRanges a = of(f.left(), column);
            RowRanges b = of(f.right(), column);
            return a == null || b == null ? null : a.union(b);
        }
        return null;
    }

    private static RowRanges point(Object value) {
        Long v = whole(value);
        if (v == null) return null;
        return v < 0 || v == Long.MAX_VALUE ? range(0, 0) : range(v, v + 1);
    }

    private static Long whole(Object value) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) return ((Number) value).longValue();
        return null;
    }

    boolean isEmpty() {
        return lo.length == 0;
    }

    RowRanges intersect(RowRanges o) {
        List<long[]> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < lo.length && j < o.lo.length) {
            long a = Math.max(lo[i], o.lo[j]);
            long b = Math.min(hi[i], o.hi[j]);
            if (a < b) out.add(new long[] {a, b});
            if (hi[i] < o.hi[j]) i++;
            else j++;
        }
        return of(out);
    }

    RowRanges union(RowRanges o) {
        List<long[]> all = new ArrayList<>();
        for (int i = 0; i < lo.length; i++) all.add(new long[] {lo[i], hi[i]});
        for (int i = 0; i < o.lo.length; i++) all.add(new long[] {o.lo[i], o.hi[i]});
        all.sort((x, y) -> Long.compare(x[0], y[0]));
        List<long[]> out = new ArrayList<>();
        for (long[] r : all) {
            if (!out.isEmpty() && r[0] <= out.get(out.size() - 1)[1]) {
                long[] last = out.get(out.size() - 1);
                last[1] = Math.max(last[1], r[1]);
            } else {
                out.add(r.clone());
            }
        }
        return of(out);
    }

    /** The smallest range holding every row of this set within [from, to), or null when none is there. */
    long[] span(long from, long to) {
        long a = -1;
        long b = -1;
        for (int i = 0; i < lo.length; i++) {
            long x = Math.max(lo[i], from);
            long y = Math.min(hi[i], to);
            if (x >= y) continue;
            if (a < 0) a = x;
            b = y;
        }
        return a < 0 ? null : new long[] {a, b};
    }

    private static RowRanges of(List<long[]> ranges) {
        long[] l = new long[ranges.size()];
        long[] h = new long[ranges.size()];
        for (int k = 0; k < l.length; k++) {
            l[k] = ranges.get(k)[0];
            h[k] = ranges.get(k)[1];
        }
        return new RowRanges(l, h);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < lo.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(lo[i]).append(':').append(hi[i] == Long.MAX_VALUE ? "" : Long.toString(hi[i]));
        }
        return sb.append(']').toString();
    }
}
