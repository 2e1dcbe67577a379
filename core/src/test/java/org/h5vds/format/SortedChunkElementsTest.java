package org.h5vds.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The sorted arrays a chunk index is built from answer as the sorted map they replace. */
class SortedChunkElementsTest {
    private static ChunkElement element(long index) {
        return new ChunkElement(1000 + index * 7, index + 1, (int) (index & 3));
    }

    @Property(tries = 300)
    void answersAsATreeMap(@ForAll @Size(max = 300) List<@LongRange(max = 600) Long> indexes,
                           @ForAll @LongRange(max = 620) long from, @ForAll @LongRange(max = 70) long n) {
        TreeMap<Long, ChunkElement> map = new TreeMap<>();
        SortedChunkElements.Collector c = new SortedChunkElements.Collector(2);
        for (long i : indexes) {
            if (map.containsKey(i)) continue;
            map.put(i, element(i));
            c.add(i, element(i)); // in the order given: unsorted, growing the collector
        }
        SortedChunkElements sorted = c.sorted();

        assertThat(sorted.size()).isEqualTo(map.size());
        List<Long> order = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            order.add(sorted.index(i));
            assertThat(sorted.element(i)).isEqualTo(map.get(sorted.index(i)));
        }
        assertThat(order).containsExactlyElementsOf(map.keySet());
        assertThat(sorted.anyIn(from, from + n)).isEqualTo(!map.subMap(from, from + n).isEmpty());
        List<ChunkElement> expected = new ArrayList<>();
        for (long i = from; i < from + n; i++) expected.add(map.getOrDefault(i, ChunkElement.UNALLOCATED));
        assertThat(sorted.range(from, n)).containsExactlyElementsOf(expected);
        if (!map.isEmpty()) {
            assertThat(sorted.firstIndex()).isEqualTo(map.firstKey());
            assertThat(sorted.lastIndex()).isEqualTo(map.lastKey());
        }
        assertThat(SortedChunkElements.of(map).size()).isEqualTo(map.size());
    }

    @Test
    void refusesAnIndexGivenTwice() {
        SortedChunkElements.Collector c = new SortedChunkElements.Collector(4);
        c.add(5, element(5));
        c.add(2, element(2));
        c.add(5, element(5));
        assertThatThrownBy(c::sorted).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("element index 5 given twice");
    }

    @Test
    void emptyWhenNothingWasGiven() {
        SortedChunkElements s = SortedChunkElements.of(Map.of());
        assertThat(s.isEmpty()).isTrue();
        assertThat(s.anyIn(0, 100)).isFalse();
        assertThat(s.range(3, 2)).containsExactly(ChunkElement.UNALLOCATED, ChunkElement.UNALLOCATED);
    }
}
