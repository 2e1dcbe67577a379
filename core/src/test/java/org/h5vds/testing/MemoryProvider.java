package org.h5vds.testing;

import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.h5vds.api.ByteSource;
import org.h5vds.api.ByteSourceProvider;
import org.h5vds.io.Locations;

/**
 * A {@link ByteSourceProvider} over files held in memory under {@code scheme://} locations, as a
 * user would plug in a file system h5vds does not know: counts opens and reads, and can be told
 * to fail, so tests see exactly what the library asks of a provider.
 */
public class MemoryProvider implements ByteSourceProvider {
    private final String scheme;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> opens = new ConcurrentHashMap<>();
    private final AtomicLong reads = new AtomicLong();
    private volatile String failing;

    public MemoryProvider(String scheme) {
        this.scheme = scheme;
    }

    /** Puts {@code bytes} at {@code location}. */
    public MemoryProvider put(String location, byte[] bytes) {
        files.put(location, bytes.clone());
        return this;
    }

    /** Copies every regular file under {@code dir} to {@code prefix} + its relative path. */
    public MemoryProvider putTree(Path dir, String prefix) {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all.filter(Files::isRegularFile)::iterator) {
                put(Locations.join(prefix, dir.relativize(p).toString()), Files.readAllBytes(p));
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return this;
    }

    public void remove(String location) {
        files.remove(location);
    }

    /** Reads of {@code location} fail from now on with an IOException (null: none fails). */
    public void failReadsOf(String location) {
        failing = location;
    }

    /** Times {@code location} was opened. */
    public long opens(String location) {
        AtomicLong n = opens.get(location);
        return n == null ? 0 : n.get();
    }

    public long reads() {
        return reads.get();
    }

    @Override
    public Set<String> schemes() {
        return Set.of(scheme);
    }

    @Override
    public ByteSource open(String location) throws IOException {
        byte[] bytes = files.get(location);
        if (bytes == null) throw new FileNotFoundException(location + " (not in memory)");
        opens.computeIfAbsent(location, k -> new AtomicLong()).incrementAndGet();
        return new ByteSource() {
            @Override
            public String location() {
                return location;
            }

            @Override
            public long size() {
                return bytes.length;
            }

            @Override
            public void read(long position, ByteBuffer dst) throws IOException {
                reads.incrementAndGet();
                if (location.equals(failing)) throw new IOException("injected failure");
                if (position + dst.remaining() > bytes.length) throw new EOFException();
                dst.put(bytes, (int) position, dst.remaining());
            }

            @Override
            public String version() {
                return "v" + bytes.length;
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public List<String> list(String folder) {
        String dir = folder.endsWith("/") ? folder : folder + "/";
        List<String> names = new ArrayList<>();
        for (String k : files.keySet()) {
            if (k.startsWith(dir) && k.indexOf('/', dir.length()) < 0) names.add(k.substring(dir.length()));
        }
        return names;
    }

    @Override
    public String toString() {
        return "MemoryProvider[" + scheme + "]";
    }
}
