package org.h5vds.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The Spark data source is a user of the library like any other: its compiled classes refer to
 * {@code org.h5vds.api} only (the one package the core module exports), so the errors it catches
 * and lets through are the api's too. Read from the class files by the JDK's {@code jdeps}.
 */
class UsesApiOnlyTest {
    @Test
    void sparkClassesUseOnlyTheApi() throws Exception {
        Path classes = Path.of(Hdf5DataSource.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new AssertionError("this JDK has no jdeps"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = jdeps.run(new PrintWriter(out), new PrintWriter(err), "-verbose:class", "-filter:none", "-e", "org\\.h5vds\\..*", classes.toString());
        assertThat(status).as("jdeps: %s", err).isZero();
        Set<String> api = new TreeSet<>();
        Set<String> other = new TreeSet<>();
        for (String line : out.toString().split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 3 || !f[1].equals("->") || !f[2].startsWith("org.h5vds.") || f[2].startsWith("org.h5vds.spark.")) continue;
            (f[2].startsWith("org.h5vds.api.") ? api : other).add(f[0] + " -> " + f[2]);
        }
        assertThat(api).as("the data source uses the api").isNotEmpty();
        assertThat(other).as("uses of core packages other than org.h5vds.api").isEmpty();
    }
}
