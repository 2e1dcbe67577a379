package org.h5vds.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.h5vds.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The algebra on sets far too large to list: results stay compact and come back at once. */
class SelectionAlgebraTest {
    static final long T = 1_000_000_000_000L;

    @Test
    @Timeout(5)
    void chineseRemainderKeepsHugeRegularSetsRegular() {
        DimSet a = new Regular(0, 3, T, 1);
        DimSet b = new Regular(1, 5, T, 1);
        DimSet r = a.intersect(b);
        // x = 0 (mod 3), x = 1 (mod 5): 6, 21, 36, ... below min(3T, 5T)
        assertThat(r).isInstanceOf(Regular.class);
        Regular g = (Regular) r;
        assertThat(g.start()).isEqualTo(6);
        assertThat(g.stride()).isEqualTo(15);
        assertThat(g.block()).isEqualTo(1);
        assertThat(g.last()).isLessThan(3 * T);
        assertThat(g.last() + 15).isGreaterThan(3 * (T - 1));
        assertThat(new Regular(0, 4, T, 1).intersect(new Regular(1, 6, T, 1))).isEqualTo(DimSet.EMPTY);
    }

    @Test
    @Timeout(5)
    void oneRunPerPeriodStaysRegularAndChunkCutsStayClipped() {
        DimSet r = new Regular(0, 10, T, 4).intersect(new Regular(2, 10, T, 4));
        assertThat(r).isEqualTo(new Regular(2, 10, T, 2));
        DimSet cut = new Regular(3, 7, T, 5).restrict(1_000_000_001L, 2_000_000_003L);
        assertThat(cut).isInstanceOf(ClippedRegular.class);
        Regular base = new Regular(3, 7, T, 5);
        assertThat(cut.size()).isEqualTo(base.rank(2_000_000_003L) - base.rank(1_000_000_001L));
        DimSet chunked = new Regular(3, 7, T, 5).intersect(new Regular(1_000_000_001L, 1, 1, 1_000_000_002L));
        assertThat(chunked).isEqualTo(cut);
        // a chunk grid over a cut set: each piece is O(1)
        for (long lo = 0; lo < 100 * 64; lo += 64) assertThat(cut.restrict(1_000_000_001L + lo, 1_000_000_001L + lo + 64)).isNotInstanceOf(Intervals.class);
    }

    @Test
    @Timeout(10)
    void intersectionsThatWouldListTooManyIntervalsFailAtOnce() {
        assertThatThrownBy(() -> new Regular(0, 6, 1_000_000_000L, 3).intersect(new Regular(0, 4, 1_500_000_000L, 1)))
                .isInstanceOf(SelectionTooComplexException.class)
                .hasMessageContaining("would need about");
    }

    @Test
    @Timeout(5)
    void rankSpaceOfHugeSetsIsCompact() {
        Regular a = new Regular(5, 10, T, 4);
        DimSet sub = a.intersect(new Regular(0, 20, T, 8));
        DimSet ranks = a.ranksOf(sub);
        assertThat(ranks).isNotInstanceOf(Intervals.class);
        assertThat(a.atRanks(ranks)).isEqualTo(sub);
        DimSet q = new Regular(4, 12, T / 10, 3);
        assertThat(a.atRanks(q)).isInstanceOf(Regular.class);
        assertThat(a.ranksOf(a.atRanks(q))).isEqualTo(q);
    }

    @Test
    @Timeout(10)
    void alignedPairsRestrictAxisByAxis() {
        long[] shape = {8, 100, 256, 256};
        ProductSelection v = Selection.box(new long[] {0, 0, 0, 0}, shape);
        ProductSelection s = Selection.box(new long[] {10, 0, 0, 0}, shape);
        SelectionPair pair = new SelectionPair(v, s);
        long start = System.nanoTime();
        for (int i = 0; i < 100_000; i++) pair.restrictA(new Box(new long[] {i % 8, 3, 64, 128}, new long[] {1, 10, 64, 64}));
        long perCall = (System.nanoTime() - start) / 100_000;
        SelectionPair r = pair.restrictA(new Box(new long[] {2, 3, 64, 128}, new long[] {1, 10, 64, 64}));
        assertThat(r.a()).isInstanceOf(Hyperslab.class);
        assertThat(r.b()).isEqualTo(Selection.box(new long[] {12, 3, 64, 128}, new long[] {1, 10, 64, 64}));
        System.out.println("aligned restrictA over 8x100x256x256: " + perCall + " ns per call");
    }

    @Test
    void unresolvedSelectionsSayWhatToDo() {
        All all = new All(2);
        assertThatThrownBy(all::count).isInstanceOf(IllegalStateException.class).hasMessageContaining("resolve it");
        assertThatThrownBy(() -> new SelectionPair(all, all)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("resolve");
        Hyperslab u = new Hyperslab(new long[] {0, 0}, new long[] {3, 1}, new long[] {DimSet.UNLIMITED, 1}, new long[] {2, 20});
        assertThatThrownBy(u::count).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> u.forEachRun((p, n) -> { })).isInstanceOf(IllegalStateException.class);
        assertThat(u.resolve(new long[] {10, 20}).count()).isEqualTo((3 * 2 + 1) * 20);
        assertThat(u.resolve(new long[] {0, 20})).isEqualTo(new NoneSelection(2));
        assertThat(all.resolve(new long[] {3, 4})).isEqualTo(Selection.box(new long[] {0, 0}, new long[] {3, 4}));
        assertThat(new All(-1).resolve(new long[] {3}).count()).isEqualTo(3);
        assertThatThrownBy(() -> new Hyperslab(new long[] {0, 0}, null, new long[] {DimSet.UNLIMITED, DimSet.UNLIMITED}, null))
                .hasMessageContaining("only one unlimited axis");
        assertThatThrownBy(() -> new Regular(0, 2, 3, 3)).hasMessageContaining("blocks overlap");
        assertThatThrownBy(() -> new Regular(0, 1, 2, DimSet.UNLIMITED)).hasMessageContaining("needs count 1");
        assertThatThrownBy(() -> new Regular(Long.MAX_VALUE - 5, 1, 1, 10)).hasMessageContaining("2^63");
        assertThatThrownBy(() -> new SelectionPair(Selection.box(new long[] {0}, new long[] {3}), Selection.box(new long[] {0}, new long[] {4})))
                .hasMessageContaining("different numbers of elements: 3 and 4");
        assertThatThrownBy(() -> Selection.box(new long[] {2}, new long[] {3}).translate(new long[] {-3})).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void libhdf5NormalisesHyperslabsAndSoDoWe() {
        // stride == block merges, count 1 drops the stride; not when the count is unlimited
        assertThat(new Regular(4, 3, 5, 3)).isEqualTo(new Regular(4, 1, 1, 15));
        assertThat(new Regular(4, 7, 1, 3)).isEqualTo(new Regular(4, 1, 1, 3));
        assertThat(new Regular(0, 3, DimSet.UNLIMITED, 3).stride()).isEqualTo(3);
        assertThat(new Regular(0, 3, DimSet.UNLIMITED, 3).resolve(10)).isEqualTo(new Regular(0, 1, 1, 10));
        // an index list that is evenly spaced is a regular set; a union that is a product is a product
        assertThat(DimSet.of(1, 4, 7, 10)).isEqualTo(new Regular(1, 3, 4, 1));
        Selection u = BlockUnion.of(2, List.of(new Box(new long[] {0, 0}, new long[] {2, 5}), new Box(new long[] {2, 0}, new long[] {3, 5})));
        assertThat(u).isEqualTo(Selection.box(new long[] {0, 0}, new long[] {5, 5}));
    }

    @Test
    void unionsIterateRowsAcrossBoxesInCOrder() {
        Selection u = BlockUnion.of(2, List.of(new Box(new long[] {0, 0}, new long[] {3, 2}), new Box(new long[] {1, 4}, new long[] {3, 2})));
        List<String> runs = new ArrayList<>();
        u.forEachRun((s, n) -> runs.add(s[0] + "," + s[1] + "+" + n));
        assertThat(runs).containsExactly("0,0+2", "1,0+2", "1,4+2", "2,0+2", "2,4+2", "3,4+2");
        // and touching boxes along the last axis merge into one run per row
        Selection t = BlockUnion.of(2, List.of(new Box(new long[] {0, 0}, new long[] {2, 2}), new Box(new long[] {1, 2}, new long[] {1, 3})));
        List<String> truns = new ArrayList<>();
        t.forEachRun((s, n) -> truns.add(s[0] + "," + s[1] + "+" + n));
        assertThat(truns).containsExactly("0,0+2", "1,0+5");
    }

    @Test
    void pointsKeepTheirOrderAndRepeats() {
        Points p = Points.of(new long[] {5, 1}, new long[] {0, 2}, new long[] {0, 3}, new long[] {5, 1});
        assertThat(p.count()).isEqualTo(4);
        List<String> runs = new ArrayList<>();
        p.forEachRun((s, n) -> runs.add(s[0] + "," + s[1] + "+" + n));
        assertThat(runs).containsExactly("5,1+1", "0,2+2", "5,1+1");
        Selection kept = p.intersect(Selection.box(new long[] {0, 1}, new long[] {6, 2}));
        assertThat(kept).isEqualTo(Points.of(new long[] {5, 1}, new long[] {0, 2}, new long[] {5, 1}));
        // a C-ordered selection intersected with points gives the set, in C order, once each
        Selection set = Selection.box(new long[] {0, 0}, new long[] {6, 6}).intersect(p);
        assertThat(SelCase.text(SelCase.enumerate(set))).containsExactly("[0, 2]", "[0, 3]", "[5, 1]");
    }

    /**
     * The extent libhdf5 gives a VDS whose unlimited mapping takes n source elements: the clip extent
     * of the virtual selection, including trailing unselected space for the FIRST_MISSING view.
     */
    @Test
    void clipExtentsMatchLibhdf5sVirtualExtents(@TempDir Path dir) throws Exception {
        String out = Python.run("""
                import h5py, numpy as np, json, os, sys
                from h5py import h5s, h5p, h5d
                os.chdir(sys.argv[1])
                U = h5s.UNLIMITED
                results = []
                for n in (1, 4, 5, 7):
                    for (start, step) in ((0, 1), (2, 1), (0, 3), (1, 4)):
                        with h5py.File('src.h5', 'w') as f:
                            f.create_dataset('data', data=np.arange(n), maxshape=(None,))
                        layout = h5py.VirtualLayout(shape=(start + 1,), dtype='i8', maxshape=(None,))
                        layout[start:U:step] = h5py.VirtualSource('src.h5', 'data', shape=(n,), maxshape=(None,))[0:U]
                        with h5py.File('v.h5', 'w') as f:
                            f.create_virtual_dataset('v', layout, fillvalue=-1)
                        shapes = []
                        for view in (h5d.VDS_LAST_AVAILABLE, h5d.VDS_FIRST_MISSING):
                            dapl = h5p.create(h5p.DATASET_ACCESS)
                            dapl.set_virtual_view(view)
                            with h5py.File('v.h5', 'r') as f:
                                shapes.append(h5d.open(f.id, b'v', dapl=dapl).shape[0])
                        results.append([n, start, step] + shapes)
                print(json.dumps(results))
                """, dir);
        JsonNode cases = new ObjectMapper().readTree(out);
        assertThat(cases.size()).isEqualTo(16);
        for (JsonNode c : cases) {
            long n = c.get(0).asLong();
            long start = c.get(1).asLong();
            long step = c.get(2).asLong();
            Hyperslab v = (Hyperslab) IndexExpression.parse(start + ":UNLIMITED:" + step).resolve(new long[] {start + 1}).selection();
            assertThat(v.clipExtent(n, false)).as("last available, " + c).isEqualTo(c.get(3).asLong());
            assertThat(v.clipExtent(n, true)).as("first missing, " + c).isEqualTo(c.get(4).asLong());
            assertThat(v.slicesWithin(c.get(3).asLong())).as(c.toString()).isEqualTo(n);
        }
    }
}
