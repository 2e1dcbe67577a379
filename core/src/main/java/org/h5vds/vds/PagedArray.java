package org.h5vds.vds;

/**
 * An array of {@code size} references, null until set, whose memory is taken a page of {@link
 * #PAGE} entries at a time as entries are set: a cache of what was made per mapping (decoded
 * mappings, plan pieces) that costs what a read touches, not a reference per mapping (0.4 MB per
 * cache for 100,000 mappings when one element is read).
 *
 * <p>Safe to share between threads for caching objects whose fields are final: two threads setting
 * entries of a page not yet made may each make it, and one page (with the other's entry) is lost,
 * so an entry may read as null again and be made again; a thread that reads a page another one made
 * sees each entry either null or set.
 */
final class PagedArray<T> {
    private static final int SHIFT = 8;
    static final int PAGE = 1 << SHIFT;

    private final int size;
    private final Object[][] pages;

    PagedArray(int size) {
        this.size = size;
        this.pages = new Object[(size + PAGE - 1) >>> SHIFT][];
    }

    int size() {
        return size;
    }

    @SuppressWarnings("unchecked")
    T get(int i) {
        java.util.Objects.checkIndex(i, size);
        Object[] page = pages[i >>> SHIFT];
        return page == null ? null : (T) page[i & (PAGE - 1)];
    }

    void set(int i, T value) {
        java.util.Objects.checkIndex(i, size);
        Object[] page = pages[i >>> SHIFT];
        if (page == null) pages[i >>> SHIFT] = page = new Object[Math.min(PAGE, size - (i & -PAGE))];
        page[i & (PAGE - 1)] = value;
    }
}
