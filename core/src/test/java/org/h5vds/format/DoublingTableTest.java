package org.h5vds.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DoublingTableTest {
    /** libhdf5's link heap: width 4, 512-byte start, 64 KiB direct blocks, 32-bit heap. */
    final DoublingTable links = new DoublingTable(4, 512, 65536, 32);

    @Test
    void derivesTheValuesH5debugPrints() {
        // h5debug of a dense group's heap: "Max. # of rows in root indirect block: 22",
        // "Max. # of direct rows in any indirect block: 9"; for the attribute heap 29 and 8
        assertThat(links.maxRootRows()).isEqualTo(22);
        assertThat(links.maxDirectRows()).isEqualTo(9);
        DoublingTable attributes = new DoublingTable(4, 1024, 65536, 40);
        assertThat(attributes.maxRootRows()).isEqualTo(29);
        assertThat(attributes.maxDirectRows()).isEqualTo(8);
    }

    @Test
    void rowsStartWithTwoRowsOfTheStartingSizeThenDouble() {
        assertThat(new long[]{links.rowBlockSize(0), links.rowBlockSize(1), links.rowBlockSize(2), links.rowBlockSize(3)})
                .containsExactly(512, 512, 1024, 2048);
        assertThat(new long[]{links.rowBlockOffset(0), links.rowBlockOffset(1), links.rowBlockOffset(2), links.rowBlockOffset(3)})
                .containsExactly(0, 2048, 4096, 8192);
        assertThat(links.rowBlockSize(8)).isEqualTo(65536);
        assertThat(links.isDirectRow(8)).isTrue();
        assertThat(links.isDirectRow(9)).isFalse();
    }

    @Test
    void looksUpRowAndColumnOfAnOffset() {
        long[][] cases = {{0, 0, 0}, {511, 0, 0}, {512, 0, 1}, {2047, 0, 3}, {2048, 1, 0}, {2560, 1, 1},
                {4096, 2, 0}, {5120, 2, 1}, {8191, 2, 3}, {8192, 3, 0}, {16384 - 1, 3, 3}, {16384, 4, 0}};
        for (long[] c : cases) {
            assertThat(links.row(c[0])).as("row of %d", c[0]).isEqualTo((int) c[1]);
            assertThat(links.column(c[0])).as("column of %d", c[0]).isEqualTo((int) c[2]);
        }
    }

    @Test
    void childIndirectBlocksSpanExactlyTheirEntry() {
        // an entry of row r >= maxDirectRows is an indirect block of rowsForSize rows covering the entry
        for (int row = links.maxDirectRows(); row < links.maxRootRows(); row++) {
            int rows = links.rowsForSize(links.rowBlockSize(row));
            assertThat(rows).isLessThan(row);
            assertThat(links.span(rows)).isEqualTo(links.rowBlockSize(row));
        }
        assertThat(links.rowsForSize(links.rowBlockSize(9))).isEqualTo(7);
        assertThat(links.directEntries(7)).isEqualTo(28);
        assertThat(links.indirectEntries(7)).isZero();
        assertThat(links.directEntries(12)).isEqualTo(36);
        assertThat(links.indirectEntries(12)).isEqualTo(12);
        assertThat(links.span(links.maxRootRows())).isEqualTo(1L << 32);
    }

    @Test
    void directBlockSlotsTileTheAddressSpace() {
        DoublingTable small = new DoublingTable(2, 64, 128, 20);
        long offset = 0;
        int slots = 0;
        while (offset < small.span(small.maxRootRows())) {
            long size = small.directBlockSizeAt(offset);
            assertThat(size).isIn(64L, 128L);
            assertThat(offset % size).isZero();
            offset += size;
            slots++;
        }
        assertThat(offset).isEqualTo(1L << 20);
        assertThat(slots).isGreaterThan(8000);
        assertThatThrownBy(() -> small.directBlockSizeAt(1L << 20)).hasMessageContaining("beyond the maximum heap size");
    }

    @Test
    void rejectsTablesTheFormatDoesNotAllow() {
        assertThatThrownBy(() -> new DoublingTable(3, 512, 65536, 32)).hasMessageContaining("width 3");
        assertThatThrownBy(() -> new DoublingTable(4, 500, 65536, 32)).hasMessageContaining("starting block size 500");
        assertThatThrownBy(() -> new DoublingTable(4, 512, 256, 32)).hasMessageContaining("smaller than the starting block size");
        assertThatThrownBy(() -> new DoublingTable(4, 512, 1L << 31, 40)).hasMessageContaining("larger than supported");
        assertThatThrownBy(() -> new DoublingTable(4, 512, 65536, 10)).hasMessageContaining("maximum heap size of 10 bits");
        assertThatThrownBy(() -> new DoublingTable(4, 512, 65536, 64)).hasMessageContaining("maximum heap size of 64 bits");
        DoublingTable widest = new DoublingTable(1, 1, 1, 63);
        assertThat(widest.span(widest.maxRootRows())).isEqualTo(Long.MAX_VALUE);
    }
}
