package org.h5vds.select;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A NumPy/h5py basic index such as {@code "1:3, ::2, ..."}, {@code "-1"}, {@code "[0, 2, 5]"},
 * and h5py's VDS extras {@code "0:UNLIMITED"} and {@code "MultiBlockSlice(start=0, stride=4, count=2, block=2)"}.
 * Resolving it against a shape gives the file selection and the result shape, exactly as h5py's
 * Selector does (h5py/_selector.pyx):
 * <ul>
 *   <li>slices follow Python ({@code slice.indices}: negative start/stop count from the end and are
 *       clipped); the step must be >= 1;</li>
 *   <li>integers wrap once when negative and must then lie in the axis; the axis is dropped from the
 *       result shape (in place: like h5py, also when combined with a list, where NumPy would move
 *       the combined axes first);</li>
 *   <li>one increasing list per expression (h5py's fancy indexing), negative values wrap;</li>
 *   <li>one {@code ...} fills the missing axes with {@code :}; fewer items than axes are padded at
 *       the end; more is an error;</li>
 *   <li>an expression with no item other than {@code ...} selects ALL (h5py calls H5Sselect_all);</li>
 *   <li>{@code start:UNLIMITED:step} gives an UNLIMITED count, as h5py's VDS code does, except that
 *       h5py 3.7 selects nothing when the start is at or beyond the axis' current length, where
 *       h5vds keeps the unlimited selection from that start;</li>
 *   <li>{@code MultiBlockSlice} is checked and completed as h5py's MultiBlockSlice.indices does.</li>
 * </ul>
 * Immutable.
 */
public final class IndexExpression {
    private final List<IndexItem> items;

    private IndexExpression(List<IndexItem> items) {
        this.items = List.copyOf(items);
    }

    public static IndexExpression of(IndexItem... items) {
        return new IndexExpression(List.of(items));
    }

    public static IndexExpression of(List<IndexItem> items) {
        return new IndexExpression(items);
    }

    /**
     * Parses the text between the brackets of {@code dataset[...]}; the empty text selects
     * everything. Python's tuple parentheses around the whole index are allowed: {@code "()"} is
     * h5py's {@code dataset[()]}, {@code "(1, 2)"} is {@code "1, 2"}.
     */
    public static IndexExpression parse(String text) {
        return new IndexExpression(new Parser(withoutTupleParentheses(text), text).items());
    }

    /** {@code text} with a pair of parentheses enclosing all of it blanked out (positions in messages stay the user's). */
    private static String withoutTupleParentheses(String text) {
        int first = 0;
        int last = text.length() - 1;
        while (first <= last && Character.isWhitespace(text.charAt(first))) first++;
        while (last > first && Character.isWhitespace(text.charAt(last))) last--;
        if (last <= first || text.charAt(first) != '(' || text.charAt(last) != ')') return text;
        int depth = 0;
        for (int i = first; i < last; i++) {
            char c = text.charAt(i);
            if (c == '(') depth++;
            else if (c == ')' && --depth == 0) return text; // "(a)...(b)": not one pair around the whole
        }
        char[] chars = text.toCharArray();
        chars[first] = ' ';
        chars[last] = ' ';
        return new String(chars);
    }

    public List<IndexItem> items() {
        return items;
    }

    /**
     * What an index selects from a dataspace of the given shape.
     *
     * @param selection  the file selection: a product (a Hyperslab when every axis is regular); an
     *                   UNLIMITED slice gives a Hyperslab with an UNLIMITED count on that axis
     * @param shape      the result shape: integer-indexed axes dropped, {@link DimSet#UNLIMITED}
     *                   for an unlimited axis
     * @param dropped    per dataspace axis, true when an integer indexed it
     * @param selectsAll true when h5py would select ALL (no item but {@code ...})
     */
    public record Resolved(ProductSelection selection, long[] shape, boolean[] dropped, boolean selectsAll) {
        public Resolved {
            shape = shape.clone();
            dropped = dropped.clone();
        }

        @Override
        public long[] shape() {
            return shape.clone();
        }

        @Override
        public boolean[] dropped() {
            return dropped.clone();
        }

        /**
         * Checks that a source of the given (selected) shape fills this index exactly, axis by axis,
         * an UNLIMITED axis pairing only with an UNLIMITED one: layout[n] = source needs the source
         * shape to be the layout shape without axis n. This is h5vds' rule for VDS layouts, stricter
         * than libhdf5, which compares element counts only.
         */
        public void requireShape(long[] sourceShape) {
            if (!Arrays.equals(shape, sourceShape)) {
                throw new InvalidIndexException(-1, "the source selects shape " + text(sourceShape) + " but the index selects shape " + text(shape));
            }
        }

        private static String text(long[] shape) {
            StringBuilder sb = new StringBuilder("(");
            for (int i = 0; i < shape.length; i++) {
                if (i > 0) sb.append(", ");
                sb.append(shape[i] == DimSet.UNLIMITED ? "UNLIMITED" : Long.toString(shape[i]));
            }
            return sb.append(shape.length == 1 ? ",)" : ")").toString();
        }

        /** The selection as h5py hands it to libhdf5 (and as a VDS stores it): ALL when {@link #selectsAll()}. */
        public Selection storedSelection() {
            return selectsAll ? new All(selection.rank()) : selection;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Resolved r && r.selection.equals(selection) && Arrays.equals(r.shape, shape)
                    && Arrays.equals(r.dropped, dropped) && r.selectsAll == selectsAll;
        }

        @Override
        public int hashCode() {
            return selection.hashCode() * 31 + Arrays.hashCode(shape);
        }

        @Override
        public String toString() {
            return "Resolved(" + selection + ", shape=" + Arrays.toString(shape) + ")";
        }
    }

    public Resolved resolve(long[] shape) {
        Resolved element = resolveElement(shape);
        if (element != null) return element;
        int rank = shape.length;
        for (int i = 0; i < rank; i++) if (shape[i] < 0) throw new IllegalArgumentException("axis " + i + " has negative length " + shape[i]);
        DimSet[] axes = new DimSet[rank];
        boolean[] dropped = new boolean[rank];
        int nargs = items.size();
        int ellipsisAt = nargs;
        boolean seenEllipsis = false;
        boolean seenList = false;
        int dim = -1;
        for (IndexItem item : items) {
            dim++;
            if (item instanceof IndexItem.Ellipsis) {
                if (seenEllipsis) throw new InvalidIndexException(-1, "Only one ellipsis may be used.");
                seenEllipsis = true;
                ellipsisAt = dim;
                nargs--;
                if (nargs > rank) throw new InvalidIndexException(-1, nargs + " indexing arguments for " + rank + " dimensions");
                dim += rank - nargs - 1;
                continue;
            }
            if (dim >= rank) throw new InvalidIndexException(-1, nargs + " indexing arguments for " + rank + " dimensions");
            long l = shape[dim];
            if (item instanceof IndexItem.Slice s) {
                axes[dim] = slice(dim, s, l);
            } else if (item instanceof IndexItem.At at) {
                long a = at.index() < 0 ? at.index() + l : at.index();
                if (a < 0 || a >= l) {
                    // the index as the user wrote it (h5py reports it after adding the length to a negative one)
                    long typed = at.index();
                    String msg = l == 0 ? "Index (" + typed + ") out of range for empty dimension" : "Index (" + typed + ") out of range for (0-" + (l - 1) + ")";
                    throw new AxisIndexOutOfBoundsException(dim, at.index(), l, msg);
                }
                axes[dim] = new Regular(a, 1, 1, 1);
                dropped[dim] = true;
            } else if (item instanceof IndexItem.MultiBlock m) {
                axes[dim] = multiBlock(dim, m, l);
            } else {
                if (seenList) throw new InvalidIndexException(dim, "Only one indexing vector or array is currently allowed for fancy indexing");
                seenList = true;
                axes[dim] = list(dim, (IndexItem.Indices) item, l);
            }
        }
        for (int i = ellipsisAt; i < ellipsisAt + (rank - nargs); i++) axes[i] = DimSet.interval(0, shape[i]);
        boolean selectsNothing = false;
        for (DimSet d : axes) selectsNothing |= d.isEmpty();
        for (int i = 0; i < rank && !selectsNothing; i++) {
            // only a list can reach the length itself (see list); h5py notices it only when it
            // reads, which it skips when nothing is selected
            DimSet d = axes[i];
            if (!d.isUnlimited() && d.end() > shape[i]) throw fancyOutOfRange(i, d.last(), shape[i]);
        }
        ProductSelection selection;
        try {
            selection = Selection.product(axes);
        } catch (IllegalArgumentException e) {
            throw new InvalidIndexException(-1, e.getMessage());
        }
        int kept = 0;
        for (boolean d : dropped) if (!d) kept++;
        long[] result = new long[kept];
        int k = 0;
        for (int i = 0; i < rank; i++) {
            if (!dropped[i]) result[k++] = axes[i].isUnlimited() ? DimSet.UNLIMITED : axes[i].size();
        }
        return new Resolved(selection, result, dropped, nargs == 0);
    }

    /**
     * An index of one integer per axis, all inside the shape (a layout of 100,000 single-element
     * mappings resolves 200,000 of them): what {@link #resolve} gives, made without its general
     * steps; null for any other index, which the general steps resolve (or refuse, with their
     * messages).
     */
    private Resolved resolveElement(long[] shape) {
        int rank = shape.length;
        if (rank == 0 || items.size() != rank) return null;
        Regular[] axes = new Regular[rank];
        for (int d = 0; d < rank; d++) {
            if (!(items.get(d) instanceof IndexItem.At at)) return null;
            long a = at.index() < 0 ? at.index() + shape[d] : at.index();
            if (a < 0 || a >= shape[d]) return null;
            axes[d] = new Regular(a, 1, 1, 1);
        }
        boolean[] dropped = new boolean[rank];
        java.util.Arrays.fill(dropped, true);
        return new Resolved(new Hyperslab(axes), new long[0], dropped, false);
    }

    /** Python's slice.indices(l) for a positive step, then h5py's start/stride/count. */
    private static DimSet slice(int axis, IndexItem.Slice s, long l) {
        long step = s.step() == null ? 1 : s.step();
        if (step == 0) throw new InvalidIndexException(axis, "slice step cannot be zero");
        if (step < 1) throw new InvalidIndexException(axis, "Step must be >= 1 (got " + step + ")");
        if (s.unlimitedStop()) {
            // h5py clips the start to the current length and selects nothing when that leaves no
            // element (H5Sselect_hyperslab with count 0); an unlimited mapping is meant for an axis
            // that will grow, so the start is kept as given (negative still counts from the end)
            long start = s.start() == null ? 0 : s.start() < 0 ? Math.max(0, s.start() + l) : s.start();
            return new Regular(start, step, DimSet.UNLIMITED, 1);
        }
        long start = clip(s.start(), 0, l);
        long stop = clip(s.stop(), l, l);
        if (stop <= start) return DimSet.EMPTY;
        long count = 1 + (stop - start - 1) / step;
        return new Regular(start, step, count, 1);
    }

    private static long clip(Long v, long dflt, long l) {
        if (v == null) return dflt;
        long x = v;
        if (x < 0) {
            x += l;
            if (x < 0) x = 0;
        } else if (x > l) {
            x = l;
        }
        return x;
    }

    /** h5py's MultiBlockSlice.indices(l). */
    private static DimSet multiBlock(int axis, IndexItem.MultiBlock m, long l) {
        if (m.count() != null && m.count() == DimSet.UNLIMITED) return new Regular(m.start(), m.stride(), DimSet.UNLIMITED, m.block());
        long count;
        if (m.count() == null) {
            count = Math.floorDiv(l - m.start() - m.block(), m.stride()) + 1;
            if (count < 1) throw new InvalidIndexException(axis, "No full blocks can be selected using " + m.text() + " on dimension of length " + l);
        } else {
            count = m.count();
        }
        long end;
        try {
            end = Math.addExact(m.start(), Math.addExact(m.block(), Math.multiplyExact(count - 1, m.stride()))) - 1;
        } catch (ArithmeticException e) {
            end = Long.MAX_VALUE;
        }
        if (end >= l) {
            String c = "MultiBlockSlice(start=" + m.start() + ", stride=" + m.stride() + ", count=" + count + ", block=" + m.block() + ")";
            throw new InvalidIndexException(axis, c + " range (" + m.start() + " - " + end + ") extends beyond maximum index (" + (l - 1) + ")");
        }
        return new Regular(m.start(), m.stride(), count, m.block());
    }

    /** h5py's fancy index: wrap negatives, check bounds, require strictly increasing. */
    private static DimSet list(int axis, IndexItem.Indices ix, long l) {
        int n = ix.length();
        long[] v = new long[n];
        for (int k = 0; k < n; k++) {
            long a = ix.get(k);
            v[k] = a < 0 ? a + l : a;
        }
        // h5py checks the bounds with "> l": an index equal to the length passes here and fails
        // only once every item is applied (see resolve)
        for (int k = 0; k < n; k++) if (v[k] < 0 || v[k] > l) throw fancyOutOfRange(axis, ix.get(k), l);
        for (int k = 1; k < n; k++) {
            if (v[k] <= v[k - 1]) throw new InvalidIndexException(axis, "Indexing elements must be in increasing order");
        }
        return DimSet.of(v);
    }

    private static AxisIndexOutOfBoundsException fancyOutOfRange(int axis, long index, long l) {
        String msg = l == 0 ? "Fancy indexing out of range for empty dimension" : "Fancy indexing out of range for (0-" + (l - 1) + ")";
        return new AxisIndexOutOfBoundsException(axis, index, l, msg);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IndexExpression e && e.items.equals(items);
    }

    @Override
    public int hashCode() {
        return items.hashCode();
    }

    /** The expression in the syntax {@link #parse} reads. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (IndexItem item : items) {
            if (sb.length() > 0) sb.append(", ");
            sb.append(item.text());
        }
        return sb.toString();
    }

    /** Recursive-descent parser of the index syntax. */
    private static final class Parser {
        private final String s;
        /** The text as the user wrote it, for messages ({@code s} may have parentheses blanked). */
        private final String written;
        private int p;

        Parser(String s, String written) {
            this.s = s;
            this.written = written;
        }

        List<IndexItem> items() {
            List<IndexItem> out = new ArrayList<>();
            ws();
            while (p < s.length()) {
                out.add(item());
                ws();
                if (p == s.length()) break;
                expect(',');
                ws();
            }
            return out;
        }

        private IndexItem item() {
            if (s.startsWith("...", p)) {
                p += 3;
                return IndexItem.ellipsis();
            }
            if (peek('[')) return list();
            if (s.startsWith("MultiBlockSlice", p)) return multiBlock();
            int at = p;
            Long a = optionalInt();
            ws();
            if (!peek(':')) {
                if (a == null) throw error(at, "expected an integer, a slice, a list, '...' or MultiBlockSlice");
                return IndexItem.at(a);
            }
            p++;
            ws();
            boolean unlimited = false;
            Long stop = null;
            if (s.startsWith("UNLIMITED", p)) {
                p += "UNLIMITED".length();
                unlimited = true;
            } else {
                stop = optionalInt();
            }
            ws();
            Long step = null;
            if (peek(':')) {
                p++;
                ws();
                step = optionalInt();
            }
            return new IndexItem.Slice(a, stop, step, unlimited);
        }

        private IndexItem list() {
            p++;
            List<Long> values = new ArrayList<>();
            ws();
            while (!peek(']')) {
                int at = p;
                Long v = optionalInt();
                if (v == null) throw error(at, "expected an integer in the index list");
                values.add(v);
                ws();
                if (peek(']')) break;
                expect(',');
                ws();
            }
            p++;
            long[] v = new long[values.size()];
            for (int k = 0; k < v.length; k++) v[k] = values.get(k);
            return IndexItem.indices(v);
        }

        private IndexItem multiBlock() {
            p += "MultiBlockSlice".length();
            ws();
            expect('(');
            String[] names = {"start", "stride", "count", "block"};
            Long[] values = {0L, 1L, null, 1L};
            boolean[] given = new boolean[4];
            int positional = 0;
            boolean keywords = false;
            ws();
            while (!peek(')')) {
                int at = p;
                int slot = -1;
                for (int k = 0; k < names.length; k++) {
                    if (s.startsWith(names[k], p)) {
                        int q = p + names[k].length();
                        while (q < s.length() && Character.isWhitespace(s.charAt(q))) q++;
                        if (q < s.length() && s.charAt(q) == '=') {
                            slot = k;
                            p = q + 1;
                            keywords = true;
                        }
                        break;
                    }
                }
                if (slot < 0) {
                    if (keywords) throw error(at, "positional argument after keyword argument");
                    if (positional >= 4) throw error(at, "MultiBlockSlice takes at most 4 arguments");
                    slot = positional++;
                }
                if (given[slot]) throw error(at, "MultiBlockSlice got multiple values for '" + names[slot] + "'");
                given[slot] = true;
                ws();
                int vat = p;
                if (s.startsWith("None", p)) {
                    if (slot != 2) throw error(vat, "only count may be None");
                    p += 4;
                    values[slot] = null;
                } else if (s.startsWith("UNLIMITED", p)) {
                    if (slot != 2) throw error(vat, "only count may be UNLIMITED");
                    p += "UNLIMITED".length();
                    values[slot] = DimSet.UNLIMITED;
                } else {
                    Long v = optionalInt();
                    if (v == null) throw error(vat, "expected an integer for '" + names[slot] + "'");
                    values[slot] = v;
                }
                ws();
                if (peek(')')) break;
                expect(',');
                ws();
            }
            p++;
            return IndexItem.multiBlock(values[0], values[1], values[2], values[3]);
        }

        private Long optionalInt() {
            int at = p;
            if (p < s.length() && (s.charAt(p) == '-' || s.charAt(p) == '+')) p++;
            int digits = p;
            while (p < s.length() && Character.isDigit(s.charAt(p))) p++;
            if (p == digits) {
                if (digits != at) throw error(at, "expected digits after the sign");
                return null;
            }
            try {
                return Long.parseLong(s.substring(at, p));
            } catch (NumberFormatException e) {
                throw error(at, "integer " + s.substring(at, p) + " out of range");
            }
        }

        private boolean peek(char c) {
            return p < s.length() && s.charAt(p) == c;
        }

        private void expect(char c) {
            if (!peek(c)) throw error(p, p < s.length() ? "expected '" + c + "' but found '" + s.charAt(p) + "'" : "expected '" + c + "' but the text ended");
            p++;
        }

        private void ws() {
            while (p < s.length() && Character.isWhitespace(s.charAt(p))) p++;
        }

        private IndexSyntaxException error(int at, String detail) {
            return new IndexSyntaxException(written, at, detail);
        }
    }
}
