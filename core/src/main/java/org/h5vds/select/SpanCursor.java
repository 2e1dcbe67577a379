package org.h5vds.select;

/** Runs of a span tree in C order between two element ranks; a stack of (list, span, coordinate) per axis. */
final class SpanCursor implements RunCursor {
    private final int r;
    private final SpanList[] list;
    private final int[] span;
    private final long[] pos;
    private long remaining;
    private long length;
    private boolean started;

    SpanCursor(int rank, SpanList root, long fromRank, long toRank) {
        r = rank;
        list = new SpanList[rank];
        span = new int[rank];
        pos = new long[rank];
        fromRank = Math.max(0, fromRank);
        remaining = Math.max(0, Math.min(toRank, root.total) - fromRank);
        if (remaining == 0) return;
        long rem = fromRank;
        SpanList s = root;
        for (int d = 0; d < rank; d++) {
            list[d] = s;
            int k = s.spanOfRank(rem);
            span[d] = k;
            long off = rem - s.before[k];
            long per = s.per(k);
            pos[d] = s.low[k] + off / per;
            rem = off % per;
            s = s.down == null ? null : s.down[k];
        }
    }

    @Override
    public boolean next() {
        if (remaining == 0) return false;
        if (started) advance();
        started = true;
        SpanList leaf = list[r - 1];
        length = Math.min(leaf.high[span[r - 1]] - pos[r - 1], remaining);
        remaining -= length;
        return true;
    }

    private void advance() {
        int d = r - 1;
        if (++span[d] < list[d].size()) {
            pos[d] = list[d].low[span[d]];
            return;
        }
        for (d = r - 2; d >= 0; d--) {
            if (++pos[d] < list[d].high[span[d]]) {
                descend(d);
                return;
            }
            if (++span[d] < list[d].size()) {
                pos[d] = list[d].low[span[d]];
                descend(d);
                return;
            }
        }
        throw new IllegalStateException("span tree exhausted before its element count");
    }

    private void descend(int d) {
        for (int e = d + 1; e < r; e++) {
            list[e] = list[e - 1].down[span[e - 1]];
            span[e] = 0;
            pos[e] = list[e].low[0];
        }
    }

    @Override
    public long[] start() {
        return pos;
    }

    @Override
    public long length() {
        return length;
    }
}
