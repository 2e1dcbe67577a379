package org.h5vds;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import org.h5vds.testing.Project;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The api's javadoc is the library's public documentation ({@code mvn -pl core javadoc:javadoc}
 * documents the module's one exported package): javac's doclint, the checks javadoc runs, over
 * the api sources' public members. No error, no public member without a comment, and no missing
 * {@code @param}, {@code @return} or {@code @throws} tag.
 */
class ApiJavadocTest {
    /**
     * Missing {@code @param}, {@code @return} and {@code @throws} tags allowed in api: none since
     * issue 17 tagged every public method. A new public method comes with its tags.
     */
    static final int MISSING_TAGS_LEFT = 0;

    @TempDir
    Path out;

    @Test
    void apiJavadocIsClean() throws Exception {
        Path api = Project.dir().resolve("src/main/java/org/h5vds/api");
        List<String> args = new ArrayList<>(List.of("-Xdoclint:all/public", "-Xmaxwarns", "100000", "-Xmaxerrs", "100000",
                "-proc:none", "-implicit:none", "-d", out.toString(),
                "-cp", Project.dir().resolve("target/classes") + java.io.File.pathSeparator
                        + Files.readString(Project.dir().resolve("target/runtime-classpath.txt")).strip()));
        try (Stream<Path> files = Files.list(api)) {
            files.filter(f -> f.toString().endsWith(".java")).sorted().forEach(f -> args.add(f.toString()));
        }
        ToolProvider javac = ToolProvider.findFirst("javac").orElseThrow(() -> new AssertionError("this JDK has no javac"));
        StringWriter diagnostics = new StringWriter();
        int status = javac.run(new PrintWriter(diagnostics), new PrintWriter(diagnostics), args.toArray(String[]::new));
        List<String> errors = new ArrayList<>();
        List<String> uncommented = new ArrayList<>();
        int missingTags = 0;
        for (String line : diagnostics.toString().split("\n")) {
            if (line.contains(": error: ")) errors.add(line);
            else if (line.contains(": warning: no comment")) uncommented.add(line);
            else if (line.contains(": warning: no @param") || line.contains(": warning: no @return") || line.contains(": warning: no @throws")) missingTags++;
            else if (line.contains(": warning: ")) errors.add(line);
        }
        assertThat(status).as("javac: %s", diagnostics).isZero();
        assertThat(errors).as("doclint errors and warnings other than missing tags").isEmpty();
        assertThat(uncommented).as("public api members without a comment").isEmpty();
        assertThat(missingTags).as("missing @param/@return/@throws tags: every public api method needs its tags").isLessThanOrEqualTo(MISSING_TAGS_LEFT);
    }
}
