package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.h5vds.testing.H5Wasm;
import org.h5vds.testing.OracleRead;
import org.h5vds.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Group#copy} against h5py's {@code copy} (libhdf5's {@code H5Ocopy}): the same copies made
 * by both, of a file h5py writes with every kind of object, link and value (resources
 * {@code copy/write.py}), within that file and into a new one, with each of h5py's flags; then h5py
 * describes both results (links, shared objects, types as encoded, shapes, chunks, filters, fill
 * values, stored chunk counts, mappings, attributes and every value, references as the paths they
 * name: {@code copy/dump.py}) and the descriptions must be equal.
 */
class ObjectCopyTest {
    /** One copy: the source path, the destination path, h5py's flags, or a group of the destination to copy into. */
    private record Op(String source, String dest, String flags, String into) {
        String text() {
            return source + "|" + dest + "|" + flags + "|" + into;
        }
    }

    private static Op op(String source, String dest, String flags) {
        return new Op(source, dest, flags, "");
    }

    private static Path script(String name) throws Exception {
        return Path.of(ObjectCopyTest.class.getResource("copy/" + name).toURI());
    }

    private static void copyWithH5py(Path source, Path dest, List<Op> ops) throws Exception {
        Python.runScript(script("ops.py"), source, dest, String.join(";", ops.stream().map(Op::text).toList()));
    }

    private static CopyOptions options(String flags) {
        CopyOptions o = CopyOptions.defaults();
        for (String f : flags.split(",")) {
            switch (f) {
                case "" -> { }
                case "shallow" -> o = o.shallow();
                case "expand_soft" -> o = o.expandSoftLinks();
                case "expand_external" -> o = o.expandExternalLinks();
                case "without_attrs" -> o = o.withoutAttributes();
                default -> throw new IllegalArgumentException(f);
            }
        }
        return o;
    }

    private static void copyWithH5vds(Path source, Path dest, List<Op> ops) {
        boolean same = source.equals(dest);
        try (H5File d = H5File.open(dest, same ? H5File.Mode.READ_WRITE : H5File.Mode.APPEND);
             H5File s = same ? null : H5File.open(source)) {
            H5File from = same ? d : s;
            for (Op op : ops) {
                CopyOptions o = options(op.flags());
                if (!op.into().isEmpty()) {
                    from.copy(op.source(), d.group(op.into()), o);
                } else if (same) {
                    d.copy(op.source(), op.dest(), o);
                } else {
                    d.copy(s.get(op.source()), op.dest(), o);
                }
            }
        }
    }

    /** The two copies described by h5py, compared object by object (the first difference named). */
    private static void assertSameAsH5py(Path ours, Path theirs) throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode a = json.readTree(Python.runScript(script("dump.py"), ours));
        JsonNode b = json.readTree(Python.runScript(script("dump.py"), theirs));
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = b.fieldNames(); it.hasNext(); ) names.add(it.next());
        List<String> ourNames = new ArrayList<>();
        for (Iterator<String> it = a.fieldNames(); it.hasNext(); ) ourNames.add(it.next());
        assertThat(ourNames).as("the objects and links of the copy").isEqualTo(names);
        for (String name : names) assertThat(a.get(name)).as(name).isEqualTo(b.get(name));
    }

    private static Path sources(Path dir) throws Exception {
        Python.runScript(script("write.py"), dir);
        return dir.resolve("src.h5");
    }

    @Test
    void copiesWithinAFileAsH5pyDoes(@TempDir Path dir) throws Exception {
        // a group beside itself and into itself, the whole file into itself, a virtual dataset, a dataset into a new group
        copyAsH5pyDoes(dir, true, List.of(op("g", "g2", ""), op("g", "g/inside", ""), op("/", "everything", ""), op("vds", "g3/vds", ""),
                op("g/z", "deeper/still/z", ""), op("g", "g4", "expand_soft")));
    }

    @Test
    void copiesIntoAnotherFileAsH5pyDoes(@TempDir Path dir) throws Exception {
        copyAsH5pyDoes(dir, false, List.of(op("/", "all", ""), op("g/d", "x/y/d", ""), op("g", "sh", "shallow"), op("g", "es", "expand_soft"),
                op("g", "ee", "expand_external"), op("g", "na", "without_attrs"), op("g/sub", "both", "shallow,without_attrs"),
                new Op("g", "", "expand_soft", "x"), op("vds", "v", ""), op("g/vs", "vs", ""),
                op("g/t", "t_alone", "")));
    }

    /** Makes {@code ops} with h5vds and with h5py, within copies of the source file or from it into new files, and compares. */
    private static void copyAsH5pyDoes(Path dir, boolean withinTheFile, List<Op> ops) throws Exception {
        Path src = sources(dir);
        Path ours = dir.resolve("ours.h5");
        Path theirs = dir.resolve("theirs.h5");
        if (withinTheFile) {
            Files.copy(src, ours);
            Files.copy(src, theirs);
        }
        copyWithH5vds(withinTheFile ? ours : src, ours, ops);
        copyWithH5py(withinTheFile ? theirs : src, theirs, ops);
        assertSameAsH5py(ours, theirs);
    }

    @Test
    void libhdf5TwoReadsTheCopies(@TempDir Path dir) throws Exception {
        Path src = sources(dir);
        Path ours = dir.resolve("ours.h5");
        copyWithH5vds(src, ours, List.of(op("/", "all", "")));
        // the numeric datasets of every layout and filter h5wasm carries (no LZF plugin there; enums are not in its harness)
        List<String> names = List.of("g/d", "g/z", "g/fl", "g/so", "g/compact", "g/scalar", "g/unwritten", "g/unwritten_chunked",
                "outside", "x", "img");
        List<OracleRead> reads = H5Wasm.readAll(names.stream().map(n -> OracleRead.of(ours, "all/" + n)).toList());
        try (H5File s = H5File.open(src)) {
            for (int i = 0; i < names.size(); i++) {
                assertThat(reads.get(i).ok()).as(reads.get(i).toString()).isTrue();
                assertThat(reads.get(i).values()).as(names.get(i)).isEqualTo(s.dataset(names.get(i)).read().withOrder(java.nio.ByteOrder.LITTLE_ENDIAN));
            }
        }
    }

    @Test
    void aCopyIntoAFileH5vdsWroteReadsBackInH5vds(@TempDir Path dir) throws Exception {
        Path src = sources(dir);
        Path out = dir.resolve("out.h5");
        try (H5File s = H5File.open(src); H5File d = H5File.create(out)) {
            Dataset z = (Dataset) d.copy(s.get("g/z"), "z");
            // read back before the file is closed, from the session that wrote it
            assertThat(z.read().toFloatArray()).containsExactly(s.dataset("g/z").read().toFloatArray());
            assertThat(z.chunks()).contains(Shape.of(10, 7));
            assertThat(z.filters()).extracting(Dataset.Filter::id).containsExactly(DatasetOptions.SHUFFLE, DatasetOptions.DEFLATE);
            Dataset vs = (Dataset) d.copy(s.get("g/vs"), "strings/vs");
            assertThat(vs.read().strings()).containsExactly("one", "two", "three", "", "ünï");
            assertThat(((Group) d.copy(s.get("g/sub"), "sub")).keys()).containsExactly("back", "deep");
        }
        try (H5File d = H5File.open(out, H5File.Mode.READ_WRITE)) {
            // objects made in this session, not yet committed, copied within the file
            Dataset made = d.createDataset("made", DType.INT16, Shape.of(6, 4), DatasetOptions.chunked(4, 4).deflate(1).fillValue(-3));
            made.write("1:3", NdArray.of(new short[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 4));
            d.dataset("made").setAttribute("names", List.of("a", "bé"));
            Dataset again = (Dataset) d.copy("made", "again");
            assertThat(again.read().toShortArray()).containsExactly(made.read().toShortArray());
            assertThat(again.attr("names").strings()).containsExactly("a", "bé");
            assertThat(again.storedChunks()).hasSize(1);
            assertThat(again.fillValue().getLong()).isEqualTo(-3);
            // 12 MiB contiguous: copied in more than one slab
            int[] big = new int[3 << 20];
            for (int i = 0; i < big.length; i++) big[i] = i * 7;
            d.createDataset("big", NdArray.of(big, 3, 1 << 20));
            assertThat(((Dataset) d.copy("big", "big2")).read().toIntArray()).isEqualTo(big);
        }
        try (H5File d = H5File.open(out)) {
            assertThat(d.dataset("again").read().toShortArray()).containsExactly(-3, -3, -3, -3, 1, 2, 3, 4, 5, 6, 7, 8,
                    -3, -3, -3, -3, -3, -3, -3, -3, -3, -3, -3, -3);
            assertThat(d.dataset("sub/back/d").read().toLongArray()).hasSize(20);
            assertThat(d.get("sub/back").isSameObject(d.get("sub/back/sub/back"))).isTrue();
        }
    }

    @Test
    void copiesExternalStorageIntoTheFile(@TempDir Path dir) throws Exception {
        Path src = dir.resolve("ext-src.h5");
        Python.run("""
                import sys, os, h5py, numpy as np
                os.chdir(os.path.dirname(sys.argv[1]))
                with h5py.File(sys.argv[1], 'w') as f:
                    f.create_dataset('e', data=np.arange(24, dtype='<i4').reshape(4, 6), external=[('raw.bin', 0, h5py.h5f.UNLIMITED)])
                """, src);
        Path out = dir.resolve("ext-out.h5");
        try (H5File s = H5File.open(src); H5File d = H5File.create(out)) {
            d.copy(s.get("e"), "e");
        }
        Files.delete(dir.resolve("raw.bin"));
        // libhdf5 keeps the external file list; h5vds stores the elements in the copy, which reads the same without raw.bin
        assertThat(Python.run("""
                import sys, h5py
                with h5py.File(sys.argv[1], 'r') as f:
                    print(f['e'].external, f['e'][()].tolist())
                """, out).trim()).isEqualTo("None [[0, 1, 2, 3, 4, 5], [6, 7, 8, 9, 10, 11], [12, 13, 14, 15, 16, 17], [18, 19, 20, 21, 22, 23]]");
    }

    @Test
    void contiguousElementsGoInSlabsThatCoverTheDatasetOnceInOrder() {
        long[][] shapes = {{0, 5}, {7}, {5000, 1000}, {2, 3000, 1000}, {3, 2, 1 << 22}, {1L << 40}, {4, 0, 3}};
        for (long[] dims : shapes) {
            long[] next = new long[dims.length];   // the C-order position the next box must start at
            long[] covered = {0};
            ObjectCopy.slabs(dims, 8, (start, count) -> {
                assertThat(start).as("box start in %s", Shape.format(dims)).containsExactly(next);
                long n = 1;
                for (long c : count) n *= c;
                assertThat(n * 8).as("box bytes").isLessThanOrEqualTo(8L << 20);
                covered[0] += n;
                // the box is a run in C order: advance past it
                int k = 0;
                while (k < count.length && count[k] == 1 && dims[k] != 1) k++;
                for (int i = k + 1; i < dims.length; i++) assertThat(count[i]).as("inner axis %d whole", i).isEqualTo(dims[i]);
                next[k] += count[k];
                for (int a = k; a > 0 && next[a] == dims[a]; a--) {
                    next[a] = 0;
                    next[a - 1]++;
                }
            });
            long total = 1;
            for (long d : dims) total *= d;
            assertThat(covered[0]).as("elements of %s", Shape.format(dims)).isEqualTo(total);
        }
    }

    @Test
    void refusesWhatH5pyRefuses(@TempDir Path dir) throws Exception {
        Path src = sources(dir);
        try (H5File f = H5File.open(src, H5File.Mode.READ_WRITE)) {
            assertThatThrownBy(() -> f.copy("g", "outside")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("/outside: destination object already exists");
            assertThatThrownBy(() -> f.copy("nothing", "new")).isInstanceOf(NoSuchObjectException.class);
            assertThatThrownBy(() -> f.copy("/", f.group("g"))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("root group has no name");
        }
        try (H5File f = H5File.open(src)) {
            assertThatThrownBy(() -> f.copy("g", "g2")).hasMessageContaining("read");
        }
        // link names a path cannot spell (written by damage: an old-style group's names in its local heap, no checksum)
        for (String name : new String[] {"a/b", ".."}) {
            Path odd = dir.resolve("odd.h5");
            Python.run("""
                    import sys, h5py, numpy as np
                    with h5py.File(sys.argv[1], 'w') as f:
                        f['g/' + sys.argv[2]] = np.arange(3)
                    """, odd, name.length() == 3 ? "qxq" : "qq");
            byte[] bytes = Files.readAllBytes(odd);
            String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
            String placeholder = name.length() == 3 ? "qxq\0" : "qq\0";
            int at = text.indexOf(placeholder);
            assertThat(at).isPositive();
            assertThat(text.indexOf(placeholder, at + 1)).as("one place holds the name").isNegative();
            System.arraycopy(name.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), 0, bytes, at, name.length());
            Files.write(odd, bytes);
            try (H5File f = H5File.open(odd, H5File.Mode.READ_WRITE)) {
                assertThat(f.group("g").keys()).containsExactly(name);
                assertThatThrownBy(() -> f.copy("g", "g2")).isInstanceOf(H5Exception.class)
                        .hasMessageContaining("odd.h5: /g: a link named \"" + name + "\", which h5vds cannot copy");
                assertThat(f.contains("g2")).isFalse();
            }
        }
        // a tree nested deeper than a copy goes is refused with the path, not a StackOverflowError, before anything is made
        Path deep = dir.resolve("deep.h5");
        try (H5File f = H5File.create(deep)) {
            Group g = f.root();
            for (int i = 0; i <= ObjectCopy.MAX_DEPTH + 1; i++) g = g.createGroup("a");
        }
        try (H5File f = H5File.open(deep, H5File.Mode.READ_WRITE)) {
            assertThatThrownBy(() -> f.copy("a", "b")).isInstanceOf(H5Exception.class).hasMessageContaining("nested more than 1000 deep");
            assertThat(f.contains("b")).isFalse();
            assertThat(f.copy("a/a", "c")).isInstanceOf(Group.class);
        }
    }
}
