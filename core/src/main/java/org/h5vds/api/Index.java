package org.h5vds.api;

import java.util.List;
import org.h5vds.select.IndexExpression;
import org.h5vds.select.IndexItem;

/**
 * A NumPy basic index — what goes between the brackets of {@code dset[...]} in h5py — parsed from
 * text or built item by item.
 *
 * <pre>{@code
 * Index.parse("1:3, ::2, ...")
 * Index.of(Index.at(-1), Index.slice(0, 10, 2), Index.ellipsis())
 * }</pre>
 * Integers may be negative; slices follow NumPy ({@code start:stop:step}, step at least 1, bounds
 * clipped); one {@code ...} stands for the axes not named; increasing lists {@code [0, 2, 5]}
 * select those positions. An integer removes its axis from the result, as in NumPy.
 *
 * <p>For virtual dataset mappings ({@link VirtualLayout#set}, {@link VirtualSource#slice}) h5py's
 * extras are accepted too: {@code start:UNLIMITED[:step]} ({@link #sliceToUnlimited}) and
 * {@code MultiBlockSlice(start=0, stride=4, count=UNLIMITED, block=2)} ({@link #multiBlockSlice}).
 */
public final class Index {
    /**
     * h5py's {@code h5s.UNLIMITED}: the count of a {@link #multiBlockSlice} that repeats without end
     * (an unlimited or printf mapping).
     */
    public static final long UNLIMITED = org.h5vds.select.DimSet.UNLIMITED;

    /** Selects everything: {@code dset[()]} / {@code dset[...]}. */
    public static final Index ALL = new Index(IndexExpression.of());

    /** Null for an index of integers only until something asks for it (see {@link #positions}). */
    private IndexExpression expression;
    /**
     * The positions of an index of integers only (made by {@link #of}, or parsed from such text),
     * one per axis, as given; else null. A layout of 100,000 single-element mappings makes 200,000
     * such indexes, which the layout and the source take from here without building the general
     * expression; a frame loop's reads take theirs.
     */
    private final long[] positions;

    private Index(IndexExpression expression) {
        this.expression = expression;
        this.positions = null;
    }

    private Index(long[] positions) {
        this.positions = positions;
    }

    /**
     * Parses NumPy index syntax, e.g. {@code "5"}, {@code "-1, :"}, {@code "1:3, ::2"},
     * {@code "..., 0"}, {@code "[0, 2, 5], :"}.
     *
     * @param text NumPy indexing, as inside {@code dset[...]}
     * @return the parsed index
     * @throws IllegalArgumentException naming the position and what was expected
     */
    public static Index parse(String text) {
        try {
            long[] at = integers(text);
            return at != null ? new Index(at) : new Index(IndexExpression.parse(text));
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * The integers of a text that is integers separated by commas ({@code "7"}, {@code "-1, 3"}),
     * written in ASCII with at most 18 digits each; null for any other text, which the parser
     * reads (or refuses, with its messages). A frame loop's {@code read("7")} thus gets the
     * positions form ({@link #positions}) with no parser and no expression.
     */
    private static long[] integers(String text) {
        int n = text.length();
        int items = 1;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == ',') items++;
            else if (!(c >= '0' && c <= '9' || c == '-' || c == '+' || c == ' ')) return null;
        }
        long[] at = new long[items];
        int p = 0;
        for (int k = 0; k < items; k++) {
            while (p < n && text.charAt(p) == ' ') p++;
            boolean negative = p < n && text.charAt(p) == '-';
            if (p < n && (negative || text.charAt(p) == '+')) p++;
            int digits = p;
            long v = 0;
            while (p < n && text.charAt(p) >= '0' && text.charAt(p) <= '9') v = v * 10 + (text.charAt(p++) - '0');
            if (p == digits || p - digits > 18) return null;
            while (p < n && text.charAt(p) == ' ') p++;
            if (p < n && text.charAt(p++) != ',') return null;
            at[k] = negative ? -v : v;
        }
        return p == n ? at : null;
    }

    /**
     * The index made of {@code items}, one per axis (or an ellipsis), as NumPy's tuple of items.
     *
     * @param items integers, slices, ellipses, lists of indices
     * @return the index
     */
    public static Index of(Item... items) {
        try {
            long[] at = items.length == 0 ? null : new long[items.length];
            for (int i = 0; i < items.length && at != null; i++) {
                if (items[i].item == null) at[i] = items[i].at;
                else at = null;
            }
            if (at != null) return new Index(at);
            IndexItem[] parts = new IndexItem[items.length];
            for (int i = 0; i < items.length; i++) parts[i] = items[i].item();
            return new Index(IndexExpression.of(parts));
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * One position along an axis (negative counts from the end); the axis is dropped from the result.
     *
     * @param index the position along the axis
     * @return the item
     */
    public static Item at(long index) {
        try {
            if (index >= -SMALL && index < SMALL) return Item.SMALL_INTEGERS[(int) index + SMALL];
            return new Item(index);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * The whole axis, {@code :}.
     *
     * @return the item {@code :}
     */
    public static Item all() {
        try {
            return new Item(IndexItem.all());
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * {@code start:stop}; null for an omitted bound.
     *
     * @param start the first position, or null for the axis's start
     * @param stop the position after the last, or null for the axis's end
     * @return the item
     */
    public static Item slice(Long start, Long stop) {
        try {
            return new Item(IndexItem.slice(start, stop));
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * {@code start:stop:step}; null for an omitted part.
     *
     * @param start the first position, or null for the step's default
     * @param stop the position after the last, or null for the step's default
     * @param step the distance between positions, not 0; null for 1
     * @return the item
     */
    public static Item slice(Long start, Long stop, Long step) {
        try {
            return new Item(IndexItem.slice(start, stop, step));
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * An increasing list of positions, {@code [0, 2, 5]}.
     *
     * @param positions the positions, increasing
     * @return the item
     */
    public static Item list(long... positions) {
        try {
            return new Item(IndexItem.indices(positions));
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * {@code start:UNLIMITED:step} (h5py's {@code slice(start, h5s.UNLIMITED, step)}): from
     * {@code start} without end, for unlimited virtual dataset mappings; null for an omitted part.
     *
     * @param start the first position, or null for 0
     * @param step the distance between positions; null for 1
     * @return the item
     */
    public static Item sliceToUnlimited(Long start, Long step) {
        try {
            return new Item(IndexItem.unlimited(start, step));
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * h5py's {@code MultiBlockSlice(start, stride, count, block)}: {@code count} blocks of
     * {@code block} positions, {@code stride} apart; a null count takes as many whole blocks as
     * the axis holds, {@link #UNLIMITED} repeats them without end.
     *
     * @param start the first block's first position, 0 or more
     * @param stride the distance between block starts
     * @param count the number of blocks, {@link #UNLIMITED} or null
     * @param block the block's length, 1 to {@code stride}
     * @return the item
     * @throws IllegalArgumentException as h5py's constructor raises: negative start, stride, count
     *                                  or block below 1, block larger than stride
     */
    public static Item multiBlockSlice(long start, long stride, Long count, long block) {
        try {
            return new Item(IndexItem.multiBlock(start, stride, count, block));
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * {@code ...}: as many whole axes as the other items leave.
     *
     * @return the item {@code ...}
     */
    public static Item ellipsis() {
        try {
            return new Item(IndexItem.ellipsis());
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    IndexExpression expression() {
        IndexExpression e = expression;
        if (e == null) {
            // built at most a few times by racing threads, each time equal and immutable
            IndexItem[] parts = new IndexItem[positions.length];
            for (int i = 0; i < parts.length; i++) parts[i] = new IndexItem.At(positions[i]);
            expression = e = IndexExpression.of(parts);
        }
        return e;
    }

    /** The positions of an index of integers only (not to be changed), or null; see {@link #positions}. */
    long[] positions() {
        return positions;
    }

    List<IndexItem> items() {
        return expression().items();
    }

    /**
     * Whether this index selects everything whatever the shape, as {@code dset[()]} and
     * {@code dset[...]} do: no item, or one ellipsis. (The one index a scalar or an empty, null
     * dataspace takes.)
     *
     * @return true for {@code ()} and {@code ...}
     */
    public boolean selectsAll() {
        List<IndexItem> items = items();
        return items.isEmpty() || items.size() == 1 && items.get(0) instanceof org.h5vds.select.IndexItem.Ellipsis;
    }

    @Override
    public String toString() {
        try {
            return expression().toString();
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /** Integers from -SMALL to SMALL - 1 have one shared item each (see {@link Item#SMALL_INTEGERS}). */
    private static final int SMALL = 1024;

    /** One item of an index. */
    public static final class Item {
        /**
         * The items of the integers from -{@link #SMALL} to {@link #SMALL} - 1, made once, as
         * {@code Integer.valueOf} shares small integers: items are immutable, and a loop that maps
         * 100,000 elements makes most of its integers (positions within a frame or a row) small.
         */
        private static final Item[] SMALL_INTEGERS = new Item[2 * SMALL];

        static {
            for (int i = 0; i < SMALL_INTEGERS.length; i++) SMALL_INTEGERS[i] = new Item(i - SMALL);
        }

        /** The item; null for an integer, which is {@link #at} alone (a mapping loop makes hundreds of thousands). */
        private final IndexItem item;
        private final long at;

        Item(IndexItem item) {
            this.item = java.util.Objects.requireNonNull(item);
            this.at = 0;
        }

        Item(long at) {
            this.item = null;
            this.at = at;
        }

        IndexItem item() {
            return item == null ? IndexItem.at(at) : item;
        }

        @Override
        public String toString() {
            try {
                return item().text();
            } catch (RuntimeException e) {
                throw Errors.translate(e);
            }
        }
    }
}
