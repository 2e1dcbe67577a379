package org.h5vds.api;

import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.h5vds.io.H5Exception;
import org.h5vds.io.H5FormatException;
import org.h5vds.io.NoSuchFileException;
import org.h5vds.io.Store;
import org.h5vds.io.StoreProvider;
import org.h5vds.io.Stores;

/**
 * Public {@link ByteSourceProvider}s as the io layer's {@link StoreProvider}s: the same calls,
 * with {@link IOException}s turned into h5vds' exceptions naming the location (a missing file
 * into {@link NoSuchFileException}, a short read into {@link H5FormatException}).
 */
final class ProvidedStores {
    private ProvidedStores() {
    }

    /**
     * The providers named in META-INF/services, found once, when a scheme the built-in stores do
     * not open is first asked for (the class-path scan is not paid by every local open).
     */
    private static final class Discovered {
        /** Adapted providers by scheme, the first provider naming a scheme winning. */
        static final java.util.Map<String, StoreProvider> BY_SCHEME = byScheme();

        private static java.util.Map<String, StoreProvider> byScheme() {
            java.util.Map<String, StoreProvider> m = new java.util.HashMap<>();
            for (ByteSourceProvider p : load()) {
                StoreProvider adapted = adapt(p);
                for (String scheme : p.schemes()) m.putIfAbsent(scheme.toLowerCase(java.util.Locale.ROOT), adapted);
            }
            return java.util.Map.copyOf(m);
        }

        private static List<ByteSourceProvider> load() {
            List<ByteSourceProvider> out = new java.util.ArrayList<>();
            java.util.Iterator<ByteSourceProvider> it = ServiceLoader.load(ByteSourceProvider.class).iterator();
            while (true) {
                try {
                    if (!it.hasNext()) break;
                    out.add(it.next());
                } catch (ServiceConfigurationError e) {
                    // a provider that cannot be loaded is left out; its scheme says so when used
                }
            }
            return List.copyOf(out);
        }
    }

    /**
     * The stores for a file opened with {@code explicit} providers: {@code base} (the built-in
     * ones), then providers found through {@link ServiceLoader} for schemes {@code base} lacks,
     * then {@code explicit}, which override both.
     */
    static Stores build(Stores base, List<ByteSourceProvider> explicit) {
        Stores s = base.withDiscovery(DISCOVERY);
        for (ByteSourceProvider p : explicit) {
            StoreProvider adapted = adapt(p);
            for (String scheme : p.schemes()) s = s.with(scheme, adapted);
        }
        return s;
    }

    /** Asks {@link Discovered} (loading it on first use) for the schemes nothing else opens. */
    private static final Stores.Discovery DISCOVERY = new Stores.Discovery() {
        @Override
        public StoreProvider provider(String scheme) {
            return Discovered.BY_SCHEME.get(scheme);
        }

        @Override
        public java.util.Set<String> schemes() {
            return Discovered.BY_SCHEME.keySet();
        }
    };

    static StoreProvider adapt(ByteSourceProvider p) {
        return new StoreProvider() {
            @Override
            public Store open(String location) {
                ByteSource source;
                try {
                    source = p.open(location);
                } catch (FileNotFoundException | java.nio.file.NoSuchFileException e) {
                    throw new NoSuchFileException(location, "no such file", e);
                } catch (IOException e) {
                    throw new H5Exception(location + ": cannot open: " + describe(e), e);
                }
                if (source == null) throw new NoSuchFileException(location);
                return new SourceStore(source);
            }

            @Override
            public String identify(String location) {
                try {
                    return p.identify(location);
                } catch (IOException e) {
                    throw new H5Exception(location + ": cannot open: " + describe(e), e);
                }
            }

            @Override
            public List<String> list(String folder) {
                try {
                    return p.list(folder);
                } catch (IOException e) {
                    throw new H5Exception(folder + ": cannot list: " + describe(e), e);
                }
            }

            @Override
            public String parent(String location) {
                return p.parent(location);
            }

            @Override
            public String resolve(String folder, String name) {
                return p.resolve(folder, name);
            }

            @Override
            public void upload(Path file, String location) {
                try {
                    p.upload(file, location);
                } catch (IOException e) {
                    throw new H5Exception(location + ": cannot write: " + describe(e), e);
                }
            }

            @Override
            public String toString() {
                return p.toString();
            }
        };
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** A {@link Store} reading through a {@link ByteSource}. */
    private static final class SourceStore implements Store {
        private final ByteSource source;
        private final long size;

        SourceStore(ByteSource source) {
            this.source = source;
            this.size = source.size();
        }

        @Override
        public String location() {
            return source.location();
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public String version() {
            return source.version();
        }

        @Override
        public void read(long position, ByteBuffer dst, String what) {
            int wanted = dst.remaining();
            checkRange(position, wanted, what);
            try {
                source.read(position, dst);
            } catch (EOFException e) {
                throw new H5FormatException(location(), position, what + ": the file ended before " + wanted + " bytes at " + position
                        + " could be read (was it truncated?)");
            } catch (IOException e) {
                throw new H5Exception(location() + ": read of " + wanted + " bytes at " + position + " failed: " + describe(e), e);
            }
            if (dst.hasRemaining()) {
                throw new H5FormatException(location(), position, what + ": the source gave " + (wanted - dst.remaining())
                        + " of " + wanted + " bytes at " + position);
            }
        }

        @Override
        public void close() {
            try {
                source.close();
            } catch (IOException e) {
                throw new H5Exception(location() + ": close failed: " + describe(e), e);
            }
        }

        @Override
        public String toString() {
            return "SourceStore[" + source.location() + "]";
        }
    }
}
