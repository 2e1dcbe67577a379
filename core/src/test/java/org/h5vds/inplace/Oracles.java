package org.h5vds.inplace;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.h5vds.testing.H5Dump;
import org.h5vds.testing.H5Wasm;
import org.h5vds.testing.Libhdf5Java;
import org.h5vds.testing.Mirror;
import org.h5vds.testing.OracleRead;
import org.h5vds.testing.Project;
import org.h5vds.testing.Python;
import org.h5vds.testing.TreeDump;

/**
 * The checks every file h5vds changed in place goes through: h5py reads what the model says (and
 * nothing else moved), h5dump dumps it all, libhdf5 1.14 and h5wasm (libhdf5 2.0) read every
 * dataset as h5py does, and libhdf5 can go on writing it.
 */
final class Oracles {
    private Oracles() {
    }

    /** The base files (one per format generation) and the external link target, made once per JVM. */
    static synchronized Path bases() {
        if (bases == null) {
            try {
                bases = Files.createTempDirectory("h5vds-inplace-bases");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            Python.runScript(Project.dir().resolve("src/test/python/make_inplace_bases.py"), bases);
        }
        return bases;
    }

    private static Path bases;

    /** A fresh copy of the base file of {@code libver} (earliest, v108, latest) in {@code dir}, with the external link target beside it. */
    static Path copyOfBase(String libver, Path dir) {
        try {
            Files.copy(bases().resolve("target.h5"), dir.resolve("target.h5"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return Files.copy(bases().resolve("base_" + libver + ".h5"), dir.resolve("f_" + libver + ".h5"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * For a copy of a base file with a user block ({@code f_*_ub.h5}): the user block holds what
     * the base's did, byte for byte (the HDF5 data after it moved nothing into it).
     */
    static void userBlockKept(Path file) {
        String name = file.getFileName().toString();
        if (!name.endsWith("_ub.h5")) return;
        try {
            byte[] base = Files.readAllBytes(bases().resolve("base_" + name.substring(2)));
            byte[] now = Files.readAllBytes(file);
            assertThat(new String(now, 0, 64, java.nio.charset.StandardCharsets.ISO_8859_1)).startsWith("user block of base_");
            assertThat(Arrays.copyOf(now, 512)).as("the user block of " + file).isEqualTo(Arrays.copyOf(base, 512));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** h5py reads exactly what the model says. */
    static ObjectNode matchesModel(Path file, Mirror mirror) {
        ObjectNode after = TreeDump.of(file);
        assertThat(TreeDump.differences(mirror.model(), after)).as("h5py's dump of " + file + " against the model").isEmpty();
        return after;
    }

    /** h5dump dumps every object and value; libhdf5 1.14 and h5wasm read every numeric dataset as h5py's dump says. */
    static void allReadersAgree(Path file, ObjectNode dump) {
        H5Dump.Result r = H5Dump.run(file);
        assertThat(r.exit()).as("h5dump of " + file + "\n" + r.err()).isZero();
        List<String> paths = new ArrayList<>();
        List<String> builtin = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = dump.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode d = e.getValue();
            if (!"dataset".equals(d.path("kind").asText()) || !d.has("values")) continue;
            paths.add(e.getKey());
            if (!"lzf".equals(d.path("compression").asText())) builtin.add(e.getKey());
        }
        List<String> failures = new ArrayList<>();
        compare("libhdf5 1.14", Libhdf5Java.readAll(builtin.stream().map(p -> OracleRead.of(file, p)).toList()), dump, failures);
        compare("h5wasm", H5Wasm.readAll(builtin.stream().map(p -> OracleRead.of(file, p)).toList()), dump, failures);
        assertThat(failures).as("oracles reading " + file).isEmpty();
    }

    private static void compare(String oracle, List<OracleRead> reads, ObjectNode dump, List<String> failures) {
        for (OracleRead r : reads) {
            if (!r.ok()) {
                failures.add(oracle + ": " + r);
                continue;
            }
            JsonNode want = dump.get(r.dataset()).get("values");
            List<String> d = TreeDump.differences(want, Mirror.values(r.values()));
            if (!d.isEmpty()) failures.add(oracle + ": " + r.dataset() + ": " + d.subList(0, Math.min(3, d.size())));
        }
    }

    /** libhdf5 (h5py) goes on writing the file: links, datasets, attributes in every group, frames appended; then reads it all. */
    static void libhdf5KeepsWriting(Path file) {
        String out = Python.run("""
                import h5py, numpy as np, sys
                with h5py.File(sys.argv[1], 'a') as f:
                    groups = []
                    f.visititems(lambda n, o: groups.append(o) if isinstance(o, h5py.Group) else None)
                    groups.append(f)
                    for i, g in enumerate(groups):
                        g.create_dataset('by_h5py', data=np.arange(i + 3))
                        g.attrs['h5py_attr'] = i
                        g['h5py_soft'] = h5py.SoftLink('/')
                    for name in ('unlimited', 'unlimited_gzip', 'empty_unlimited'):
                        if name in f:
                            d = f[name]
                            d.resize(d.shape[0] + 3, axis=0)
                            d[-3:] = 1
                    for name in list(f.keys()):
                        o = f[name]
                        if isinstance(o, h5py.Dataset) and o.chunks and o.maxshape[0] is None and o.ndim == 2 and o.maxshape[1] is None:
                            o.resize((o.shape[0] + 2, o.shape[1] + 1))
                n = 0
                with h5py.File(sys.argv[1], 'r') as f:
                    def read(name, o):
                        global n
                        if isinstance(o, h5py.Dataset) and o.dtype.kind in 'biufc':
                            o[()]
                            n += 1
                        dict(o.attrs)
                    f.visititems(read)
                print('read', n)
                """, file);
        assertThat(out).contains("read");
        assertThat(H5Dump.run(file).exit()).as("h5dump after h5py wrote").isZero();
    }
}
