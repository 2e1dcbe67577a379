package org.h5vds.format;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.h5vds.testing.Python;

/**
 * Small helpers for tests against files libhdf5 wrote: h5debug look-ups of the addresses a test
 * needs, until the object header reader can find them.
 */
final class Oracle {
    private Oracle() {
    }

    /** Runs {@code h5debug file address} and returns its output. */
    static String h5debug(Path file, long address) {
        return Python.Processes.run(List.of("/usr/bin/h5debug", file.toString(), Long.toString(address)), 60);
    }

    /** The number after {@code label} in h5debug output, e.g. "'Dense' link storage fractal heap address:". */
    static long field(String h5debugOutput, String label) {
        Matcher m = Pattern.compile(Pattern.quote(label) + "\\s+(\\d+)").matcher(h5debugOutput);
        if (!m.find()) throw new AssertionError("h5debug output has no \"" + label + "\":\n" + h5debugOutput);
        return Long.parseUnsignedLong(m.group(1));
    }

    /** The file's bytes as h5py writes them: 8-byte offsets and lengths, no user block. */
    static FileContext open(Path file) {
        return new FileContext(new MemoryStore(bytes(file), file.toString()), 8, 8, 0);
    }

    static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
