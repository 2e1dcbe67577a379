package org.h5vds.io;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The providers that open locations, by scheme ({@link Locations#scheme}): local files always,
 * and those registered with {@link #with}. Immutable; a file opened with a set of stores resolves
 * its virtual sources and external links through the same set, so a relative name stays on the
 * file system (or bucket) of the file that names it.
 */
public final class Stores {
    private static final Stores LOCAL = new Stores(Map.of(Locations.FILE, LocalFiles.INSTANCE));

    private final Map<String, StoreProvider> byScheme;
    /**
     * Providers found late, for schemes {@code byScheme} lacks (null when none): a lookup that
     * scans the class path (ServiceLoader) runs only when such a scheme is first opened, not
     * when every local file is.
     */
    private final Discovery discovery;

    /** Providers for schemes found on first use; {@code schemes()} lists what it can open. */
    public interface Discovery {
        /** The provider for {@code scheme} (lower case), or null. */
        StoreProvider provider(String scheme);

        /** Every scheme it has a provider for. */
        java.util.Set<String> schemes();
    }

    private Stores(Map<String, StoreProvider> byScheme, Discovery discovery) {
        this.byScheme = Map.copyOf(byScheme);
        this.discovery = discovery;
    }

    private Stores(Map<String, StoreProvider> byScheme) {
        this(byScheme, null);
    }

    /** These stores, asking {@code d} for the schemes they lack (replacing any discovery before it). */
    public Stores withDiscovery(Discovery d) {
        return new Stores(byScheme, d);
    }

    private StoreProvider lookup(String scheme) {
        StoreProvider p = byScheme.get(scheme);
        return p != null || discovery == null ? p : discovery.provider(scheme);
    }

    /** Local files only. */
    public static Stores local() {
        return LOCAL;
    }

    /** Shared remote providers, one per settings: their clients, threads and block caches serve every file opened with those settings. */
    private static final Map<RemoteSettings, Stores> REMOTE = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Local files, {@code s3://} objects and {@code http(s)://} resources, read as
     * {@code settings} say. The S3 provider (and with it the AWS SDK) is loaded only when the
     * first {@code s3://} location is opened.
     */
    public static Stores remote(RemoteSettings settings) {
        return REMOTE.computeIfAbsent(settings, s -> {
            StoreProvider http = new LazyProvider("org.h5vds.io.HttpObjects", s);
            return LOCAL.with("s3", new LazyProvider("org.h5vds.io.S3Objects", s)).with("http", http).with("https", http);
        });
    }

    /** These stores with {@code provider} opening locations of {@code scheme} (replacing any before it). */
    public Stores with(String scheme, StoreProvider provider) {
        Map<String, StoreProvider> m = new HashMap<>(byScheme);
        m.put(scheme.toLowerCase(java.util.Locale.ROOT), provider);
        return new Stores(m, discovery);
    }

    /**
     * The provider for {@code location}'s scheme.
     *
     * @throws H5Exception naming the location and the schemes that can be opened when none fits
     */
    public StoreProvider provider(String location) {
        String scheme = Locations.scheme(location);
        StoreProvider p = lookup(scheme);
        if (p == null) {
            throw new H5Exception(location + ": cannot open " + scheme + ": locations (this reader opens "
                    + String.join(", ", schemes()) + "; register a provider for " + scheme + ")");
        }
        return p;
    }

    public Store open(String location) {
        return provider(location).open(location);
    }

    /** {@link StoreProvider#identify}, or null when no provider handles the location's scheme. */
    public String identify(String location) {
        StoreProvider p = lookup(Locations.scheme(location));
        return p == null ? null : p.identify(location);
    }

    public List<String> list(String folder) {
        return provider(folder).list(folder);
    }

    public String parent(String location) {
        StoreProvider p = lookup(Locations.scheme(location));
        return p == null ? Locations.parent(location) : p.parent(location);
    }

    /** {@code name} in {@code folder}, joined by the folder's provider. */
    public String resolve(String folder, String name) {
        StoreProvider p = lookup(Locations.scheme(folder));
        return p == null ? Locations.join(folder, name) : p.resolve(folder, name);
    }

    @Override
    public String toString() {
        return "Stores" + schemes();
    }

    /** The schemes these stores open, sorted (discovering providers if there is a discovery). */
    private TreeSet<String> schemes() {
        TreeSet<String> all = new TreeSet<>(byScheme.keySet());
        if (discovery != null) all.addAll(discovery.schemes());
        return all;
    }
}
