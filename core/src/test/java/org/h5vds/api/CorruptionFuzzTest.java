package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.h5vds.testing.Fixtures;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Files libhdf5 wrote, with random bytes overwritten or the file cut short: opening, listing and
 * reading everything either works or fails with an H5Exception — never another exception, an
 * OutOfMemoryError or a hang.
 */
class CorruptionFuzzTest {
    static final int CASES = 400;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"layouts_latest.h5", "layouts_earliest.h5", "groups_latest.h5", "groups_earliest.h5",
            "attributes_latest.h5", "filters.h5", "dtypes.h5", "userblock_latest.h5"})
    void damagedFilesFailCleanly(String name) throws Exception {
        byte[] original = Files.readAllBytes(Fixtures.dir().resolve(name));
        Random rnd = new Random(name.hashCode());
        List<String> problems = new ArrayList<>();
        int rejected = 0;
        ExecutorService worker = Executors.newSingleThreadExecutor();
        try {
            for (int i = 0; i < CASES; i++) {
                byte[] damaged = damage(original, rnd);
                Path file = dir.resolve("case" + i + ".h5");
                Files.write(file, damaged);
                Future<Throwable> outcome = worker.submit(() -> readEverything(file));
                Throwable t;
                try {
                    t = outcome.get(60, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    outcome.cancel(true);
                    problems.add("case " + i + ": no answer within 60 s (a hang?)");
                    worker.shutdownNow();
                    worker = Executors.newSingleThreadExecutor();
                    continue;
                }
                if (t != null && !(t instanceof H5Exception)) {
                    StringBuilder sb = new StringBuilder("case " + i + ": " + t);
                    for (StackTraceElement e : t.getStackTrace()) {
                        if (e.getClassName().startsWith("org.h5vds")) {
                            sb.append(" at ").append(e);
                            break;
                        }
                    }
                    problems.add(sb.toString());
                } else if (t != null) {
                    rejected++;
                    assertThat(t.getMessage()).as("case %d", i).contains(file.getFileName().toString());
                }
                Files.delete(file);
            }
        } finally {
            worker.shutdownNow();
        }
        assertThat(problems).isEmpty();
        System.out.printf("%s: %d of %d damaged files rejected with an H5Exception, the rest read%n", name, rejected, CASES);
        // the damage must reach the metadata often, or this test would prove nothing
        assertThat(rejected).isGreaterThan(CASES / 10);
    }

    /** Overwrites a few bytes, a run of bytes, or cuts the file short. */
    static byte[] damage(byte[] original, Random rnd) {
        byte[] b = original.clone();
        switch (rnd.nextInt(3)) {
            case 0 -> {
                for (int k = 0, n = 1 + rnd.nextInt(8); k < n; k++) b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
            }
            case 1 -> {
                int at = rnd.nextInt(b.length), len = Math.min(b.length - at, 1 + rnd.nextInt(64));
                byte v = (byte) (rnd.nextBoolean() ? 0xFF : rnd.nextInt(256));
                for (int k = 0; k < len; k++) b[at + k] = v;
            }
            default -> b = java.util.Arrays.copyOf(b, rnd.nextInt(b.length));
        }
        return b;
    }

    /** Opens the file and reads every dataset and attribute; returns what was thrown, or null. */
    static Throwable readEverything(Path file) {
        try (H5File f = H5File.open(file)) {
            f.attrs().values().forEach(Attribute::toString);
            f.visit((path, o) -> {
                o.attrs().values().forEach(Attribute::toString);
                if (o instanceof Dataset d && !d.isNull()) {
                    try {
                        d.dtype();
                    } catch (H5Exception notNumeric) {
                        return;
                    }
                    d.read();
                }
            });
            return null;
        } catch (Throwable t) {
            return t;
        }
    }
}
