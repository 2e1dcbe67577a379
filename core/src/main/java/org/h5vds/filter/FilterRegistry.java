package org.h5vds.filter;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The filters available to this program, found with {@link ServiceLoader} from
 * {@code META-INF/services/org.h5vds.filter.Filter}, plus the common names of the filter ids The
 * HDF Group has registered, so that a missing filter is reported by name ("filter 4 (szip) is not
 * available"). Immutable once built.
 */
public final class FilterRegistry {
    /** Registered ids and their common names (HDF Group's list of registered filter plugins). */
    private static final Map<Integer, String> KNOWN_NAMES = Map.ofEntries(
            Map.entry(1, "deflate"),
            Map.entry(2, "shuffle"),
            Map.entry(3, "fletcher32"),
            Map.entry(4, "szip"),
            Map.entry(5, "nbit"),
            Map.entry(6, "scaleoffset"),
            Map.entry(257, "hzip"),
            Map.entry(258, "fpzip"),
            Map.entry(305, "lzo"),
            Map.entry(307, "bzip2"),
            Map.entry(32000, "lzf"),
            Map.entry(32001, "blosc"),
            Map.entry(32002, "mafisc"),
            Map.entry(32003, "snappy"),
            Map.entry(32004, "lz4"),
            Map.entry(32005, "apax"),
            Map.entry(32006, "cbf"),
            Map.entry(32007, "jpeg-xr"),
            Map.entry(32008, "bitshuffle"),
            Map.entry(32009, "spdp"),
            Map.entry(32010, "lpc-rice"),
            Map.entry(32011, "ccsds-123"),
            Map.entry(32012, "jpeg-ls"),
            Map.entry(32013, "zfp"),
            Map.entry(32014, "fpzip"),
            Map.entry(32015, "zstd"),
            Map.entry(32016, "b3d"),
            Map.entry(32017, "sz"),
            Map.entry(32018, "fcidecomp"),
            Map.entry(32019, "jpeg"),
            Map.entry(32020, "vbz"),
            Map.entry(32021, "fapec"),
            Map.entry(32022, "bitgroom"),
            Map.entry(32023, "granular bitround"),
            Map.entry(32024, "sz3"),
            Map.entry(32025, "delta-rice"),
            Map.entry(32026, "blosc2"),
            Map.entry(32027, "flac"),
            Map.entry(32028, "sperr"),
            Map.entry(32029, "terse/prolix"),
            Map.entry(32030, "ffmpeg"));

    private final Map<Integer, Filter> byId;

    private FilterRegistry(Map<Integer, Filter> byId) {
        this.byId = Collections.unmodifiableMap(new TreeMap<>(byId));
    }

    private static final class Standard {
        static final FilterRegistry INSTANCE = load(FilterRegistry.class.getClassLoader());
    }

    /** The filters found on this class's class path; loaded once, shared by all threads. */
    public static FilterRegistry standard() {
        return Standard.INSTANCE;
    }

    /** The filters {@link ServiceLoader} finds through {@code loader}. Two providers for one id are an error. */
    public static FilterRegistry load(ClassLoader loader) {
        Map<Integer, Filter> found = new TreeMap<>();
        for (Filter f : ServiceLoader.load(Filter.class, loader)) {
            Filter before = found.putIfAbsent(f.id(), f);
            if (before != null) {
                throw new IllegalStateException("two filters claim id " + f.id() + ": " + before.getClass().getName()
                        + " and " + f.getClass().getName());
            }
        }
        return new FilterRegistry(found);
    }

    /** A registry holding exactly {@code filters}, e.g. for tests. */
    public static FilterRegistry of(List<Filter> filters) {
        Map<Integer, Filter> m = new TreeMap<>();
        for (Filter f : filters) {
            if (m.putIfAbsent(f.id(), f) != null) throw new IllegalArgumentException("duplicate filter id " + f.id());
        }
        return new FilterRegistry(m);
    }

    public Optional<Filter> find(int id) {
        return Optional.ofNullable(byId.get(id));
    }

    public Collection<Filter> all() {
        return byId.values();
    }

    /** The common name of a registered filter id, or null when the id is not in The HDF Group's list. */
    public static String commonName(int id) {
        return KNOWN_NAMES.get(id);
    }

    /** "filter 4 (szip)" or "filter 40000" when the id has no registered name. */
    public static String describe(int id, String storedName) {
        String name = commonName(id);
        if (name == null && storedName != null && !storedName.isEmpty()) name = storedName;
        return name == null ? "filter " + id : "filter " + id + " (" + name + ")";
    }
}
