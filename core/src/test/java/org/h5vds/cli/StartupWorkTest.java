package org.h5vds.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.h5vds.testing.LoadedClasses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code h5vds ls} must not do on the way to listing a small file, shown by the classes a
 * child JVM loads ({@code -Xlog:class+load}) rather than by timing it: each class below marks work
 * a listing does not need and that once made the command start several times slower than the JVM
 * itself — picocli's reflective model and the annotation proxies it made, a record's generated
 * {@code hashCode} (method handles spun on every open), class-path scans for store providers,
 * Jackson (only {@code --json} needs it), {@code java.time} formatting, streams, {@code String.format}
 * and regular expressions, thread pools, the AWS SDK and the progress bar.
 */
class StartupWorkTest {
    /** Prefixes of the names of classes that no listing of a local file may load (nested classes included). */
    private static final List<String> NOT_NEEDED = List.of(
            "picocli.",
            "jdk.proxy", "com.sun.proxy.",
            "java.lang.runtime.ObjectMethods",
            "java.util.ServiceLoader", "org.h5vds.api.ProvidedStores$Discovered",
            "com.fasterxml.jackson.",
            "java.time.format.",
            "java.util.stream.",
            "java.util.Formatter", "java.util.regex.Pattern",
            "java.util.concurrent.ThreadPoolExecutor", "java.util.concurrent.ForkJoinPool",
            "software.amazon.awssdk.", "me.tongfei.progressbar.");

    @TempDir
    Path dir;

    /** The names of the classes {@code h5vds args...} loads, after checking that it listed {@code file} and exited 0. */
    private List<String> classesLoadedBy(Path file, String... args) throws Exception {
        Path log = dir.resolve("classes-" + args.length + ".log");
        String out = LoadedClasses.run(log, false, "org.h5vds.cli.Main", List.of(args));
        assertThat(out).contains("/entry/frames").contains("/entry/positions").contains("/entry/label");
        List<String> loaded = LoadedClasses.read(log);
        assertThat(loaded).as("the log lists the classes").contains("org.h5vds.cli.LsCommand", "org.h5vds.api.H5File");
        return loaded;
    }

    private static List<String> notNeeded(List<String> loaded) {
        return LoadedClasses.matching(loaded, NOT_NEEDED);
    }

    @Test
    void listingASmallFileDoesNoWorkItDoesNotNeed() throws Exception {
        // as h5py writes by default: groups, a soft link, contiguous and gzip+shuffle datasets of ints, floats and a string
        Path file = dir.resolve("small.h5");
        try (InputStream in = ClassDataTraining.class.getResourceAsStream("training.h5")) {
            Files.copy(in, file);
        }
        assertThat(notNeeded(classesLoadedBy(file, "ls", file.toString()))).isEmpty();
        // the check sees what it looks for: --json does need Jackson
        assertThat(notNeeded(classesLoadedBy(file, "ls", file.toString(), "--json"))).contains("com.fasterxml.jackson.databind.ObjectMapper");
    }
}
