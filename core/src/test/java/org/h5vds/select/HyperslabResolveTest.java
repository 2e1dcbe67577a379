package org.h5vds.select;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Resolving an unlimited hyperslab whose clipped axis is no longer regular (a partial last block). */
class HyperslabResolveTest {
    @Test
    void unlimitedCountClippedInsideABlockGivesTheElementsBelowTheExtent() {
        Hyperslab h = new Hyperslab(new long[] {0, 1}, new long[] {1, 4}, new long[] {2, DimSet.UNLIMITED}, new long[] {1, 2});
        Selection r = h.resolve(new long[] {2, 8});
        assertThat(r.count()).isEqualTo(2 * 4);
        assertThat(r.contains(new long[] {1, 6})).isTrue();
        assertThat(r.contains(new long[] {1, 7})).isFalse();
        Selection partial = h.resolve(new long[] {2, 6});
        assertThat(partial.count()).isEqualTo(2 * 3);
        assertThat(partial.contains(new long[] {0, 5})).isTrue();
    }
}
