package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.h5vds.format.message.AttributeInfoMessage;
import org.h5vds.format.message.LinkInfoMessage;
import org.h5vds.node.OpenFile;
import org.h5vds.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Groups and attributes as h5py sees them: compact groups up to 8 links and dense ones beyond
 * (10,000 links listed in name order and opened quickly), soft and external links, NeXus-style
 * string attributes (variable and fixed length, scalar and 1-D, UTF-8), and dense attributes —
 * more than 8, or one too large for the header, stored as a huge heap object.
 */
class GroupsAndAttributesTest {
    @TempDir
    Path dir;

    /** libhdf5 orders names by their UTF-8 bytes. */
    static List<String> sorted(List<String> names) {
        List<String> s = new ArrayList<>(names);
        s.sort((a, b) -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)));
        return s;
    }

    @Test
    void compactAndDenseGroupsWithAllLinkKinds() {
        Path file = dir.resolve("groups.h5");
        WrittenFiles files = new WrittenFiles(dir);
        Map<String, List<String>> links = new LinkedHashMap<>();
        try (H5File f = H5File.create(file)) {
            for (int n : new int[] {0, 1, 8, 9, 40}) {
                Group g = f.createGroup("g" + n);
                List<String> names = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    String name = (i % 3 == 0 ? "Ω" : "m") + i;
                    names.add(name);
                    switch (i % 4) {
                        case 0 -> g.createGroup(name);
                        case 1 -> g.createDataset(name, NdArray.of(new int[] {i}));
                        case 2 -> g.softLink(name, "/g" + n + "/" + names.get(0));
                        default -> g.externalLink(name, "other" + i + ".h5", "/data/" + i);
                    }
                }
                files.group(file, "/g" + n, sorted(names), n > 3 ? Map.of(names.get(2), List.of("SoftLink", "/g" + n + "/" + names.get(0)),
                        names.get(3), List.of("ExternalLink", "/data/3", "other3.h5")) : Map.of());
            }
            f.createDataset("deep/er/still/data", NdArray.of(new double[] {1.5, 2.5}));
            files.group(file, "/deep/er", List.of("still"), Map.of());
        }
        files.checkWithH5py();
        files.checkWithH5Dump();
        try (OpenFile o = OpenFile.open(file)) {
            for (int n : new int[] {0, 1, 8, 9, 40}) {
                LinkInfoMessage info = o.resolve("/g" + n).header().require(LinkInfoMessage.class);
                assertThat(info.isDense()).as("group with " + n + " links is dense").isEqualTo(n > 8);
            }
        }
        try (H5File f = H5File.open(file)) {
            assertThat(f.group("g40").keys()).hasSize(40);
            assertThat(f.dataset("g9/m1").read().toIntArray()).containsExactly(1);
            assertThat(f.get("g9/m2")).isInstanceOf(Group.class);   // a soft link to Ω0, followed
            assertThat(f.group("g9").links()).filteredOn(l -> l.name().equals("Ω3")).singleElement()
                    .isEqualTo(new Link("Ω3", Link.Kind.EXTERNAL, "/data/3", "other3.h5"));
            assertThat(f.dataset("deep/er/still/data").read().toDoubleArray()).containsExactly(1.5, 2.5);
        }
    }

    @Test
    void tenThousandLinksAreListedInNameOrderAndOpenQuickly() {
        Path file = dir.resolve("big.h5");
        List<String> names = new ArrayList<>();
        long start = System.nanoTime();
        try (H5File f = H5File.create(file)) {
            Group big = f.createGroup("big");
            for (int i = 0; i < 10_000; i++) {
                String name = "entry_" + Integer.toString(i * 7919 % 10_007, 36) + "_" + i;
                names.add(name);
                if (i % 2 == 0) big.createGroup(name);
                else big.createDataset(name, NdArray.of(new short[] {(short) i}));
            }
        }
        double writeSeconds = (System.nanoTime() - start) / 1e9;
        String out = Python.run("""
                import h5py, sys, time, random, os
                path, expected = sys.argv[1], sys.argv[2]
                names = open(expected).read().split('\\n')
                def measure(p):
                    t0 = time.perf_counter()
                    with h5py.File(p, 'r') as f:
                        g = f['big']
                        t1 = time.perf_counter()
                        keys = list(g.keys())
                        t2 = time.perf_counter()
                        rnd = random.Random(1)
                        picks = [names[rnd.randrange(len(names))] for _ in range(500)]
                        for n in picks:
                            o = g[n]
                        t3 = time.perf_counter()
                        return keys, t1 - t0, t2 - t1, (t3 - t2) / len(picks)
                keys, open_s, list_s, lookup_s = measure(path)
                assert keys == sorted(names, key=lambda s: s.encode()), 'keys out of order'
                with h5py.File(path, 'r') as f:
                    assert f['big'][names[1]][0] == 1
                ref = path + '.libhdf5.h5'
                with h5py.File(ref, 'w', libver='latest') as f:
                    g = f.create_group('big')
                    for i, n in enumerate(names):
                        if i % 2 == 0: g.create_group(n)
                        else: g.create_dataset(n, data=[i], dtype='i2')
                _, ropen, rlist, rlookup = measure(ref)
                os.remove(ref)
                print(f'h5vds file: open {open_s*1e3:.2f} ms, list {list_s*1e3:.1f} ms, lookup {lookup_s*1e6:.1f} us')
                print(f'libhdf5 file: open {ropen*1e3:.2f} ms, list {rlist*1e3:.1f} ms, lookup {rlookup*1e6:.1f} us')
                print(f'ratio h5vds/libhdf5: open {open_s/ropen:.2f}, list {list_s/rlist:.2f}, lookup {lookup_s/rlookup:.2f}')
                print('OK', len(keys))
                """, file, writeNames(names));
        System.out.printf("10,000-link group written in %.2f s%n%s", writeSeconds, out);
        assertThat(out).contains("OK 10000");
        try (H5File f = H5File.open(file)) {
            assertThat(f.group("big").keys()).isEqualTo(sorted(names));
            assertThat(f.dataset("big/" + names.get(9999)).read().toIntArray()).containsExactly(9999);
        }
    }

    private Path writeNames(List<String> names) {
        try {
            return java.nio.file.Files.writeString(dir.resolve("names.txt"), String.join("\n", names));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void stringAndDenseAttributes() {
        Path file = dir.resolve("attrs.h5");
        WrittenFiles files = new WrittenFiles(dir);
        double[] big = new double[20_000];
        for (int i = 0; i < big.length; i++) big[i] = i * 0.5;
        List<String> many = new ArrayList<>();   // spread over several global heap collections, one too large for a shared one
        for (int i = 0; i < 3000; i++) many.add(i == 1500 ? "y".repeat(10_000) : "string number " + i);
        try (H5File f = H5File.create(file)) {
            Group entry = f.createGroup("entry");
            entry.setAttribute("NX_class", "NXentry");
            entry.setAttribute("default", "data");
            Group inst = f.createGroup("entry/instrument");
            inst.setAttribute("NX_class", "NXinstrument");
            inst.setAttribute("NX_class", "NXinstrument");   // set twice: one attribute, the last value
            inst.setAttribute("names", List.of("alpha", "βeta", "", "a longer string of text"));
            inst.setFixedLengthAttribute("fixed", "abc");
            inst.setFixedLengthAttribute("fixed_utf8", "héllo");
            inst.setFixedLengthAttribute("fixed_list", List.of("a", "bbb", "cc"));
            inst.setAttribute("empty", "");
            inst.setAttribute("gain", NdArray.of(new double[] {1.5}));
            inst.setAttribute("count", 42);
            inst.setAttribute("ratio", 0.25);
            Dataset d = f.createDataset("entry/data", NdArray.of(new int[] {1, 2, 3}));
            for (int i = 0; i < 20; i++) d.setAttribute("attr" + i, NdArray.of(new long[] {i, -i}));
            d.setAttribute("units", "counts");
            Group huge = f.createGroup("huge");
            huge.setAttribute("big", NdArray.of(big));
            huge.setAttribute("small", 1);
            huge.setAttribute("NX_class", "NXcollection");
            huge.setAttribute("many", many);
            Group mid = f.createGroup("mid");
            for (int i = 0; i < 9; i++) mid.setAttribute("s" + i, "x".repeat(i * 700));
            files.stringAttribute(file, "/entry", "NX_class", "vlen", 0, new long[0], List.of("NXentry"));
            files.stringAttribute(file, "/entry", "default", "vlen", 0, new long[0], List.of("data"));
            files.stringAttribute(file, "/entry/instrument", "NX_class", "vlen", 0, new long[0], List.of("NXinstrument"));
            files.stringAttribute(file, "/entry/instrument", "names", "vlen", 0, new long[] {4}, List.of("alpha", "βeta", "", "a longer string of text"));
            files.stringAttribute(file, "/entry/instrument", "fixed", "fixed", 3, new long[0], List.of("abc"));
            files.stringAttribute(file, "/entry/instrument", "fixed_utf8", "fixed", 6, new long[0], List.of("héllo"));
            files.stringAttribute(file, "/entry/instrument", "fixed_list", "fixed", 3, new long[] {3}, List.of("a", "bbb", "cc"));
            files.stringAttribute(file, "/entry/instrument", "empty", "vlen", 0, new long[0], List.of(""));
            files.numericAttribute(file, "/entry/instrument", "gain", NdArray.of(new double[] {1.5}));
            files.numericAttribute(file, "/entry/instrument", "count", NdArray.scalar(DType.INT64, 42));
            files.numericAttribute(file, "/entry/instrument", "ratio", NdArray.scalar(DType.FLOAT64, 0.25));
            for (int i = 0; i < 20; i++) files.numericAttribute(file, "/entry/data", "attr" + i, NdArray.of(new long[] {i, -i}));
            files.stringAttribute(file, "/entry/data", "units", "vlen", 0, new long[0], List.of("counts"));
            files.numericAttribute(file, "/huge", "big", NdArray.of(big));
            files.numericAttribute(file, "/huge", "small", NdArray.scalar(DType.INT64, 1));
            files.stringAttribute(file, "/huge", "NX_class", "vlen", 0, new long[0], List.of("NXcollection"));
            files.stringAttribute(file, "/huge", "many", "vlen", 0, new long[] {many.size()}, many);
            for (int i = 0; i < 9; i++) files.stringAttribute(file, "/mid", "s" + i, "vlen", 0, new long[0], List.of("x".repeat(i * 700)));
        }
        files.checkWithH5py();
        files.checkWithH5Dump();
        try (OpenFile o = OpenFile.open(file)) {
            assertThat(o.resolve("/entry").header().require(AttributeInfoMessage.class).isDense()).isFalse();
            assertThat(o.resolve("/entry/instrument").header().require(AttributeInfoMessage.class).isDense()).as("9 attributes").isTrue();
            assertThat(o.resolve("/entry/data").header().require(AttributeInfoMessage.class).isDense()).isTrue();
            assertThat(o.resolve("/huge").header().require(AttributeInfoMessage.class).isDense()).isTrue();
            assertThat(o.resolve("/mid").header().require(AttributeInfoMessage.class).isDense()).isTrue();
        }
        try (H5File f = H5File.open(file)) {
            assertThat(f.group("entry/instrument").attr("NX_class").string()).isEqualTo("NXinstrument");
            assertThat(f.group("entry/instrument").attr("names").strings()).containsExactly("alpha", "βeta", "", "a longer string of text");
            assertThat(f.group("entry/instrument").attrs()).hasSize(9);
            assertThat(f.group("entry").attrs()).hasSize(2);
            assertThat(f.dataset("entry/data").attrs()).hasSize(21);
            assertThat(f.group("huge").attr("big").value()).isEqualTo(NdArray.of(big));
            assertThat(f.group("mid").attr("s8").string()).hasSize(5600);
            assertThat(f.group("huge").attr("many").strings()).isEqualTo(many);
        }
    }

    /** visit is h5py's visititems: a hard link back to the start group (or above it) is no new object. */
    @Test
    void visitSkipsHardLinksBackToTheStartAsH5pyDoes() {
        Path file = dir.resolve("cycle.h5");
        String out = Python.run("""
                import h5py, numpy as np, sys
                with h5py.File(sys.argv[1], 'w') as f:
                    g = f.create_group('g')
                    g['loop'] = f['/']
                    g2 = f.create_group('g2')
                    g2['self'] = g2
                    g2['up'] = g
                    g2.create_dataset('d', data=np.arange(3))
                    f['alias'] = g2['d']
                    f['z'] = np.int8(1)
                with h5py.File(sys.argv[1], 'r') as f:
                    for start in ['/', 'g2', 'g']:
                        names = []
                        f[start].visititems(lambda name, obj: names.append(name))
                        print(start + ':' + ','.join(names))
                """, file);
        try (H5File f = H5File.open(file)) {
            for (String line : out.strip().split("\n")) {
                String start = line.substring(0, line.indexOf(':'));
                List<String> found = new ArrayList<>();
                (start.equals("/") ? f.root() : f.group(start)).visit((path, o) -> found.add(path));
                assertThat(String.join(",", found)).as("visit from " + start).isEqualTo(line.substring(line.indexOf(':') + 1));
            }
        }
    }

    /**
     * A "." inside a path is the group it stands in, as libhdf5's traversal takes it: h5py's
     * {@code create_group('c/./d/./e')} makes c/d/e. Writing refused such paths (reading took them);
     * a path ending in "." names no new link and stays refused, as libhdf5 refuses it.
     */
    @Test
    void dotsInsideAPathAreTheGroupTheyStandInAsInH5py() {
        Path ours = dir.resolve("dots.h5");
        try (H5File f = H5File.create(ours)) {
            f.createGroup("./c/./d/./e");
            f.createDataset("c/./dd", NdArray.scalar(DType.INT64, 1));
            f.group("./c/.").softLink("./s", "/c/d");
            f.move("c/./dd", "./c/d/./moved");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> f.createGroup("c/.")).isInstanceOf(IllegalArgumentException.class);
        }
        String out = Python.run("""
                import h5py, sys
                with h5py.File(sys.argv[2], 'w') as f:
                    f.create_group('./c/./d/./e')
                    f['c/./dd'] = 1
                    f['./c/.']['./s'] = h5py.SoftLink('/c/d')
                    f.move('c/./dd', './c/d/./moved')
                for n in sys.argv[1:]:
                    with h5py.File(n, 'r') as f:
                        names = []
                        f.visit(names.append)
                        print(names, f['c'].get('s', getlink=True).path, f['c/d/moved'][()])
                """, ours, dir.resolve("theirs.h5"));
        List<String> lines = out.strip().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).isEqualTo(lines.get(1)).contains("'c/d/e'").contains("'c/d/moved'");
    }
}
