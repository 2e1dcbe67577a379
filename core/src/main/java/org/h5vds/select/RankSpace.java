package org.h5vds.select;

/**
 * Moves between a {@link DimSet} and its rank space (member k of a set sits at position k of a
 * dense array). Rank maps are monotone, so they keep intervals intervals and a regular pattern
 * regular when its period is a whole number of the set's periods; those cases stay compact and
 * everything else is listed interval by interval.
 */
final class RankSpace {
    private RankSpace() {
    }

    /** Ranks within {@code s} of the members of s ∩ other. */
    static DimSet ranksOf(DimSet s, DimSet other) {
        if (s.isEmpty() || other.isEmpty()) return DimSet.EMPTY;
        if (s.isContiguous()) {
            long a = s.first();
            return other.restrict(a, s.end()).translate(-a);
        }
        DimSet inter = s.intersect(other);
        if (inter.isEmpty()) return DimSet.EMPTY;
        if (inter.isContiguous()) {
            long q = s.rank(inter.first());
            return new Regular(q, 1, 1, inter.end() - inter.first());
        }
        if (s instanceof ClippedRegular c) {
            // ranks do not change when everything moves by a whole number of strides
            long shift = c.shiftToIndices();
            return ranksOf(c.shiftedPattern(), inter.translate(shift)).translate(-c.head());
        }
        if (s instanceof Regular r) {
            DimSet mapped = regularRanks(r, inter);
            if (mapped != null) return mapped;
        }
        IntervalsBuilder out = new IntervalsBuilder();
        inter.forEachInterval((u, len) -> {
            long q = s.rank(u);
            out.add(q, q + len);
        });
        return out.build();
    }

    /**
     * Ranks of {@code inter} ⊂ r when inter repeats with a multiple of r's stride and each of its
     * blocks sits inside one block of r; null otherwise.
     */
    private static DimSet regularRanks(Regular r, DimSet inter) {
        Regular q;
        long lo;
        long hi;
        if (inter instanceof Regular x) {
            q = x;
            lo = -1;
            hi = -1;
        } else if (inter instanceof ClippedRegular c && c.start() >= 0) {
            q = c.pattern();
            lo = c.lo();
            hi = c.hi();
        } else {
            return null;
        }
        if (q.single()) return null;
        long t = r.stride();
        long b = r.block();
        if (q.stride() % t != 0) return null;
        if (q.start() < r.start() || (q.start() - r.start()) % t + q.blockLength() > b) return null;
        if (!r.isUnlimited() && (q.isUnlimited() || q.end() > r.end())) return null;
        Regular mapped = new Regular(r.rank(q.start()), (q.stride() / t) * b, q.count(), q.block());
        if (lo < 0) return mapped;
        return ClippedRegular.cut(mapped, r.rank(lo), r.rank(hi - 1) + 1);
    }

    /** Members of {@code s} whose ranks are in {@code ranks}. */
    static DimSet atRanks(DimSet s, DimSet ranks) {
        if (s.isEmpty() || ranks.isEmpty()) return DimSet.EMPTY;
        if (!s.isUnlimited()) {
            ranks = ranks.restrict(0, s.size());
            if (ranks.isEmpty()) return DimSet.EMPTY;
        }
        if (s.isContiguous()) return ranks.translate(s.first());
        if (ranks.isContiguous()) return s.byRank(ranks.first(), ranks.end());
        if (s instanceof ClippedRegular c) {
            long shift = c.shiftToIndices();
            return atRanks(c.shiftedPattern(), ranks.translate(c.head())).translate(-shift);
        }
        if (s instanceof Regular r) {
            DimSet mapped = regularMembers(r, ranks);
            if (mapped != null) return mapped;
        }
        IntervalsBuilder out = new IntervalsBuilder();
        ranks.forEachInterval((r0, len) -> s.byRank(r0, r0 + len).forEachInterval((u, n) -> out.add(u, u + n)));
        return out.build();
    }

    /** Members of r at regular ranks whose period is a multiple of r's block; null otherwise. */
    private static DimSet regularMembers(Regular r, DimSet ranks) {
        Regular q;
        long lo;
        long hi;
        if (ranks instanceof Regular x) {
            q = x;
            lo = -1;
            hi = -1;
        } else if (ranks instanceof ClippedRegular c && c.start() >= 0) {
            q = c.pattern();
            lo = c.lo();
            hi = c.hi();
        } else {
            return null;
        }
        if (q.single()) return null;
        long b = r.block();
        if (q.stride() % b != 0 || q.start() % b + q.blockLength() > b) return null;
        if (!r.isUnlimited() && (q.isUnlimited() || q.end() > r.size())) return null;
        Regular mapped = new Regular(r.at(q.start()), (q.stride() / b) * r.stride(), q.count(), q.block());
        if (lo < 0) return mapped;
        return ClippedRegular.cut(mapped, r.at(lo), r.at(hi - 1) + 1);
    }
}
