package org.h5vds.testing;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.h5vds.api.DType;
import org.h5vds.api.NdArray;
import org.h5vds.api.Npy;
import org.h5vds.api.Shape;

/**
 * The fixture matrix: HDF5 files written by libhdf5 1.10.8 through h5py (src/test/python/make_fixtures.py
 * and make_corrupt.py) with a manifest of what each holds and h5py's own reading of every dataset.
 *
 * <p>The matrix is generated once into {@code target/fixtures} and again whenever either script
 * changes (the scripts' SHA-256 is kept beside the manifest). Generation is safe when several test
 * classes or several JVMs ask at once: a file lock serialises them and the directory appears
 * complete or not at all. Use the streams as JUnit sources:
 *
 * <pre>{@code
 * @ParameterizedTest
 * @MethodSource("org.h5vds.testing.Fixtures#datasets")
 * void readsLikeH5py(Fixtures.DatasetCase c) { ... c.filePath() ... c.expectedArray() ... }
 * }</pre>
 */
public final class Fixtures {
    private static final List<String> SCRIPTS = List.of("make_fixtures.py", "make_corrupt.py", "make_types.py");
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private static Path ready;
    private static Manifest manifest;

    private Fixtures() {
    }

    // ---- the manifest ---------------------------------------------------------------------------

    public record Manifest(JsonNode generator, List<FileInfo> files, List<DatasetCase> datasets, List<GroupCase> groups,
                           List<AttributeCase> attributes, List<CorruptCase> corrupt, List<TypedCase> typed) {
    }

    /**
     * A dataset of a type other than the numeric ones (make_types.py): what h5py read from it as
     * NumPy's .npy description ({@code descr}, null where .npy would need pickling) with the array in
     * {@code expected}, as JSON by h5vds's rules ({@code json}), and as NumPy prints it
     * ({@code text}); or the {@code error} h5py gave, with whether h5vds reads the dataset anyway.
     */
    public record TypedCase(String file, String path, @JsonProperty("case") String caseName, String descr, String expected,
                            JsonNode json, String text, String error, boolean h5vdsReads) {
        public Path filePath() {
            return dir().resolve(file);
        }

        public NdArray expectedArray() {
            if (expected == null) throw new IllegalStateException(this + " has no .npy");
            return Npy.read(dir().resolve(expected));
        }

        @Override
        public String toString() {
            return file + ":" + path;
        }
    }

    /** One fixture file: its libver ("earliest", "latest" or a pair), superblock version and user block size. */
    public record FileInfo(String file, @JsonProperty("case") String caseName, JsonNode libver, int userblock, int superblock) {
        public Path path() {
            return dir().resolve(file);
        }
    }

    /** A filter of a dataset's pipeline as h5py reports it: id, name, flags (1 = optional), client data. */
    public record Filter(int id, String name, int flags, List<Long> values) {
    }

    /**
     * The fill value property: {@code defined} is "default", "user" or "undefined"; {@code value} a
     * JSON number, "nan"/"inf"/"-inf", or [re, im] for complex.
     */
    public record Fill(String defined, JsonNode value, String allocTime, String fillTime) {
    }

    /** An object header as h5debug decodes it: version 1 or 2 and the number of chunks (continuations + 1). */
    public record ObjectHeader(int version, int chunks) {
    }

    /**
     * A dataset: where it is, what h5py read from it ({@code expected}, a .npy relative to the
     * fixture directory; null for a null dataspace), its dtype (NumPy str), shape (null for a null
     * dataspace), maxshape (null entries for unlimited axes), chunks, layout (compact, contiguous,
     * chunked, virtual), chunk index (single, implicit, fixed, fixed-paged, extensible, btree2,
     * btree1; null when not chunked), filters, fill value, allocated chunk count, the filter masks
     * its chunks carry, storage size and object header. {@code readableByH5py} is false where no
     * installed filter decodes it (zstd): then {@code expected} is the array that was written.
     */
    public record DatasetCase(String file, String path, @JsonProperty("case") String caseName, String expected, String dtype,
                              List<Long> shape, List<Long> maxshape, List<Long> chunks, String layout, String index,
                              List<Filter> filters, Fill fill, Long allocatedChunks, List<Integer> chunkFilterMasks,
                              long storageSize, ObjectHeader objectHeader, boolean readableByH5py) {
        public Path filePath() {
            return dir().resolve(file);
        }

        /** The element type, with byte order. */
        public DType dtypeValue() {
            return DType.parse(dtype);
        }

        /** Whether the dataspace is null (no shape, no values). */
        public boolean isNull() {
            return shape == null;
        }

        public long[] shapeArray() {
            if (shape == null) throw new IllegalStateException(this + " has a null dataspace");
            return shape.stream().mapToLong(Long::longValue).toArray();
        }

        /** The maximum shape with {@link Shape#UNLIMITED} for unlimited axes. */
        public long[] maxShapeArray() {
            if (maxshape == null) throw new IllegalStateException(this + " has a null dataspace");
            return maxshape.stream().mapToLong(v -> v == null ? Shape.UNLIMITED : v).toArray();
        }

        /** The values h5py read (or, for unreadable filters, the values written), in the file's byte order. */
        public NdArray expectedArray() {
            if (expected == null) throw new IllegalStateException(this + " has a null dataspace and no values");
            return Npy.read(dir().resolve(expected));
        }

        public boolean hasFilter(int id) {
            return filters.stream().anyMatch(f -> f.id() == id);
        }

        /** Whether every filter is one libhdf5 has built in (deflate, shuffle, fletcher32, szip, nbit, scale-offset). */
        public boolean onlyBuiltinFilters() {
            return filters.stream().allMatch(f -> f.id() >= 1 && f.id() <= 6);
        }

        @Override
        public String toString() {
            return file + ":" + path + " (" + caseName + ")";
        }
    }

    /** A link of a group: kind group/dataset/datatype (hard), soft (target path) or external (file + target). */
    public record Member(String name, String kind, String target, String file) {
    }

    /** A group: storage symbol_table/compact/dense as h5debug shows it, and its members sorted by name bytes. */
    public record GroupCase(String file, String path, @JsonProperty("case") String caseName, String storage, List<Member> members,
                            ObjectHeader objectHeader) {
        public Path filePath() {
            return dir().resolve(file);
        }

        @Override
        public String toString() {
            return file + ":" + path + " (" + caseName + ")";
        }
    }

    /** A string attribute's type: variable-length or fixed {@code length} bytes, "ascii" or "utf-8". */
    public record StringInfo(boolean vlen, String encoding, Integer length) {
    }

    /**
     * An attribute: numeric ones have a dtype, strings a {@link StringInfo}; the value is in
     * {@code value} (JSON; strings decoded; complex as [re, im]) or, for larger arrays, in the .npy
     * {@code expected}. A null {@code shape} is a null dataspace.
     */
    public record AttributeCase(String file, String object, String name, @JsonProperty("case") String caseName, StringInfo string,
                                String dtype, List<Long> shape, JsonNode value, String expected) {
        public Path filePath() {
            return dir().resolve(file);
        }

        public NdArray expectedArray() {
            if (expected == null) throw new IllegalStateException(this + " keeps its value in the manifest");
            return Npy.read(dir().resolve(expected));
        }

        @Override
        public String toString() {
            return file + ":" + object + "@" + name;
        }
    }

    /**
     * A bad file: the error {@code kind} h5vds must raise (not_hdf5, truncated, checksum,
     * corrupt_header, bad_dataspace, beyond_eof), at {@code target} ("open" or a dataset path), what
     * was changed, and libhdf5's own message (null when libhdf5 did not fail).
     */
    public record CorruptCase(String file, @JsonProperty("case") String caseName, String kind, String target, String detail,
                              String h5pyError) {
        public Path filePath() {
            return dir().resolve(file);
        }

        public boolean failsOnOpen() {
            return "open".equals(target);
        }

        @Override
        public String toString() {
            return file + " (" + kind + ": " + caseName + ")";
        }
    }

    // ---- access ---------------------------------------------------------------------------------

    /** The fixture directory, generating the matrix first when missing or stale. */
    public static synchronized Path dir() {
        if (ready == null) ready = generate(Project.target().resolve("fixtures"));
        return ready;
    }

    public static synchronized Manifest manifest() {
        if (manifest == null) {
            try {
                manifest = JSON.readValue(dir().resolve("manifest.json").toFile(), Manifest.class);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot parse the fixture manifest", e);
            }
        }
        return manifest;
    }

    public static Stream<FileInfo> files() {
        return manifest().files().stream();
    }

    public static Stream<DatasetCase> datasets() {
        return manifest().datasets().stream();
    }

    public static Stream<GroupCase> groups() {
        return manifest().groups().stream();
    }

    public static Stream<AttributeCase> attributes() {
        return manifest().attributes().stream();
    }

    public static Stream<TypedCase> typed() {
        return manifest().typed().stream();
    }

    public static Stream<CorruptCase> corrupt() {
        return manifest().corrupt().stream();
    }

    /** The dataset {@code path} of fixture {@code file}; fails if the manifest has no such entry. */
    public static DatasetCase dataset(String file, String path) {
        return datasets().filter(d -> d.file().equals(file) && d.path().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError("no fixture dataset " + file + ":" + path));
    }

    // ---- generation -----------------------------------------------------------------------------

    /** SHA-256 of the generating scripts, in order. */
    static String scriptHash() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String s : SCRIPTS) sha.update(Files.readAllBytes(scriptDir().resolve(s)));
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code dir} holds a complete matrix made by scripts with hash {@code hash}. */
    static boolean upToDate(Path dir, String hash) {
        try {
            Path stamp = dir.resolve(".script-hash");
            return Files.isRegularFile(dir.resolve("manifest.json")) && Files.isRegularFile(stamp)
                    && Files.readString(stamp).strip().equals(hash);
        } catch (IOException e) {
            return false;
        }
    }

    private static Path scriptDir() {
        return Project.dir().resolve("src/test/python");
    }

    /**
     * Makes {@code dir} hold the current matrix. The lock file serialises JVMs (in one JVM the
     * callers are already serialised by {@link #dir()}); the matrix is built in a sibling directory
     * and renamed into place, so a reader never sees half of it.
     */
    static Path generate(Path dir) {
        String hash = scriptHash();
        try {
            Files.createDirectories(dir.getParent());
            try (FileChannel ch = FileChannel.open(dir.resolveSibling(dir.getFileName() + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                FileLock lock = ch.lock();
                try {
                    if (upToDate(dir, hash)) return dir;
                    Path tmp = dir.resolveSibling(dir.getFileName() + ".tmp-" + ProcessHandle.current().pid());
                    deleteTree(tmp);
                    Python.runScript(scriptDir().resolve("make_fixtures.py"), tmp);
                    Files.writeString(tmp.resolve(".script-hash"), hash + "\n");
                    Path old = dir.resolveSibling(dir.getFileName() + ".old-" + ProcessHandle.current().pid());
                    if (Files.exists(dir)) Files.move(dir, old, StandardCopyOption.ATOMIC_MOVE);
                    Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
                    deleteTree(old);
                    return dir;
                } finally {
                    lock.release();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot generate the fixtures in " + dir, e);
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(q);
        }
    }
}
