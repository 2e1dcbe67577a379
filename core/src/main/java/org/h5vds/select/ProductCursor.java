package org.h5vds.select;

/**
 * Runs of a product selection in C order, between two element ranks: an odometer over the members
 * of the outer axes and the intervals of the last axis. No allocation per run.
 */
final class ProductCursor implements RunCursor {
    private final DimSet[] axes;
    private final int r;
    private final long[] sizes;
    private final long[] outerRank;
    private final long[] pos;
    private final DimSet last;
    private final long lastIntervals;
    private long interval;
    private long x;
    private long remaining;
    private long length;
    private boolean started;

    ProductCursor(ProductSelection p, long fromRank, long toRank) {
        r = p.rank();
        axes = new DimSet[r];
        sizes = new long[r];
        for (int i = 0; i < r; i++) {
            axes[i] = p.axis(i);
            sizes[i] = axes[i].size();
        }
        pos = new long[r];
        outerRank = new long[Math.max(r - 1, 0)];
        remaining = Math.max(0, toRank - fromRank);
        if (r == 0) {
            last = null;
            lastIntervals = 0;
            remaining = Math.min(remaining, fromRank == 0 ? 1 : 0);
            return;
        }
        last = axes[r - 1];
        lastIntervals = last.intervalCount();
        if (remaining == 0) return;
        long row = fromRank / sizes[r - 1];
        long q = fromRank % sizes[r - 1];
        for (int i = r - 2; i >= 0; i--) {
            outerRank[i] = row % sizes[i];
            row /= sizes[i];
            pos[i] = axes[i].at(outerRank[i]);
        }
        x = last.at(q);
        interval = last.firstIntervalEndingAfter(x);
    }

    @Override
    public boolean next() {
        if (remaining == 0) return false;
        if (r == 0) {
            length = 1;
            remaining = 0;
            return true;
        }
        if (started) {
            if (++interval == lastIntervals) {
                interval = 0;
                carry();
            }
            x = last.intervalStart(interval);
        }
        started = true;
        length = Math.min(last.intervalEnd(interval) - x, remaining);
        pos[r - 1] = x;
        remaining -= length;
        return true;
    }

    private void carry() {
        for (int i = r - 2; i >= 0; i--) {
            if (++outerRank[i] < sizes[i]) {
                pos[i] = axes[i].at(outerRank[i]);
                return;
            }
            outerRank[i] = 0;
            pos[i] = axes[i].at(0);
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
