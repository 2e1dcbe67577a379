package org.h5vds.vds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A paged array reads as an array of references, null until set, whatever the pages made so far. */
class PagedArrayTest {
    @Test
    void readsAsAnArrayOfReferences() {
        for (int size : new int[] {0, 1, PagedArray.PAGE - 1, PagedArray.PAGE, PagedArray.PAGE + 1, 5 * PagedArray.PAGE + 17}) {
            PagedArray<String> a = new PagedArray<>(size);
            String[] want = new String[size];
            for (int i = size - 1; i >= 0; i -= 3) {
                a.set(i, "e" + i);
                want[i] = "e" + i;
            }
            for (int i = 0; i < size; i++) assertThat(a.get(i)).as("size %d, entry %d", size, i).isEqualTo(want[i]);
            if (size > 0) {
                a.set(0, "first");
                assertThat(a.get(0)).isEqualTo("first");
            }
            assertThat(a.size()).isEqualTo(size);
            assertThatThrownBy(() -> a.get(size)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> a.set(-1, "x")).isInstanceOf(IndexOutOfBoundsException.class);
        }
    }
}
