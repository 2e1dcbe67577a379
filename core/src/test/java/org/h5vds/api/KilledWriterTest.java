package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer that never reaches close — killed, crashed by an exception, or exited — leaves nothing
 * under the target name, and an existing file there untouched. (A killed JVM leaves its hidden
 * temporary file; a JVM that shuts down deletes it.)
 */
class KilledWriterTest {
    @TempDir
    Path dir;

    private Process start(Path target, String how) throws Exception {
        String cp = System.getProperty("surefire.test.class.path");
        if (cp == null || cp.isBlank()) cp = System.getProperty("java.class.path");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-cp", cp,
                WriterChild.class.getName(), target.toString(), how);
        pb.redirectErrorStream(true);
        return pb.start();
    }

    /** Waits for the child to say it is writing frames; returns what it printed. */
    private static String awaitWriting(Process p) throws Exception {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder out = new StringBuilder();
        String line;
        while ((line = r.readLine()) != null) {
            out.append(line).append('\n');
            if (line.equals("writing")) return out.toString();
        }
        throw new AssertionError("the child ended before writing:\n" + out);
    }

    private List<String> names() throws Exception {
        try (var s = Files.list(dir)) {
            return s.map(q -> q.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aKilledWriterLeavesNoFileUnderTheName() throws Exception {
        Path target = dir.resolve("frames.h5");
        Process p = start(target, "kill");
        awaitWriting(p);
        Thread.sleep(300);
        p.destroyForcibly();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(target).doesNotExist();
        List<String> left = names();
        assertThat(left).as("only the hidden temporary file, which holds the frames written so far").hasSize(1);
        assertThat(left.get(0)).startsWith(".frames.h5.h5vds-").endsWith(".tmp");
        assertThat(Files.size(dir.resolve(left.get(0)))).isGreaterThan(0);
    }

    @Test
    void aKilledWriterLeavesAnExistingFileUntouched() throws Exception {
        Path target = Files.writeString(dir.resolve("frames.h5"), "the previous run's file");
        Process p = start(target, "kill");
        awaitWriting(p);
        Thread.sleep(300);
        p.destroyForcibly();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(target)).isEqualTo("the previous run's file");
    }

    @Test
    void aWriterEndedByAnUncaughtExceptionOrExitLeavesNothingAtAll() throws Exception {
        for (String how : List.of("throw", "exit")) {
            Path target = dir.resolve(how + ".h5");
            Process p = start(target, how);
            String out = awaitWriting(p);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(out).isTrue();
            assertThat(p.exitValue()).isNotZero();
        }
        assertThat(names()).as("the shutdown hook deleted the temporary files").isEmpty();
    }
}
