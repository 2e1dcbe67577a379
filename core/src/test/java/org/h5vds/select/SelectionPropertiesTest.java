package org.h5vds.select;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.h5vds.io.Cursor;

/** Selections of every kind against their brute-force element lists. */
class SelectionPropertiesTest {

    static List<String> text(List<long[]> e) {
        return SelCase.text(e);
    }

    static void forEachCell(long[] shape, java.util.function.Consumer<long[]> f) {
        SelCase.product(axesOf(shape)).forEach(f);
    }

    static List<long[]> axesOf(long[] shape) {
        List<long[]> axes = new ArrayList<>();
        for (long l : shape) {
            long[] m = new long[(int) l + 2];
            for (int k = 0; k < m.length; k++) m[k] = k;
            axes.add(m);
        }
        return axes;
    }

    @Property(tries = 2000)
    void iterationCountContainsBounds(@ForAll long seed) {
        Random rnd = new Random(seed);
        long[] shape = SelCase.randomShape(rnd, 1 + rnd.nextInt(3));
        SelCase c = SelCase.random(rnd, shape);
        Selection s = c.sel();
        assertThat(text(SelCase.enumerate(s))).as(c.toString()).containsExactlyElementsOf(text(c.elements()));
        assertThat(s.count()).as(c.toString()).isEqualTo(c.elements().size());
        assertThat(s.isEmpty()).isEqualTo(c.elements().isEmpty());
        TreeSet<long[]> members = new TreeSet<>(SelCase.C_ORDER);
        members.addAll(c.elements());
        forEachCell(shape, cell -> assertThat(s.contains(cell)).as(c + " contains " + Arrays.toString(cell)).isEqualTo(members.contains(cell)));
        if (!members.isEmpty()) {
            Box b = s.bounds();
            for (int i = 0; i < shape.length; i++) {
                final int ax = i;
                long lo = members.stream().mapToLong(e -> e[ax]).min().getAsLong();
                long hi = members.stream().mapToLong(e -> e[ax]).max().getAsLong();
                assertThat(b.start(i)).as(c + " bounds").isEqualTo(lo);
                assertThat(b.end(i)).as(c + " bounds").isEqualTo(hi + 1);
            }
        }
        if (c.isCOrdered()) assertRunsMaximal(s);
    }

    static void assertRunsMaximal(Selection s) {
        List<long[]> starts = new ArrayList<>();
        List<Long> lens = new ArrayList<>();
        s.forEachRun((start, len) -> {
            starts.add(start.clone());
            lens.add(len);
        });
        for (int k = 1; k < starts.size(); k++) {
            long[] p = starts.get(k - 1).clone();
            p[p.length - 1] += lens.get(k - 1);
            assertThat(Arrays.equals(p, starts.get(k))).as("runs " + (k - 1) + " and " + k + " of " + s + " should have been one").isFalse();
        }
    }

    @Property(tries = 2000)
    void intersectWithBoxKeepsOrder(@ForAll long seed) {
        Random rnd = new Random(seed);
        long[] shape = SelCase.randomShape(rnd, 1 + rnd.nextInt(3));
        SelCase c = SelCase.random(rnd, shape);
        long[] s = new long[shape.length];
        long[] n = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            s[i] = rnd.nextInt((int) shape[i] + 1);
            n[i] = rnd.nextInt((int) shape[i] + 2);
        }
        Box box = new Box(s, n);
        List<long[]> expect = new ArrayList<>();
        for (long[] e : c.elements()) if (box.contains(e)) expect.add(e);
        Selection r = c.sel().intersect(box);
        assertThat(text(SelCase.enumerate(r))).as(c + " ∩ " + box + " = " + r).containsExactlyElementsOf(text(expect));
        assertThat(r.count()).isEqualTo(expect.size());
    }

    @Property(tries = 2000)
    void intersectWithSelection(@ForAll long seed) {
        Random rnd = new Random(seed);
        long[] shape = SelCase.randomShape(rnd, 1 + rnd.nextInt(3));
        SelCase x = SelCase.random(rnd, shape);
        SelCase y = SelCase.random(rnd, shape);
        TreeSet<long[]> inY = new TreeSet<>(SelCase.C_ORDER);
        inY.addAll(y.elements());
        List<long[]> expect;
        if (x.sel() instanceof Points) {
            expect = new ArrayList<>();
            for (long[] e : x.elements()) if (inY.contains(e)) expect.add(e);
        } else {
            TreeSet<long[]> both = new TreeSet<>(SelCase.C_ORDER);
            for (long[] e : x.elements()) if (inY.contains(e)) both.add(e);
            expect = new ArrayList<>(both);
        }
        Selection r = x.sel().intersect(y.sel());
        assertThat(text(SelCase.enumerate(r))).as(x + " ∩ " + y + " = " + r).containsExactlyElementsOf(text(expect));
        if (!(r instanceof Points)) assertRunsMaximal(r);
    }

    @Property(tries = 1000)
    void translate(@ForAll long seed) {
        Random rnd = new Random(seed);
        long[] shape = SelCase.randomShape(rnd, 1 + rnd.nextInt(3));
        SelCase c = SelCase.random(rnd, shape);
        long[] d = new long[shape.length];
        for (int i = 0; i < d.length; i++) d[i] = rnd.nextInt(7);
        List<long[]> expect = new ArrayList<>();
        for (long[] e : c.elements()) {
            long[] t = e.clone();
            for (int i = 0; i < t.length; i++) t[i] += d[i];
            expect.add(t);
        }
        assertThat(text(SelCase.enumerate(c.sel().translate(d)))).as(c.toString()).containsExactlyElementsOf(text(expect));
    }

    @Property(tries = 2000)
    void codecRoundTrips(@ForAll long seed) {
        Random rnd = new Random(seed);
        long[] shape = SelCase.randomShape(rnd, 1 + rnd.nextInt(3));
        SelCase c = SelCase.random(rnd, shape);
        for (SelectionCodec.Versions v : SelectionCodec.Versions.values()) {
            byte[] bytes = SelectionCodec.encode(c.sel(), v);
            assertThat(bytes.length).isEqualTo(SelectionCodec.encodedSize(c.sel(), v));
            Cursor cur = new Cursor(java.nio.ByteBuffer.wrap(bytes), "<test>", 0, 8, 8);
            Selection back = SelectionCodec.decode(cur, shape.length);
            assertThat(cur.remaining()).isZero();
            List<long[]> expect = c.elements();
            assertThat(text(SelCase.enumerate(back))).as(v + " " + c).containsExactlyElementsOf(text(expect));
            assertThat(SelectionCodec.encode(back, v)).as("re-encoding " + c).isEqualTo(bytes);
        }
    }
}
