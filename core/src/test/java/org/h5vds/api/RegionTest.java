package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The api's value for a selection: what it says about itself, and what it is inside an extent. */
class RegionTest {
    @Test
    void kindsTextAndCounts() {
        assertThat(Region.all(2).kind()).isEqualTo(Region.Kind.ALL);
        assertThat(Region.all(2).isResolved()).isFalse();
        assertThat(Region.none(1).kind()).isEqualTo(Region.Kind.NONE);
        assertThat(Region.points(new long[] {3, 1}, new long[] {0, 2}).kind()).isEqualTo(Region.Kind.POINTS);
        Region slab = Region.hyperslab(new long[] {0, 5}, new long[] {2, 1}, new long[] {50, 1}, null);
        assertThat(slab.kind()).isEqualTo(Region.Kind.HYPERSLAB);
        assertThat(slab.toString()).isEqualTo("[0:99:2, 5]");
        assertThat(slab.count()).isEqualTo(50);
        assertThat(slab.axis(0).count()).isEqualTo(50);
        assertThat(slab.axis(0).start(1)).isEqualTo(2);
        assertThat(slab).isEqualTo(Region.hyperslab(new long[] {0, 5}, new long[] {2, 1}, new long[] {50, 1}, new long[] {1, 1}));
        assertThatThrownBy(() -> slab.axis(2)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void unresolvedRegionsResolveInsideAnExtent() {
        Region grows = Region.hyperslab(new long[] {0, 0}, new long[] {4, 1}, new long[] {Index.UNLIMITED, 1}, new long[] {3, 8});
        assertThat(grows.isUnlimited()).isTrue();
        assertThatThrownBy(grows::count).isInstanceOf(IllegalStateException.class);
        Region now = grows.within(Shape.of(10, 8));
        assertThat(now.isResolved()).isTrue();
        // blocks at 0, 4 and 8 (the last cut to the extent): 3 + 3 + 2 rows of 8
        assertThat(now.count()).isEqualTo(8 * 8);
        assertThat(Region.all(2).within(Shape.of(3, 4)).count()).isEqualTo(12);
        assertThat(Region.box(new long[] {2}, new long[] {10}).within(Shape.of(5)).boundsEnd()).containsExactly(5);
    }

    @Test
    void unionsOfBoxes() {
        Region l = Region.union(List.of(Region.box(new long[] {0, 0}, new long[] {1, 10}), Region.box(new long[] {1, 0}, new long[] {9, 3})));
        assertThat(l.kind()).isEqualTo(Region.Kind.BLOCKS);
        assertThat(l.count()).isEqualTo(10 + 27);
        assertThat(l.axis(0)).isNull();
        assertThat(l.boundsStart()).containsExactly(0, 0);
        assertThat(l.boundsEnd()).containsExactly(10, 10);
        long[] elements = {0};
        l.forEachRun((start, length) -> elements[0] += length);
        assertThat(elements[0]).isEqualTo(37);
        // two boxes that make one are one hyperslab
        assertThat(Region.union(List.of(Region.box(new long[] {0}, new long[] {2}), Region.box(new long[] {2}, new long[] {3}))))
                .isEqualTo(Region.box(new long[] {0}, new long[] {5}));
        assertThatThrownBy(() -> Region.union(List.of(Region.points(new long[] {1})))).hasMessageContaining("is not a box");
        assertThatThrownBy(() -> Region.union(List.of())).hasMessageContaining("at least one box");
    }
}
