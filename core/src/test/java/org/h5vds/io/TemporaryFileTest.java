package org.h5vds.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.h5vds.api.H5File;
import org.h5vds.api.NdArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Temporary files of killed writers are removed by the next write to the same target, and said
 * so; one that a live writer holds (in this JVM or another process) is never touched. Files get
 * the permissions any program's new file gets (the umask's), also after the rename into place.
 */
class TemporaryFileTest {
    @TempDir
    Path dir;

    /** A writer in another process: creates the temporary file of args[0], prints its path, waits to be killed. */
    public static final class Holder {
        public static void main(String[] args) throws Exception {
            TemporaryFile t = TemporaryFile.create(Path.of(args[0]), "tmp");
            System.out.println(t.path());
            System.out.flush();
            Thread.sleep(600_000);
        }
    }

    @Test
    void staleFilesGoLiveOnesStay() throws Exception {
        Path target = dir.resolve("out.h5");
        Process writer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")), Holder.class.getName(), target.toString())
                .redirectErrorStream(true).start();
        try {
            Path held;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
                held = Path.of(r.readLine());
                assertThat(held).exists();

                TemporaryFile inThisJvm = TemporaryFile.create(target, "tmp");
                TemporaryFile second = TemporaryFile.create(target, "tmp");
                assertThat(second.staleRemoved()).as("both writers are alive").isEmpty();
                assertThat(held).exists();
                assertThat(inThisJvm.path()).exists();
                second.delete();
                inThisJvm.delete();

                writer.destroyForcibly();                      // kill -9: the lock dies with the process
                assertThat(writer.waitFor(60, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(held).exists();
            try (H5File f = H5File.create(target)) {
                f.createDataset("x", NdArray.of(new int[] {1, 2, 3}, 3));
                assertThat(f.removedTemporaryFiles()).containsExactly(held);
            }
            assertThat(held).doesNotExist();
            try (var left = Files.list(dir)) {
                assertThat(left.map(p -> p.getFileName().toString()).toList()).containsExactly("out.h5");
            }
        } finally {
            writer.destroyForcibly();
        }
    }

    @Test
    void onlyTheTargetsOwnTemporaryNamesCountAsStale() throws Exception {
        Path target = dir.resolve("out.h5");
        List<String> others = List.of(".out.h5.h5vds-.tmp", ".out.h5.h5vds-12a.tmp", ".out.h5.h5vds-12.part", ".out.h5.h5vds-12.tmpx",
                "x.out.h5.h5vds-12.tmp", ".out.h5x.h5vds-12.tmp", ".out.h5.h5vds--12.tmp", ".out.h5.h5vds-1 2.tmp", ".out.h5.h5vds-12.tm");
        for (String n : others) Files.createFile(dir.resolve(n));
        Path stale = Files.createFile(dir.resolve(".out.h5.h5vds-18446744073709551615.tmp"));
        Path shortest = Files.createFile(dir.resolve(".out.h5.h5vds-0.tmp"));
        TemporaryFile t = TemporaryFile.create(target, "tmp");
        try {
            assertThat(t.staleRemoved()).containsExactlyInAnyOrder(stale, shortest);
            for (String n : others) assertThat(dir.resolve(n)).as(n).exists();
        } finally {
            t.delete();
        }
        assertThat(TemporaryFile.isTemporaryName(".a.h5vds-7.part", ".a.h5vds-", ".part")).isTrue();
        assertThat(TemporaryFile.isTemporaryName(".a.h5vds-.part", ".a.h5vds-", ".part")).isFalse();
        assertThat(TemporaryFile.isTemporaryName(".a.h5vds-", ".a.h5vds-", ".part")).isFalse();
    }

    @Test
    void newFilesGetTheUmasksPermissions() throws Exception {
        Path reference = Files.createFile(dir.resolve("reference"));   // what any program's new file gets
        String expected = PosixFilePermissions.toString(Files.getPosixFilePermissions(reference));
        Path h5 = dir.resolve("made.h5");
        try (H5File f = H5File.create(h5)) {
            f.createDataset("x", NdArray.of(new int[] {1}, 1));
        }
        Path npy = dir.resolve("made.npy");
        org.h5vds.api.Npy.write(npy, NdArray.of(new int[] {1}, 1));
        for (Path p : List.of(h5, npy)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p))).as(p.toString()).isEqualTo(expected);
        }
        assertThat(expected).isNotEqualTo("rw-------");
    }
}
