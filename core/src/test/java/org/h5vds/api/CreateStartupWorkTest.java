package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.h5vds.testing.LoadedClasses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a program's first creation of a virtual dataset must not do, shown by the classes a child
 * JVM loads ({@code -Xlog:class+load}) rather than by timing it (the bench's "first run in a fresh
 * JVM" row): each class below marks work a create does not need and that once cost that first run
 * tens of milliseconds — the per-mapping rule checks and selection objects (an element-to-element
 * mapping by integers is stored as its coordinates), a record's generated {@code equals} (method
 * handles spun on first use), {@code SecureRandom} for a temporary file's name, streams, a thread
 * pool made before it is needed, the library's own lambdas and method references (each call site
 * is linked on its first use: 1-2 ms in a fresh JVM; nine of them cost the first create ~16 ms of
 * main-thread CPU), and anything that makes the JVM set up lambdas at all (a regular expression),
 * reflection, a Cleaner's thread, the read side's options and pool.
 */
class CreateStartupWorkTest {
    /** Prefixes of the names of classes that creating an element-mapped VDS must not load. */
    private static final List<String> NOT_NEEDED = List.of(
            "org.h5vds.vds.MappingRules", "org.h5vds.vds.VirtualMapping",
            "java.lang.runtime.ObjectMethods",
            "java.security.SecureRandom", "sun.security.provider.",
            "java.util.stream.",
            "java.util.concurrent.ThreadPoolExecutor", "java.util.concurrent.ForkJoinPool",
            "com.fasterxml.jackson.", "java.util.ServiceLoader",
            // a regular expression (its character classes are lambdas), any lambda at all, even the
            // JDK's (the first one of a JVM sets up method handles and spins classes: 5-8 ms), a
            // reflective call (Enum.valueOf calls values() so), a Cleaner's thread
            "java.util.regex.", "java.lang.invoke.LambdaMetafactory", "jdk.internal.reflect.NativeMethodAccessorImpl",
            "jdk.internal.ref.CleanerImpl$InnocuousThreadFactory",
            // the read side's options and source-file pool: a file being created reads no virtual dataset
            "org.h5vds.api.ReadOptions", "org.h5vds.api.RemoteOptions", "org.h5vds.io.RemoteSettings", "org.h5vds.vds.SourceFilePool",
            // a whole contiguous dataset is written as one run, without pairing its selection with memory's
            "org.h5vds.select.SelectionPair");

    @TempDir
    Path dir;

    /** Creates a file as the bench's loop does, mapping by integers or (with "text") by index text the parser reads. */
    public static final class CreateLayout {
        public static void main(String[] args) {
            int n = 2000;
            boolean text = args[1].equals("text");
            VirtualLayout layout = new VirtualLayout(Shape.of(n / 100, 100), DType.INT32);
            VirtualSource src = new VirtualSource(".", "src", Shape.of(n));
            for (int k = 0; k < n; k++) {
                // a trailing comma (a tuple, as in NumPy) sends the text to the parser; plain integers
                // ("3, 4") are read as Index.of's integers are
                if (text) layout.set((k / 100) + ", " + (k % 100) + ",", src.slice((n - 1 - k) + ","));
                else layout.set(Index.of(Index.at(k / 100), Index.at(k % 100)), src.slice(Index.of(Index.at(n - 1 - k))));
            }
            int[] values = new int[n];
            for (int k = 0; k < n; k++) values[k] = k;
            try (H5File f = H5File.create(Path.of(args[0]))) {
                f.createDataset("src", NdArray.of(values, n));
                f.createVirtualDataset("v", layout);
            }
            System.out.println("created " + layout.size());
        }
    }

    private List<String> classesLoadedBy(String how) throws Exception {
        Path log = dir.resolve("classes-" + how + ".log");
        assertThat(LoadedClasses.run(log, true, CreateLayout.class.getName(), List.of(dir.resolve(how + ".h5").toString(), how))).contains("created 2000");
        List<String> loaded = LoadedClasses.read(log);
        assertThat(loaded).as("the log lists the classes").contains("org.h5vds.api.VirtualLayout", "org.h5vds.vds.VirtualLayoutWriter");
        return loaded;
    }

    private static List<String> notNeeded(List<String> loaded) {
        List<String> out = new java.util.ArrayList<>(LoadedClasses.matching(loaded, NOT_NEEDED));
        // a lambda or method reference of the library's: its call site is linked on first use, 1-2 ms
        // each in a fresh JVM (and the first one in a JVM sets up method handles: 10-20 ms more)
        for (String c : loaded) if (c.startsWith("org.h5vds.") && c.contains("$$Lambda")) out.add(c);
        return out;
    }

    @Test
    void creatingAnElementMappedVirtualDatasetDoesNoWorkItDoesNotNeed() throws Exception {
        assertThat(notNeeded(classesLoadedBy("integers"))).isEmpty();
        // the check sees what it looks for: mappings written as text go the general way, through the rules
        assertThat(notNeeded(classesLoadedBy("text"))).contains("org.h5vds.vds.MappingRules");
        assertThat(Files.readAllBytes(dir.resolve("integers.h5"))).isEqualTo(Files.readAllBytes(dir.resolve("text.h5")));
    }
}
