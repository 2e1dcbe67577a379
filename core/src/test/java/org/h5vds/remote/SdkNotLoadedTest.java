package org.h5vds.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.h5vds.testing.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * The AWS SDK stays behind the S3 provider: a program that reads local files (here the command
 * line, in a fresh JVM) loads none of its classes; one that opens an s3:// location does.
 */
class SdkNotLoadedTest {
    private static String loadedClasses(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-verbose:class", "-cp", System.getProperty("java.class.path"), "org.h5vds.cli.Main"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    @Test
    void readingLocalFilesLoadsNoAwsClass() throws Exception {
        Fixtures.DatasetCase c = Fixtures.datasets().filter(d -> d.file().equals("vds.h5") && !d.isNull()).findFirst().orElseThrow();
        String local = loadedClasses("read", c.filePath().toString(), c.path());
        assertThat(local).contains("org.h5vds.io.FileStore").doesNotContain("software.amazon.awssdk");
        String s3 = loadedClasses("ls", "s3://bucket/x.h5", "--s3-endpoint=http://127.0.0.1:9", "--s3-region=us-east-1", "--anonymous");
        assertThat(s3).contains("software.amazon.awssdk.services.s3.S3Client");
    }
}
