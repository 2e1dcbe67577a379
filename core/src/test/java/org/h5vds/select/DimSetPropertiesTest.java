package org.h5vds.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** Every DimSet operation against the member lists of random sets. */
class DimSetPropertiesTest {

    private static TreeSet<Long> set(long[] m) {
        TreeSet<Long> s = new TreeSet<>();
        for (long x : m) s.add(x);
        return s;
    }

    private static long[] arr(java.util.Collection<Long> c) {
        return c.stream().mapToLong(Long::longValue).toArray();
    }

    @Property(tries = 3000)
    void queriesMatchTheMembers(@ForAll long seed) {
        Random rnd = new Random(seed);
        DimCase c = DimCase.random(rnd);
        DimSet d = c.set();
        long[] m = c.members();
        String why = c.toString();
        assertThat(d.size()).as(why).isEqualTo(m.length);
        assertThat(d.isEmpty()).as(why).isEqualTo(m.length == 0);
        assertThat(DimCase.enumerate(d)).as(why).containsExactly(m);
        if (m.length > 0) {
            assertThat(d.first()).as(why).isEqualTo(m[0]);
            assertThat(d.last()).as(why).isEqualTo(m[m.length - 1]);
            assertThat(d.end()).as(why).isEqualTo(m[m.length - 1] + 1);
        }
        List<long[]> runs = DimCase.runs(m);
        assertThat(d.intervalCount()).as(why).isEqualTo(runs.size());
        for (int j = 0; j < runs.size(); j++) {
            assertThat(d.intervalStart(j)).as(why).isEqualTo(runs.get(j)[0]);
            assertThat(d.intervalEnd(j)).as(why).isEqualTo(runs.get(j)[1]);
        }
        assertThat(d.isContiguous()).as(why).isEqualTo(runs.size() <= 1);
        TreeSet<Long> s = set(m);
        for (long i = -2; i < 100; i++) {
            assertThat(d.contains(i)).as(why + " contains " + i).isEqualTo(s.contains(i));
            assertThat(d.rank(i)).as(why + " rank " + i).isEqualTo(s.headSet(i).size());
            long expectRun = 0;
            while (expectRun < runs.size() && runs.get((int) expectRun)[1] <= i) expectRun++;
            assertThat(d.firstIntervalEndingAfter(i)).as(why + " firstIntervalEndingAfter " + i).isEqualTo(expectRun);
        }
        for (int r = 0; r < m.length; r++) assertThat(d.at(r)).as(why + " at " + r).isEqualTo(m[r]);
        assertThatThrownBy(() -> d.at(m.length)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> d.at(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Property(tries = 3000)
    void restrictAndByRank(@ForAll long seed) {
        Random rnd = new Random(seed);
        DimCase c = DimCase.random(rnd);
        long lo = rnd.nextInt(90) - 5;
        long hi = lo + rnd.nextInt(90) - 5;
        TreeSet<Long> s = set(c.members());
        long[] expect = lo < hi ? arr(s.subSet(lo, hi)) : new long[0];
        DimSet r = c.set().restrict(lo, hi);
        assertThat(DimCase.enumerate(r)).as(c + ".restrict(" + lo + "," + hi + ") = " + r).containsExactly(expect);
        canonical(r);
        int n = c.members().length;
        long r0 = rnd.nextInt(n + 3) - 1;
        long r1 = rnd.nextInt(n + 3) - 1;
        List<Long> byRank = new ArrayList<>();
        for (long k = Math.max(0, r0); k < Math.min(n, r1); k++) byRank.add(c.members()[(int) k]);
        DimSet b = c.set().byRank(r0, r1);
        assertThat(DimCase.enumerate(b)).as(c + ".byRank(" + r0 + "," + r1 + ")").containsExactly(arr(byRank));
        canonical(b);
    }

    @Property(tries = 5000)
    void intersectIsExactAndCompact(@ForAll long seed) {
        Random rnd = new Random(seed);
        DimCase a = DimCase.random(rnd);
        DimCase b = DimCase.random(rnd);
        TreeSet<Long> expect = set(a.members());
        expect.retainAll(set(b.members()));
        DimSet r = a.set().intersect(b.set());
        String why = a + " ∩ " + b + " = " + r;
        assertThat(DimCase.enumerate(r)).as(why).containsExactly(arr(expect));
        assertThat(b.set().intersect(a.set()).sameMembers(r)).as(why).isTrue();
        canonical(r);
        if (a.set() instanceof Regular ra && b.set() instanceof Regular rb && ra.block() == 1 && rb.block() == 1) {
            assertThat(r).as("Regular ∩ Regular with block 1 stays regular: " + why).isInstanceOfAny(Regular.class, Intervals.class);
            if (!r.isEmpty()) assertThat(r).as(why).isInstanceOf(Regular.class);
        }
    }

    @Property(tries = 5000)
    void rankSpaceRoundTrips(@ForAll long seed) {
        Random rnd = new Random(seed);
        DimCase a = DimCase.random(rnd);
        DimCase b = DimCase.random(rnd);
        long[] m = a.members();
        TreeSet<Long> other = set(b.members());
        List<Long> ranks = new ArrayList<>();
        for (int k = 0; k < m.length; k++) if (other.contains(m[k])) ranks.add((long) k);
        DimSet q = a.set().ranksOf(b.set());
        assertThat(DimCase.enumerate(q)).as(a + ".ranksOf(" + b + ") = " + q).containsExactly(arr(ranks));
        canonical(q);
        // b read as a set of ranks
        List<Long> members = new ArrayList<>();
        for (long r : b.members()) if (r < m.length) members.add(m[(int) r]);
        DimSet at = a.set().atRanks(b.set());
        assertThat(DimCase.enumerate(at)).as(a + ".atRanks(" + b + ") = " + at).containsExactly(arr(members));
        canonical(at);
        assertThat(a.set().atRanks(q).sameMembers(a.set().intersect(b.set()))).isTrue();
    }

    @Property(tries = 2000)
    void translate(@ForAll long seed) {
        Random rnd = new Random(seed);
        DimCase a = DimCase.random(rnd);
        long delta = rnd.nextInt(50);
        long[] shifted = Arrays.stream(a.members()).map(x -> x + delta).toArray();
        DimSet t = a.set().translate(delta);
        assertThat(DimCase.enumerate(t)).containsExactly(shifted);
        assertThat(t.translate(-delta)).isEqualTo(a.set());
    }

    @Property(tries = 2000)
    void unlimitedResolvesLikeClipUnlim(@ForAll long seed) {
        Random rnd = new Random(seed);
        long start = rnd.nextInt(20);
        long stride = 1 + rnd.nextInt(8);
        long block = 1 + rnd.nextInt((int) stride);
        long extent = rnd.nextInt(60);
        Regular u = new Regular(start, stride, DimSet.UNLIMITED, block);
        DimSet resolved = u.resolve(extent);
        // H5S__hyper_get_clip_diminfo: count = ceil((extent - start) / stride) blocks, the last one cut at the extent
        TreeSet<Long> expect = new TreeSet<>();
        if (start < extent) {
            long count = (extent - start + stride - 1) / stride;
            for (long x : DimCase.regularMembers(start, stride, count, block)) if (x < extent) expect.add(x);
        }
        assertThat(DimCase.enumerate(resolved)).as(u + " resolved to " + extent).containsExactly(arr(expect));
        Regular ub = new Regular(start, 1, 1, DimSet.UNLIMITED);
        assertThat(ub.resolve(extent).size()).isEqualTo(Math.max(0, extent - start));
        assertThat(u.isUnlimited()).isTrue();
        assertThat(u.contains(start + 1000 * stride)).isTrue();
        assertThat(u.rank(start + 3 * stride)).isEqualTo(3 * block);
    }

    /** Results use the compact forms the factories promise. */
    static void canonical(DimSet d) {
        if (d instanceof ClippedRegular c && c.intervalCount() == 2) {
            assertThat(c.intervalEnd(0) - c.intervalStart(0)).as("two equal blocks should be a Regular: " + d).isNotEqualTo(c.intervalEnd(1) - c.intervalStart(1));
        }
        if (d instanceof Intervals i) {
            assertThat(i.intervalCount() == 0 || i.intervalCount() >= 2).as("an Intervals of one interval should be a Regular: " + d).isTrue();
            if (i.intervalCount() >= 2) {
                long len = i.intervalEnd(0) - i.intervalStart(0);
                long stride = i.intervalStart(1) - i.intervalStart(0);
                boolean regular = true;
                for (int j = 1; j < i.intervalCount(); j++) {
                    regular &= i.intervalEnd(j) - i.intervalStart(j) == len && i.intervalStart(j) - i.intervalStart(j - 1) == stride;
                }
                assertThat(regular).as("an evenly spaced Intervals should be a Regular: " + d).isFalse();
            }
        }
    }
}
