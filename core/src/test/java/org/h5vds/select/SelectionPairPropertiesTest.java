package org.h5vds.select;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** Pairs, restriction, rank-space mapping and the VDS projection against element-by-element references. */
class SelectionPairPropertiesTest {

    /** A selection with exactly {@code n} elements, of a random kind and shape. */
    static SelCase withCount(Random rnd, long n) {
        int kind = rnd.nextInt(5);
        if (kind == 0 || n == 0) {
            long off = rnd.nextInt(5);
            List<long[]> e = new ArrayList<>();
            for (long k = 0; k < n; k++) e.add(new long[] {off + k});
            Selection s = n == 0 ? new NoneSelection(1) : Selection.box(new long[] {off}, new long[] {n});
            return new SelCase(s, e, "interval");
        }
        if (kind == 1) {
            // a reshape: the elements as a strided hyperslab of a factorisation of n
            List<Long> factors = new ArrayList<>();
            long m = n;
            for (long f = 2; f * f <= m; f++) while (m % f == 0 && factors.size() < 2) {
                factors.add(f);
                m /= f;
            }
            factors.add(m);
            int r = factors.size();
            long[] start = new long[r];
            long[] stride = new long[r];
            long[] count = new long[r];
            List<long[]> axes = new ArrayList<>();
            for (int i = 0; i < r; i++) {
                start[i] = rnd.nextInt(3);
                stride[i] = 1 + rnd.nextInt(3);
                count[i] = factors.get(i);
                axes.add(DimCase.regularMembers(start[i], stride[i], count[i], 1).stream().mapToLong(Long::longValue).toArray());
            }
            return new SelCase(new Hyperslab(start, stride, count, null), SelCase.product(axes), "reshape " + factors);
        }
        if (kind == 2) {
            long[][] pts = new long[(int) n][];
            for (int k = 0; k < n; k++) pts[k] = new long[] {rnd.nextInt(6), rnd.nextInt(6)};
            return new SelCase(Points.of(pts), Arrays.asList(pts), "points");
        }
        // n distinct cells of a random 2-D or 3-D shape, as a union of unit boxes
        int r = 2 + rnd.nextInt(2);
        long[] shape = new long[r];
        int side = (int) Math.ceil(Math.pow(n, 1.0 / r));
        for (int i = 0; i < r; i++) shape[i] = side + rnd.nextInt(4);
        TreeSet<long[]> chosen = new TreeSet<>(SelCase.C_ORDER);
        while (chosen.size() < n) {
            long[] c = new long[r];
            for (int i = 0; i < r; i++) c[i] = rnd.nextInt((int) shape[i]);
            chosen.add(c);
        }
        List<Box> boxes = new ArrayList<>();
        long[] one = new long[r];
        Arrays.fill(one, 1);
        for (long[] c : chosen) boxes.add(new Box(c, one));
        return new SelCase(BlockUnion.of(r, boxes), new ArrayList<>(chosen), "cells");
    }

    record PairCase(SelectionPair pair, List<long[]> a, List<long[]> b, String how) {
    }

    static PairCase randomPair(Random rnd) {
        long[] shape = SelCase.randomShape(rnd, 1 + rnd.nextInt(3));
        SelCase a = SelCase.random(rnd, shape);
        SelCase b;
        if (rnd.nextInt(4) == 0 && a.sel() instanceof ProductSelection pa) {
            // same per-axis sizes: the aligned fast path
            DimSet[] axes = new DimSet[pa.rank()];
            List<long[]> members = new ArrayList<>();
            for (int i = 0; i < axes.length; i++) {
                long size = pa.axis(i).size();
                long stride = 1 + rnd.nextInt(3);
                long start = rnd.nextInt(4);
                axes[i] = size == 0 ? DimSet.EMPTY : new Regular(start, stride, size, 1);
                members.add(DimCase.regularMembers(start, stride, size, 1).stream().mapToLong(Long::longValue).toArray());
            }
            b = new SelCase(Selection.product(axes), SelCase.product(members), "aligned");
        } else {
            b = withCount(rnd, a.elements().size());
        }
        if (a.elements().isEmpty()) {
            return new PairCase(new SelectionPair(new NoneSelection(shape.length), new NoneSelection(b.sel().rank())), a.elements(), b.elements(), "empty");
        }
        return new PairCase(new SelectionPair(a.sel(), b.sel()), a.elements(), b.elements(), a + " <-> " + b);
    }

    /** Element-wise expansion of pair runs, checking each run is contiguous in both (it is by construction) and maximal. */
    static List<long[][]> expand(SelectionPair p) {
        List<long[][]> out = new ArrayList<>();
        List<long[][]> runs = new ArrayList<>();
        p.forEachRun((as, bs, len) -> {
            runs.add(new long[][] {as.clone(), bs.clone(), {len}});
            for (long k = 0; k < len; k++) {
                long[] x = as.clone();
                long[] y = bs.clone();
                x[x.length - 1] += k;
                y[y.length - 1] += k;
                out.add(new long[][] {x, y});
            }
        });
        for (int k = 1; k < runs.size(); k++) {
            long[] ea = runs.get(k - 1)[0].clone();
            long[] eb = runs.get(k - 1)[1].clone();
            ea[ea.length - 1] += runs.get(k - 1)[2][0];
            eb[eb.length - 1] += runs.get(k - 1)[2][0];
            boolean mergeable = Arrays.equals(ea, runs.get(k)[0]) && Arrays.equals(eb, runs.get(k)[1]);
            assertThat(mergeable).as("pair runs " + (k - 1) + " and " + k + " should have been one").isFalse();
        }
        return out;
    }

    static List<String> zip(List<long[]> a, List<long[]> b) {
        List<String> out = new ArrayList<>();
        for (int k = 0; k < a.size(); k++) out.add(Arrays.toString(a.get(k)) + "->" + Arrays.toString(b.get(k)));
        return out;
    }

    static List<String> pairs(SelectionPair p) {
        List<String> out = new ArrayList<>();
        for (long[][] e : expand(p)) out.add(Arrays.toString(e[0]) + "->" + Arrays.toString(e[1]));
        return out;
    }

    @Property(tries = 3000)
    void runsPairElementKWithElementK(@ForAll long seed) {
        PairCase c = randomPair(new Random(seed));
        assertThat(pairs(c.pair())).as(c.how()).containsExactlyElementsOf(zip(c.a(), c.b()));
    }

    @Property(tries = 3000)
    void restrictAKeepsPartners(@ForAll long seed) {
        Random rnd = new Random(seed);
        PairCase c = randomPair(rnd);
        int rank = Math.max(c.pair().a().rank(), 1);
        long[] shape = new long[rank];
        for (int i = 0; i < rank; i++) shape[i] = 1 + rnd.nextInt(14);
        Selection region;
        if (rnd.nextBoolean()) {
            region = SelCase.randomProduct(rnd, shape).sel();
        } else {
            SelCase u;
            do {
                u = SelCase.random(rnd, shape);
            } while (u.sel() instanceof Points);
            region = u.sel();
        }
        if (c.pair().a().rank() != region.rank()) return;
        List<long[]> ea = new ArrayList<>();
        List<long[]> eb = new ArrayList<>();
        for (int k = 0; k < c.a().size(); k++) {
            if (region.contains(c.a().get(k))) {
                ea.add(c.a().get(k));
                eb.add(c.b().get(k));
            }
        }
        SelectionPair r = c.pair().restrictA(region);
        String why = c.how() + " restricted to " + region + " = " + r;
        assertThat(SelCase.text(SelCase.enumerate(r.a()))).as(why).containsExactlyElementsOf(SelCase.text(ea));
        assertThat(SelCase.text(SelCase.enumerate(r.b()))).as(why).containsExactlyElementsOf(SelCase.text(eb));
        assertThat(pairs(r)).as(why).containsExactlyElementsOf(zip(ea, eb));
        if (region instanceof ProductSelection p) {
            Box box = p.bounds();
            SelectionPair rb = c.pair().restrictA(box);
            List<String> expect = new ArrayList<>();
            for (int k = 0; k < c.a().size(); k++) if (box.contains(c.a().get(k))) expect.add(Arrays.toString(c.a().get(k)) + "->" + Arrays.toString(c.b().get(k)));
            assertThat(pairs(rb)).as(c.how() + " restricted to " + box).containsExactlyElementsOf(expect);
        }
    }

    @Property(tries = 3000)
    void vdsProjectionPlacesEverySourceElement(@ForAll long seed) {
        Random rnd = new Random(seed);
        PairCase c = randomPair(rnd);
        Selection v = c.pair().a();
        if (v.isEmpty()) return;
        int rank = v.rank();
        Box vb = v.bounds();
        long[] shape = new long[rank];
        for (int i = 0; i < rank; i++) shape[i] = vb.end(i) + rnd.nextInt(3);
        SelCase req = SelCase.randomProduct(rnd, shape);
        ProductSelection request = (ProductSelection) req.sel();
        SelectionPair p = VdsProjection.project(v, c.pair().b(), request);
        // expected: for each virtual element in the request, its source element and its position in the request's dense array
        List<String> expect = new ArrayList<>();
        for (int k = 0; k < c.a().size(); k++) {
            long[] ve = c.a().get(k);
            if (!request.contains(ve)) continue;
            long[] pos = new long[rank];
            for (int i = 0; i < rank; i++) pos[i] = request.axis(i).rank(ve[i]);
            expect.add(Arrays.toString(c.b().get(k)) + "->" + Arrays.toString(pos));
        }
        assertThat(pairs(p)).as(c.how() + " for request " + req).containsExactlyElementsOf(expect);
        assertThat(p.count()).isEqualTo(expect.size());
    }

    @Property(tries = 1000)
    void mapBRewritesIntoRankSpace(@ForAll long seed) {
        Random rnd = new Random(seed);
        long[] shape = SelCase.randomShape(rnd, 1 + rnd.nextInt(3));
        SelCase space = SelCase.randomProduct(rnd, shape);
        SelCase s = SelCase.random(rnd, shape);
        Selection inside = s.sel().intersect(space.sel());
        if (inside.isEmpty()) return;
        List<long[]> elems = SelCase.enumerate(inside);
        ProductSelection ps = (ProductSelection) space.sel();
        List<long[]> mapped = new ArrayList<>();
        for (long[] e : elems) {
            long[] m = new long[e.length];
            for (int i = 0; i < e.length; i++) m[i] = ps.axis(i).rank(e[i]);
            mapped.add(m);
        }
        SelectionPair p = new SelectionPair(inside, inside).mapB(ps);
        assertThat(SelCase.text(SelCase.enumerate(p.b()))).containsExactlyElementsOf(SelCase.text(mapped));
    }
}
