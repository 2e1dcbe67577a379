package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.h5vds.testing.Project;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user catches: every error a missing, corrupt or hostile input raises through the api is
 * one of the api's exception types (the lower layers' own types never reach the caller), with the
 * message the lower layer wrote, the file, object and offset as accessors, and the lower layer's
 * error as the cause.
 */
class ApiExceptionsTest {
    @TempDir
    Path dir;

    /** The hostile files the fuzzer keeps (seed corpus and every crasher), read through the api. */
    @Test
    void hostileFilesRaiseApiTypesOnly() throws IOException {
        Path inputs = Project.repo().resolve("core/src/test/resources/org/h5vds/api/HostileFileFuzzTestInputs/readEverything");
        List<Path> files;
        try (Stream<Path> s = Files.list(inputs)) {
            files = s.sorted().toList();
        }
        assertThat(files).as("fuzz inputs in %s", inputs).isNotEmpty();
        int failed = 0;
        for (Path input : files) {
            Path file = dir.resolve(input.getFileName() + ".h5");
            Files.copy(input, file);
            Throwable t = catchThrowable(() -> HostileFileFuzzTest.exercise(file));
            if (t == null) continue;
            failed++;
            assertApiType(t, input.getFileName().toString());
            assertThat(t.getMessage()).as(input.getFileName().toString()).contains(file.getFileName().toString());
        }
        assertThat(failed).as("some of the %d hostile files fail to read", files.size()).isPositive();
    }

    @Test
    void truncatedFileIsAFormatErrorWithFileAndOffset() throws IOException {
        Path good = dir.resolve("good.h5");
        try (H5File f = H5File.create(good)) {
            f.createDataset("data", NdArray.of(new int[] {1, 2, 3}));
        }
        Path bad = dir.resolve("bad.h5");
        Files.write(bad, java.util.Arrays.copyOf(Files.readAllBytes(good), 60));
        H5Exception e = (H5Exception) catchThrowable(() -> {
            try (H5File f = H5File.open(bad)) {
                f.dataset("data").read();
            }
        });
        assertThat(e).isInstanceOf(H5FormatException.class);
        assertThat(e.file()).isEqualTo(bad.toString());
        assertThat(e.offset()).isNotEqualTo(H5Exception.NO_OFFSET);
        assertThat(e.getMessage()).startsWith(bad.toString());
        assertThat(e.getCause()).as("the lower layer's error, kept as the cause").isNotNull();
        assertThat(e.getCause().getMessage()).isEqualTo(e.getMessage());
        assertThat(((H5FormatException) e).detail()).isNotEmpty();
    }

    @Test
    void missingFileAndObject() throws IOException {
        Path missing = dir.resolve("missing.h5");
        assertThatThrownBy(() -> H5File.open(missing)).isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining(missing.toString()).satisfies(t -> assertThat(((H5Exception) t).file()).contains("missing.h5"));
        Path file = dir.resolve("f.h5");
        try (H5File f = H5File.create(file)) {
            f.createDataset("data", NdArray.of(new int[] {1, 2, 3}));
        }
        try (H5File f = H5File.open(file)) {
            NoSuchObjectException e = (NoSuchObjectException) catchThrowable(() -> f.get("nope"));
            assertThat(e.getMessage()).contains(file.toString()).contains("nope");
            assertThat(e.file()).isEqualTo(file.toString());
            assertThat(e.objectPath()).contains("nope");
            assertApiType(e, "get");
            assertApiType(catchThrowable(() -> f.dataset("nope")), "dataset");
        }
    }

    @Test
    void argumentErrorsAreApiSubtypesOfTheJavaKinds() throws IOException {
        Path file = dir.resolve("f.h5");
        try (H5File f = H5File.create(file)) {
            f.createDataset("data", NdArray.of(new int[] {1, 2, 3}));
        }
        assertThatThrownBy(() -> Index.parse("1:2:"  + "x")).isInstanceOf(IndexSyntaxException.class)
                .isInstanceOf(IllegalArgumentException.class);
        try (H5File f = H5File.open(file)) {
            Dataset d = f.dataset("data");
            for (String bad : List.of("7", "0, 0", "::0", "[2, 1]", "1:2:x")) {
                Throwable t = catchThrowable(() -> d.read(bad));
                assertThat(t).as(bad).isInstanceOfAny(IllegalArgumentException.class, IndexOutOfBoundsException.class);
                assertApiType(t, bad);
            }
        }
        VirtualLayout layout = new VirtualLayout(Shape.of(4), DType.INT32);
        Throwable t = catchThrowable(() -> layout.set("0:8", new VirtualSource("a.h5", "data", Shape.of(8))));
        assertThat(t).isInstanceOf(InvalidMappingException.class).isInstanceOf(IllegalArgumentException.class);
        assertThat(((InvalidMappingException) t).mapping()).contains("a.h5");
    }

    @Test
    void badNpyIsANpyFormatException() throws IOException {
        Path f = Files.write(dir.resolve("bad.npy"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
        Throwable t = catchThrowable(() -> Npy.read(f));
        assertThat(t).isInstanceOf(NpyFormatException.class).isInstanceOf(H5FormatException.class);
        assertThat(((H5Exception) t).file()).isEqualTo(f.toString());
        assertThat(((H5Exception) t).offset()).isZero();
        assertThatThrownBy(() -> Npy.write(dir.resolve("no/such/dir/x.npy"), NdArray.of(new int[] {1})))
                .isInstanceOf(H5Exception.class).hasMessageContaining("does not exist");
    }

    /**
     * {@code t} is an api exception, or a plain argument error of the Java library: never a type of
     * another h5vds package.
     */
    private static void assertApiType(Throwable t, String what) {
        String name = t.getClass().getName();
        boolean api = name.startsWith("org.h5vds.api.");
        boolean java = name.startsWith("java.") && (t instanceof IllegalArgumentException || t instanceof IndexOutOfBoundsException
                || t instanceof IllegalStateException || t instanceof java.io.UncheckedIOException);
        assertThat(api || java).as("%s raised %s, which a user of the api cannot name", what, t).isTrue();
        if (api && !(t instanceof H5Exception) && !(t instanceof IllegalArgumentException) && !(t instanceof IndexOutOfBoundsException)) {
            throw new AssertionError(what + ": an api exception outside the hierarchy: " + t, t);
        }
    }
}
