package org.h5vds.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.h5vds.testing.Python;
import org.junit.jupiter.api.Test;

class IndexExpressionTest {

    // ---- parsing ---------------------------------------------------------------------------

    @Test
    void parsesEveryItemKind() {
        IndexExpression e = IndexExpression.parse(" 1:3 , ::2, ..., -1, [0, 2, 5], 4:, :-1:3, MultiBlockSlice(start=1, stride=4, count=None, block=2), 0:UNLIMITED:2 ");
        assertThat(e.items()).containsExactly(
                IndexItem.slice(1L, 3L),
                IndexItem.slice(null, null, 2L),
                IndexItem.ellipsis(),
                IndexItem.at(-1),
                IndexItem.indices(0, 2, 5),
                IndexItem.slice(4L, null),
                IndexItem.slice(null, -1L, 3L),
                IndexItem.multiBlock(1, 4, null, 2),
                IndexItem.unlimited(0L, 2L));
        assertThat(IndexExpression.parse(e.toString())).isEqualTo(e);
        assertThat(e.toString()).isEqualTo("1:3, ::2, ..., -1, [0, 2, 5], 4:, :-1:3, MultiBlockSlice(start=1, stride=4, count=None, block=2), 0:UNLIMITED:2");
    }

    @Test
    void parsesPositionalMultiBlockSliceTrailingCommasAndEmptyText() {
        assertThat(IndexExpression.parse("MultiBlockSlice(0, 3, 4, 1)").items()).containsExactly(IndexItem.multiBlock(0, 3, 4L, 1));
        assertThat(IndexExpression.parse("MultiBlockSlice(2, count=UNLIMITED)").items()).containsExactly(IndexItem.multiBlock(2, 1, DimSet.UNLIMITED, 1));
        assertThat(IndexExpression.parse("5,").items()).containsExactly(IndexItem.at(5));
        assertThat(IndexExpression.parse("[1, 2,]").items()).containsExactly(IndexItem.indices(1, 2));
        assertThat(IndexExpression.parse("[]").items()).containsExactly(IndexItem.indices());
        assertThat(IndexExpression.parse("   ").items()).isEmpty();
        assertThat(IndexExpression.parse(":").items()).containsExactly(IndexItem.all());
    }

    @Test
    void pythonTupleParenthesesAroundTheWholeIndexAreAllowed() {
        // h5py's dataset[()] reads everything (a scalar's value); dataset[(1, 2)] is dataset[1, 2]
        assertThat(IndexExpression.parse("()").items()).isEmpty();
        assertThat(IndexExpression.parse(" ( ) ").items()).isEmpty();
        assertThat(IndexExpression.parse("(1, 2)").items()).containsExactly(IndexItem.at(1), IndexItem.at(2));
        assertThat(IndexExpression.parse("(1,)").items()).containsExactly(IndexItem.at(1));
        assertThat(IndexExpression.parse("(MultiBlockSlice(0, 3, 4, 1), ...)").items())
                .containsExactly(IndexItem.multiBlock(0, 3, 4L, 1), IndexItem.ellipsis());
        assertThat(IndexExpression.parse("MultiBlockSlice(0, 3, 4, 1)").items()).containsExactly(IndexItem.multiBlock(0, 3, 4L, 1));
        assertThatThrownBy(() -> IndexExpression.parse("(1, x)")).isInstanceOf(IndexSyntaxException.class)
                .hasMessageContaining("position 4").hasMessageContaining("\"(1, x)\"");
        assertThatThrownBy(() -> IndexExpression.parse("(1")).isInstanceOf(IndexSyntaxException.class);
        assertThatThrownBy(() -> IndexExpression.parse("(1), (2)")).isInstanceOf(IndexSyntaxException.class);
    }

    @Test
    void syntaxErrorsSayWhere() {
        assertThatThrownBy(() -> IndexExpression.parse("1:3, x")).isInstanceOf(IndexSyntaxException.class)
                .hasMessageContaining("position 5").hasMessageContaining("\"1:3, x\"");
        assertThatThrownBy(() -> IndexExpression.parse("1 2")).isInstanceOf(IndexSyntaxException.class).hasMessageContaining("expected ','");
        assertThatThrownBy(() -> IndexExpression.parse("[1, 2")).isInstanceOf(IndexSyntaxException.class).hasMessageContaining("text ended");
        assertThatThrownBy(() -> IndexExpression.parse("99999999999999999999")).isInstanceOf(IndexSyntaxException.class).hasMessageContaining("out of range");
        assertThatThrownBy(() -> IndexExpression.parse("-:3")).isInstanceOf(IndexSyntaxException.class).hasMessageContaining("digits");
        assertThatThrownBy(() -> IndexExpression.parse("MultiBlockSlice(block=2, 3)")).isInstanceOf(IndexSyntaxException.class).hasMessageContaining("positional");
        assertThatThrownBy(() -> IndexExpression.parse("MultiBlockSlice(start=None)")).isInstanceOf(IndexSyntaxException.class).hasMessageContaining("only count");
        assertThatThrownBy(() -> IndexExpression.parse(",")).isInstanceOf(IndexSyntaxException.class);
    }

    // ---- semantics -------------------------------------------------------------------------

    static long[] shapeOf(IndexExpression.Resolved r) {
        return r.shape();
    }

    @Test
    void slicesIntegersAndListsResolveLikeH5py() {
        IndexExpression.Resolved r = IndexExpression.parse("1:3, ::2, -1").resolve(new long[] {10, 7, 5});
        assertThat(r.shape()).containsExactly(2, 4);
        assertThat(r.dropped()).containsExactly(false, false, true);
        assertThat(r.selection()).isEqualTo(new Hyperslab(new long[] {1, 0, 4}, new long[] {1, 2, 1}, new long[] {2, 4, 1}, null));
        assertThat(r.selectsAll()).isFalse();
        assertThat(r.storedSelection()).isSameAs(r.selection());

        IndexExpression.Resolved list = IndexExpression.parse("[0, 2, -1], 3").resolve(new long[] {10, 7});
        assertThat(list.shape()).containsExactly(3);
        assertThat(list.selection().axis(0)).isEqualTo(DimSet.of(0, 2, 9));

        IndexExpression.Resolved ell = IndexExpression.parse("..., 2").resolve(new long[] {4, 5, 6});
        assertThat(ell.shape()).containsExactly(4, 5);
        IndexExpression.Resolved all = IndexExpression.parse("...").resolve(new long[] {4, 5});
        assertThat(all.selectsAll()).isTrue();
        assertThat(all.storedSelection()).isEqualTo(new All(2));
        assertThat(all.shape()).containsExactly(4, 5);
        assertThat(IndexExpression.parse("").resolve(new long[0]).selection().count()).isEqualTo(1);
        assertThat(IndexExpression.parse("7:2").resolve(new long[] {10}).selection().isEmpty()).isTrue();
        assertThat(IndexExpression.parse("-100:100").resolve(new long[] {10}).shape()).containsExactly(10);
    }

    @Test
    void errorsNameTheAxisAndUseH5pysWords() {
        long[] shape = {10, 7};
        assertThatThrownBy(() -> IndexExpression.parse("0, ::-1").resolve(shape)).isInstanceOf(InvalidIndexException.class)
                .hasMessage("axis 1: Step must be >= 1 (got -1)");
        assertThatThrownBy(() -> IndexExpression.parse("::0").resolve(shape)).isInstanceOf(InvalidIndexException.class).hasMessageContaining("slice step cannot be zero");
        assertThatThrownBy(() -> IndexExpression.parse("0, 7").resolve(shape))
                .isInstanceOfSatisfying(AxisIndexOutOfBoundsException.class, e -> {
                    assertThat(e.axis()).isEqualTo(1);
                    assertThat(e.index()).isEqualTo(7);
                    assertThat(e.size()).isEqualTo(7);
                })
                .hasMessage("axis 1: Index (7) out of range for (0-6)");
        assertThatThrownBy(() -> IndexExpression.parse("-11").resolve(shape)).hasMessage("axis 0: Index (-11) out of range for (0-9)");
        assertThatThrownBy(() -> IndexExpression.parse("0").resolve(new long[] {0})).hasMessage("axis 0: Index (0) out of range for empty dimension");
        assertThatThrownBy(() -> IndexExpression.parse("1, 2, 3").resolve(shape)).isInstanceOf(InvalidIndexException.class).hasMessage("3 indexing arguments for 2 dimensions");
        assertThatThrownBy(() -> IndexExpression.parse("..., ...").resolve(shape)).hasMessage("Only one ellipsis may be used.");
        assertThatThrownBy(() -> IndexExpression.parse("[2, 1]").resolve(shape)).hasMessage("axis 0: Indexing elements must be in increasing order");
        assertThatThrownBy(() -> IndexExpression.parse("[1, 12]").resolve(shape)).isInstanceOf(AxisIndexOutOfBoundsException.class)
                .hasMessage("axis 0: Fancy indexing out of range for (0-9)");
        assertThatThrownBy(() -> IndexExpression.parse("[1], [2]").resolve(shape)).hasMessage("axis 1: Only one indexing vector or array is currently allowed for fancy indexing");
    }

    @Test
    void layoutIndexAndSourceShapesMustAgree() {
        IndexExpression.Resolved r = IndexExpression.parse("2").resolve(new long[] {4, 100});
        r.requireShape(new long[] {100});
        assertThatThrownBy(() -> r.requireShape(new long[] {99})).isInstanceOf(InvalidIndexException.class)
                .hasMessage("the source selects shape (99,) but the index selects shape (100,)");
        IndexExpression.Resolved u = IndexExpression.parse("0:UNLIMITED, 3").resolve(new long[] {0, 10});
        u.requireShape(IndexExpression.parse("0:UNLIMITED").resolve(new long[] {7}).shape());
        assertThatThrownBy(() -> u.requireShape(new long[] {7})).hasMessage("the source selects shape (7,) but the index selects shape (UNLIMITED,)");
    }

    @Test
    void multiBlockSliceFollowsH5py() {
        // count None: as many full blocks as fit
        IndexExpression.Resolved r = IndexExpression.parse("MultiBlockSlice(start=1, stride=4, block=2)").resolve(new long[] {12});
        assertThat(r.selection().axis(0)).isEqualTo(new Regular(1, 4, 3, 2));
        assertThat(r.shape()).containsExactly(6);
        assertThatThrownBy(() -> IndexExpression.parse("MultiBlockSlice(start=1, stride=4, count=4, block=2)").resolve(new long[] {12}))
                .hasMessage("axis 0: MultiBlockSlice(start=1, stride=4, count=4, block=2) range (1 - 14) extends beyond maximum index (11)");
        assertThatThrownBy(() -> IndexExpression.parse("MultiBlockSlice(start=11, stride=4, block=2)").resolve(new long[] {12}))
                .hasMessage("axis 0: No full blocks can be selected using MultiBlockSlice(start=11, stride=4, count=None, block=2) on dimension of length 12");
        assertThatThrownBy(() -> IndexItem.multiBlock(0, 2, 1L, 3)).hasMessage("Blocks will overlap if block > stride");
        assertThatThrownBy(() -> IndexItem.multiBlock(-1, 2, 1L, 1)).hasMessage("Start can't be negative");
        assertThatThrownBy(() -> IndexItem.multiBlock(0, 0, 1L, 1)).hasMessage("Stride, count and block can't be 0 or negative");
        // stride == block merges into one block, as H5Sselect_hyperslab normalises it
        assertThat(IndexExpression.parse("MultiBlockSlice(0, 2, 3, 2)").resolve(new long[] {6}).selection().axis(0)).isEqualTo(new Regular(0, 1, 1, 6));
    }

    @Test
    void unlimitedSlicesForVdsLayouts() {
        IndexExpression.Resolved r = IndexExpression.parse("2:UNLIMITED:3, 1").resolve(new long[] {5, 10});
        Hyperslab h = (Hyperslab) r.selection();
        assertThat(h.unlimitedAxis()).isEqualTo(0);
        assertThat(h.axis(0)).isEqualTo(new Regular(2, 3, DimSet.UNLIMITED, 1));
        assertThat(r.shape()).containsExactly(DimSet.UNLIMITED);
        assertThat(r.selection().isResolved()).isFalse();
        // beyond the current length the start is kept (h5py 3.7 would select nothing)
        assertThat(((Hyperslab) IndexExpression.parse("7:UNLIMITED").resolve(new long[] {5}).selection()).axis(0).start()).isEqualTo(7);
        assertThat(IndexExpression.parse("MultiBlockSlice(0, 10, UNLIMITED, 4)").resolve(new long[] {0}).selection().isResolved()).isFalse();
    }

    // ---- property: against a direct transcription of Python's rules ------------------------

    /** The indices one item selects on an axis of length l, by Python's definitions; null when h5py raises. */
    static long[] reference(IndexItem item, long l) {
        if (item instanceof IndexItem.At at) {
            long a = at.index() < 0 ? at.index() + l : at.index();
            return a >= 0 && a < l ? new long[] {a} : null;
        }
        if (item instanceof IndexItem.Slice s) {
            long step = s.step() == null ? 1 : s.step();
            if (step < 1) return null;
            List<Long> out = new ArrayList<>();
            for (long i = 0; i < l; i++) {
                long start = s.start() == null ? 0 : s.start() < 0 ? s.start() + l : s.start();
                long stop = s.stop() == null ? l : s.stop() < 0 ? s.stop() + l : s.stop();
                if (i >= start && i < stop && (i - Math.max(start, 0)) % step == 0) out.add(i);
            }
            return out.stream().mapToLong(Long::longValue).toArray();
        }
        IndexItem.Indices ix = (IndexItem.Indices) item;
        long[] v = ix.indices();
        // h5py tests "a > l": an index equal to the length fails only when something is read
        for (int k = 0; k < v.length; k++) {
            if (v[k] < 0) v[k] += l;
            if (v[k] < 0 || v[k] > l) return null;
        }
        for (int k = 1; k < v.length; k++) if (v[k] <= v[k - 1]) return null;
        return v;
    }

    static IndexItem randomItem(Random rnd, long l, boolean allowList) {
        int kind = rnd.nextInt(allowList ? 4 : 3);
        int span = (int) l + 4;
        if (kind == 0) return IndexItem.at(rnd.nextInt(2 * span) - span);
        if (kind <= 2) {
            Long start = rnd.nextInt(3) == 0 ? null : (long) (rnd.nextInt(2 * span) - span);
            Long stop = rnd.nextInt(3) == 0 ? null : (long) (rnd.nextInt(2 * span) - span);
            Long step = rnd.nextInt(2) == 0 ? null : (long) (rnd.nextInt(12) == 0 ? -1 : 1 + rnd.nextInt(4));
            return IndexItem.slice(start, stop, step);
        }
        int n = rnd.nextInt(5);
        long[] v = new long[n];
        long x = rnd.nextInt(3) - 1;
        for (int k = 0; k < n; k++) {
            x += rnd.nextInt(8) == 0 ? 0 : 1 + rnd.nextInt(3);
            v[k] = x;
        }
        if (n > 0 && rnd.nextInt(4) == 0) v[rnd.nextInt(n)] -= l;
        return IndexItem.indices(v);
    }

    @Property(tries = 3000)
    void resolutionMatchesPythonRules(@ForAll long seed) {
        Random rnd = new Random(seed);
        int rank = 1 + rnd.nextInt(3);
        long[] shape = new long[rank];
        for (int i = 0; i < rank; i++) shape[i] = rnd.nextInt(8);
        List<IndexItem> items = new ArrayList<>();
        boolean list = false;
        for (int i = 0; i < rank; i++) {
            if (rnd.nextInt(5) == 0) break;
            IndexItem it = randomItem(rnd, shape[i], !list);
            list |= it instanceof IndexItem.Indices;
            items.add(it);
        }
        IndexExpression e = IndexExpression.of(items);
        assertThat(IndexExpression.parse(e.toString())).isEqualTo(e);
        List<long[]> axes = new ArrayList<>();
        List<Long> resultShape = new ArrayList<>();
        boolean fails = false;
        for (int i = 0; i < rank; i++) {
            long[] m;
            if (i < items.size()) {
                m = reference(items.get(i), shape[i]);
                if (m == null) {
                    fails = true;
                    break;
                }
                if (!(items.get(i) instanceof IndexItem.At)) resultShape.add((long) m.length);
            } else {
                m = new long[(int) shape[i]];
                for (int k = 0; k < m.length; k++) m[k] = k;
                resultShape.add(shape[i]);
            }
            axes.add(m);
        }
        if (!fails) {
            boolean nothing = axes.stream().anyMatch(m -> m.length == 0);
            for (int i = 0; i < axes.size() && !nothing; i++) {
                long[] m = axes.get(i);
                fails |= m[m.length - 1] >= shape[i];
            }
        }
        if (fails) {
            assertThatThrownBy(() -> e.resolve(shape)).as(e + " on " + Arrays.toString(shape)).isInstanceOfAny(IllegalArgumentException.class, IndexOutOfBoundsException.class);
            return;
        }
        IndexExpression.Resolved r = e.resolve(shape);
        assertThat(r.shape()).as(e + " on " + Arrays.toString(shape)).containsExactly(resultShape.stream().mapToLong(Long::longValue).toArray());
        assertThat(SelCase.text(SelCase.enumerate(r.selection()))).as(e + " on " + Arrays.toString(shape))
                .containsExactlyElementsOf(SelCase.text(SelCase.product(axes)));
    }

    // ---- oracle: real NumPy and h5py --------------------------------------------------------

    @Test
    void agreesWithNumpyAndH5py() throws Exception {
        Random rnd = new Random(20240611);
        ObjectMapper json = new ObjectMapper();
        ArrayNode cases = json.createArrayNode();
        List<long[]> shapes = new ArrayList<>();
        List<String> exprs = new ArrayList<>();
        for (int c = 0; c < 400; c++) {
            int rank = 1 + rnd.nextInt(4);
            long[] shape = new long[rank];
            for (int i = 0; i < rank; i++) shape[i] = rnd.nextInt(10) == 0 ? 0 : 1 + rnd.nextInt(7);
            List<IndexItem> items = new ArrayList<>();
            int n = rnd.nextInt(rank + 2);
            boolean list = false;
            for (int k = 0; k < n; k++) {
                if (rnd.nextInt(8) == 0) {
                    items.add(IndexItem.ellipsis());
                    continue;
                }
                long l = shape[Math.min(k, rank - 1)];
                IndexItem it = randomItem(rnd, l, !list || rnd.nextInt(10) == 0);
                list |= it instanceof IndexItem.Indices;
                items.add(it);
            }
            String expr = IndexExpression.of(items).toString();
            shapes.add(shape);
            exprs.add(expr);
            ArrayNode caseNode = cases.addArray();
            ArrayNode s = caseNode.addArray();
            for (long x : shape) s.add(x);
            caseNode.add(expr);
        }
        Path input = Files.createTempFile("index-cases", ".json");
        try {
            Files.writeString(input, json.writeValueAsString(cases));
            String out = Python.run("""
                    import sys, json
                    import numpy as np, h5py
                    cases = json.load(open(sys.argv[1]))
                    f = h5py.File('cases.h5', 'w', driver='core', backing_store=False)
                    results = []
                    for i, (shape, expr) in enumerate(cases):
                        a = np.arange(int(np.prod(shape)), dtype='i8').reshape(shape)
                        d = f.create_dataset('d%d' % i, data=a)
                        res = {}
                        for name, target in (('numpy', a), ('h5py', d)):
                            try:
                                v = np.asarray(eval('target[' + (expr if expr.strip() else '()') + ']'))
                                res[name] = {'shape': list(v.shape), 'values': [int(x) for x in v.ravel()]}
                            except Exception as e:
                                res[name] = {'error': type(e).__name__, 'message': str(e)}
                        results.append(res)
                    print(json.dumps(results))
                    """, input);
            JsonNode results = json.readTree(out);
            int numpyAgreed = 0;
            int errors = 0;
            for (int c = 0; c < shapes.size(); c++) {
                long[] shape = shapes.get(c);
                String expr = exprs.get(c);
                JsonNode h5 = results.get(c).get("h5py");
                JsonNode np = results.get(c).get("numpy");
                String why = "case " + c + ": d[" + expr + "] on " + Arrays.toString(shape) + ", h5py says " + h5 + ", numpy says " + np;
                if (h5.has("error")) {
                    errors++;
                    assertThatThrownBy(() -> IndexExpression.parse(expr).resolve(shape)).as(why).isInstanceOfAny(IllegalArgumentException.class, IndexOutOfBoundsException.class)
                            .satisfies(e -> {
                                String m = h5.get("message").asText();
                                // h5py's words, except that we give an out-of-range index as it was typed
                                // (h5py shows a negative one with the length added)
                                if (isH5pyPhrase(m)) assertThat(e.getMessage().replaceAll("Index \\(-?\\d+\\)", "Index (N)"))
                                        .as(why).endsWith(m.replaceAll("Index \\(-?\\d+\\)", "Index (N)"));
                            });
                    continue;
                }
                IndexExpression.Resolved r = IndexExpression.parse(expr).resolve(shape);
                List<Long> shapeExpect = new ArrayList<>();
                h5.get("shape").forEach(x -> shapeExpect.add(x.asLong()));
                assertThat(r.shape()).as(why).containsExactly(shapeExpect.stream().mapToLong(Long::longValue).toArray());
                List<Long> values = new ArrayList<>();
                for (long[] el : SelCase.enumerate(r.selection())) {
                    long lin = 0;
                    for (int i = 0; i < shape.length; i++) lin = lin * shape[i] + el[i];
                    values.add(lin);
                }
                List<Long> expect = new ArrayList<>();
                h5.get("values").forEach(x -> expect.add(x.asLong()));
                assertThat(values).as(why).containsExactlyElementsOf(expect);
                if (np.equals(h5)) numpyAgreed++;
            }
            assertThat(errors).as("the cases exercise h5py's errors").isGreaterThan(20);
            assertThat(numpyAgreed).as("most successful cases are plain NumPy indexing").isGreaterThan(150);
        } finally {
            Files.deleteIfExists(input);
        }
    }

    private static boolean isH5pyPhrase(String m) {
        return m.startsWith("Index (") || m.startsWith("Step must be") || m.startsWith("Fancy indexing out of range")
                || m.equals("Indexing elements must be in increasing order") || m.contains("indexing arguments for")
                || m.equals("Only one ellipsis may be used.") || m.startsWith("Only one indexing vector")
                || m.equals("slice step cannot be zero");
    }
}
