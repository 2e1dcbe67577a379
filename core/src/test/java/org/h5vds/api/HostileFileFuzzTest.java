package org.h5vds.api;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Coverage-guided fuzzing of everything a reader does with a file (Jazzer): the input bytes are a
 * file, which is opened, every object visited, every attribute and dataset read, and every virtual
 * dataset's mappings listed, resolved and checked. Whatever the bytes, the only exception allowed
 * out is an {@link H5Exception} whose message names the file; anything else (another exception, an
 * OutOfMemoryError, a StackOverflowError, a hang past Jazzer's timeout) is a finding.
 *
 * <p>Without {@code JAZZER_FUZZ} this is a regression test over the inputs directory
 * {@code src/test/resources/org/h5vds/api/HostileFileFuzzTestInputs/readEverything}: the seed
 * corpus (small h5py-written files, see {@code src/test/python/make_fuzz_seeds.py}) and every
 * crasher ever found ({@code crash-*}, kept after its fix). {@code ./fuzz.sh MINUTES} fuzzes for
 * real and saves new crashers there.
 */
class HostileFileFuzzTest {
    /** Datasets up to this many bytes are read whole; larger ones through a small corner. */
    static final long READ_WHOLE_BYTES = 1 << 20;
    /** Elements per axis of the corner read from a large dataset. */
    static final long CORNER = 3;

    private static final Path DIR = makeDir();

    private static Path makeDir() {
        try {
            Path d = Files.createTempDirectory("h5vds-fuzz");
            d.toFile().deleteOnExit();
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void readEverything(byte[] bytes) throws IOException {
        Path file = DIR.resolve("input.h5");
        Files.write(file, bytes);
        try {
            exercise(file);
        } catch (H5Exception e) {
            String name = file.getFileName().toString();
            if (e.getMessage() == null || !e.getMessage().contains(name)) {
                throw new AssertionError("an H5Exception that does not name the file: " + e.getMessage(), e);
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * Opens the file and does everything a reader may do with it, then copies it whole into a new
     * file ({@link Group#copy}); throws what the library throws.
     */
    static void exercise(Path file) {
        read(file);
        Path copy = file.resolveSibling(file.getFileName() + ".copy.h5");
        try (H5File f = H5File.open(file); H5File out = H5File.create(copy)) {
            out.copy(f.root(), "all");
        } finally {
            try {
                Files.deleteIfExists(copy);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    private static void read(Path file) {
        try (H5File f = H5File.open(file)) {
            f.formatVersion();
            f.attrs().values().forEach(HostileFileFuzzTest::readAttribute);
            List<H5Object> objects = new ArrayList<>();
            f.visit((path, o) -> objects.add(o));
            for (H5Object o : objects) {
                o.attrs().values().forEach(HostileFileFuzzTest::readAttribute);
                if (o instanceof Group g) g.links();
                if (o instanceof Dataset d) readDataset(d);
            }
        }
    }

    static void readAttribute(Attribute a) {
        a.shape();
        a.typeDescription();
        if (a.isString()) {
            a.strings();
        } else if (a.dtype() != null) {
            a.value();
        }
        a.toString();
    }

    static void readDataset(Dataset d) {
        d.shape();
        d.maxShape();
        d.layout();
        d.chunks();
        d.filters();
        d.typeDescription();
        d.isScale();
        d.scaleName();
        for (Dimension dim : d.dims()) {
            dim.label();
            dim.scaleNames();
        }
        if (d.isVirtual()) {
            d.virtualSources().forEach(VirtualSourceInfo::toString);
            d.unresolvedSources();
            d.checkSources();
        }
        if (d.isNull()) return;
        DType dtype;
        try {
            dtype = d.dtype();
        } catch (H5Exception notNumeric) {
            return;
        }
        d.fillValue();
        if (d.isScalar() || d.size() <= READ_WHOLE_BYTES / dtype.size()) {
            d.read();
            return;
        }
        Index.Item[] corner = new Index.Item[d.rank()];
        for (int i = 0; i < corner.length; i++) corner[i] = Index.slice(0L, CORNER);
        d.read(Index.of(corner));
    }
}
