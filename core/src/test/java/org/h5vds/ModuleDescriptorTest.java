package org.h5vds;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.h5vds.api.DatasetOptions;
import org.h5vds.api.H5File;
import org.h5vds.api.NdArray;
import org.h5vds.testing.Project;
import org.h5vds.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The module descriptor ({@code core/src/main/java/module-info.java}): it exports the api and
 * nothing else, provides every built-in filter the class path's service file lists, and the
 * library really runs as a module — the command line started with {@code -m org.h5vds/...} on
 * the module path of the runtime dependencies reads a deflate-compressed dataset (the filters
 * found through {@code provides}). Nothing is opened to reflection: the command line's parser is
 * written out, not read off annotations.
 *
 * <p>The other tests run on the class path (surefire's {@code useModulePath=false}, see
 * core/pom.xml), where ArchitectureTest keeps the same rule for the packages.
 */
class ModuleDescriptorTest {
    private static final Path CLASSES = Project.dir().resolve("target/classes");

    @TempDir
    Path dir;

    private static ModuleDescriptor descriptor() {
        return ModuleFinder.of(CLASSES).find("org.h5vds").orElseThrow(() -> new AssertionError("no module org.h5vds in " + CLASSES)).descriptor();
    }

    @Test
    void exportsTheApiOnly() {
        ModuleDescriptor d = descriptor();
        assertThat(d.exports()).allSatisfy(e -> assertThat(e.isQualified()).as("%s", e).isFalse());
        assertThat(d.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet())).containsExactly("org.h5vds.api");
        assertThat(d.opens()).isEmpty();
    }

    @Test
    void providesTheFiltersTheServiceFileLists() throws Exception {
        ModuleDescriptor d = descriptor();
        Set<String> listed = new TreeSet<>();
        for (String line : Files.readAllLines(CLASSES.resolve("META-INF/services/org.h5vds.filter.Filter"))) {
            if (!line.isBlank() && !line.startsWith("#")) listed.add(line.strip());
        }
        ModuleDescriptor.Provides filters = d.provides().stream().filter(p -> p.service().equals("org.h5vds.filter.Filter")).findFirst().orElseThrow();
        assertThat(new TreeSet<>(filters.providers())).isEqualTo(listed);
        assertThat(d.uses()).containsExactlyInAnyOrder("org.h5vds.filter.Filter", "org.h5vds.api.ByteSourceProvider");
    }

    @Test
    void commandLineRunsAsAModule() throws Exception {
        Path file = dir.resolve("gz.h5");
        try (H5File f = H5File.create(file)) {
            f.createDataset("data", NdArray.of(new int[] {1, 2, 3, 4, 5, 6}), DatasetOptions.chunked(3).deflate(4));
        }
        String runtime = Files.readString(Project.dir().resolve("target/runtime-classpath.txt")).strip();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-p", CLASSES + java.io.File.pathSeparator + runtime, "-m", "org.h5vds/org.h5vds.cli.Main", "read", file.toString(), "data"));
        Python.Processes.Result r = Python.Processes.runAllowingFailure(cmd, 120);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().strip()).isEqualTo("[1 2 3 4 5 6]");
        List<String> ls = new ArrayList<>(cmd.subList(0, 6));
        ls.addAll(List.of("ls", file.toString()));
        Python.Processes.Result l = Python.Processes.runAllowingFailure(ls, 120);
        assertThat(l.exit()).as(l.err()).isZero();
        assertThat(l.out()).contains("data").contains("deflate");
    }
}
