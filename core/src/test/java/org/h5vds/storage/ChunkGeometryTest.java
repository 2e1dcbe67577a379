package org.h5vds.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ChunkGeometryTest {
    static final long U = ChunkGeometry.UNLIMITED;

    @Test
    void scaledDimensionsRoundUpAndChunkBytes() {
        ChunkGeometry g = new ChunkGeometry(new long[] {23, 17, 0}, new long[] {23, U, 5}, new int[] {5, 4, 2}, 8);
        assertThat(g.scaledDims()).containsExactly(5, 5, 0);
        assertThat(g.maxScaledDims()).containsExactly(5, U, 3);
        assertThat(g.chunkBytes()).isEqualTo(5 * 4 * 2 * 8);
        assertThat(g.unlimitedDim()).isEqualTo(1);
    }

    @Test
    void implicitAndFixedArrayNumberingIsRowMajorOverTheMaximumGrid() {
        // the spec's example (VII.B): dims [4, 5], chunks [3, 2]: chunk [3, 4] (scaled [1, 2]) is number 5
        ChunkGeometry spec = new ChunkGeometry(new long[] {4, 5}, new long[] {4, 5}, new int[] {3, 2}, 1);
        assertThat(spec.implicitIndex(new long[] {1, 2})).isEqualTo(5);
        // larger maximum dimensions leave gaps: 3 chunks per row of the maximum grid, 2 in use
        ChunkGeometry g = new ChunkGeometry(new long[] {10, 7}, new long[] {20, 9}, new int[] {3, 4}, 4);
        assertThat(g.fixedArrayIndex(new long[] {1, 1})).isEqualTo(4);
        assertThat(g.fixedArrayScaled(4)).containsExactly(1, 1);
        assertThat(g.maxChunks()).isEqualTo(7 * 3);
        for (long i = 0; i < g.maxChunks(); i++) assertThat(g.fixedArrayIndex(g.fixedArrayScaled(i))).isEqualTo(i);
    }

    @Test
    void extensibleArrayNumberingSwizzlesTheUnlimitedDimensionFirst() {
        // (5, unlimited) chunks (2, 7): swizzled order (dim 1, dim 0), 3 chunks along dim 0
        ChunkGeometry g = new ChunkGeometry(new long[] {5, 100}, new long[] {5, U}, new int[] {2, 7}, 4);
        assertThat(g.extensibleArrayIndex(new long[] {0, 0})).isEqualTo(0);
        assertThat(g.extensibleArrayIndex(new long[] {1, 0})).isEqualTo(1);
        assertThat(g.extensibleArrayIndex(new long[] {2, 0})).isEqualTo(2);
        assertThat(g.extensibleArrayIndex(new long[] {0, 1})).isEqualTo(3);
        // (6, unlimited, 4) chunks (2, 3, 3): order (1, 0, 2) over max chunks (3, 2)
        ChunkGeometry h = new ChunkGeometry(new long[] {3, 40, 4}, new long[] {6, U, 4}, new int[] {2, 3, 3}, 2);
        assertThat(h.extensibleArrayIndex(new long[] {1, 5, 1})).isEqualTo(5 * 6 + 1 * 2 + 1);
        assertThat(h.extensibleArrayScaled(33)).containsExactly(1, 5, 1);
        // unlimited first: no swizzle
        ChunkGeometry k = new ChunkGeometry(new long[] {100, 6}, new long[] {U, 6}, new int[] {3, 4}, 4);
        assertThat(k.extensibleArrayIndex(new long[] {1, 1})).isEqualTo(3);
    }

    @Test
    void coordinatesOutsideTheGridAreRefusedNotAliased() {
        ChunkGeometry g = new ChunkGeometry(new long[] {10, 7}, new long[] {20, 9}, new int[] {3, 4}, 4);
        assertThat(g.inMaxGrid(new long[] {6, 2})).isTrue();
        assertThat(g.inMaxGrid(new long[] {0, 3})).isFalse();
        assertThat(g.inCurrentGrid(new long[] {3, 2})).isFalse();
        assertThatThrownBy(() -> g.fixedArrayIndex(new long[] {0, 3})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> g.fixedArrayIndex(new long[] {0})).hasMessageContaining("1 chunk coordinates for a rank-2 dataset");
        assertThatThrownBy(() -> g.fixedArrayIndex(new long[] {-1, 0})).hasMessageContaining("negative");
    }

    @Test
    void filteredChunkSizeWidth() {
        assertThat(new ChunkGeometry(new long[] {1}, new long[] {1}, new int[] {1}, 1).filteredChunkSizeWidth()).isEqualTo(2);
        assertThat(new ChunkGeometry(new long[] {255}, new long[] {255}, new int[] {255}, 1).filteredChunkSizeWidth()).isEqualTo(2);
        assertThat(new ChunkGeometry(new long[] {256}, new long[] {256}, new int[] {256}, 1).filteredChunkSizeWidth()).isEqualTo(3);
        assertThat(new ChunkGeometry(new long[] {1 << 20}, new long[] {U}, new int[] {1 << 20}, 8).filteredChunkSizeWidth()).isEqualTo(4);
    }

    @Test
    void invalidShapesAreRefused() {
        assertThatThrownBy(() -> new ChunkGeometry(new long[] {4}, new long[] {3}, new int[] {2}, 1)).hasMessageContaining("maximum 3 below current 4");
        assertThatThrownBy(() -> new ChunkGeometry(new long[] {4}, new long[] {4}, new int[] {0}, 1)).hasMessageContaining("must be positive");
        assertThatThrownBy(() -> new ChunkGeometry(new long[] {4, 4}, new long[] {4}, new int[] {2}, 1)).hasMessageContaining("same");
    }

    @Test
    void singleAndImplicitIndexes() {
        ChunkGeometry g = new ChunkGeometry(new long[] {10, 7}, new long[] {20, 9}, new int[] {3, 4}, 4);
        ImplicitChunkIndex implicit = new ImplicitChunkIndex(g, 2063);
        assertThat(implicit.find(new long[] {3, 1})).isEqualTo(new ChunkLocation(2063 + 10 * 48, 48, 0));
        assertThat(implicit.find(new long[] {4, 0})).isNull();
        int[] n = {0};
        implicit.forEach((s, l) -> n[0]++);
        assertThat(n[0]).isEqualTo(8);
        assertThat(new ImplicitChunkIndex(g, -1).find(new long[] {0, 0})).isNull();

        ChunkGeometry one = new ChunkGeometry(new long[] {10, 7}, new long[] {10, 7}, new int[] {10, 7}, 4);
        assertThat(SingleChunkIndex.unfiltered(one, 4000).find(new long[] {0, 0})).isEqualTo(new ChunkLocation(4000, 280, 0));
        assertThat(SingleChunkIndex.filtered(one, 4000, 17, 1).find(new long[] {0, 0})).isEqualTo(new ChunkLocation(4000, 17, 1));
        assertThat(SingleChunkIndex.filtered(one, 4000, 17, 1).find(new long[] {0, 1})).isNull();
        assertThat(SingleChunkIndex.unfiltered(one, -1).find(new long[] {0, 0})).isNull();
    }
}
