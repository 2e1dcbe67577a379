package org.h5vds.node;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.h5vds.io.H5Exception;
import org.h5vds.io.Locations;
import org.h5vds.io.SearchOrder;
import org.h5vds.io.NoSuchFileException;
import org.h5vds.io.Stores;

/**
 * The files external links lead to, found where libhdf5 looks for them (H5F_prefix_open_file with
 * H5F_PREFIX_ELINK, 1.10 to 2.0) and kept open until the linking file closes. libhdf5's order:
 * <ol>
 *   <li>an absolute name as stored; when that does not open, the steps below use its last component;</li>
 *   <li>each folder of HDF5_EXT_PREFIX (colon-separated, taken literally: no {@code ${ORIGIN}}), then
 *       any prefix given by the application (H5Pset_elink_prefix);</li>
 *   <li>the folder of the file holding the link, as that file was opened (so a chain of links is
 *       followed relative to each file in turn);</li>
 *   <li>the name as given, relative to the working directory;</li>
 *   <li>the folder of the linking file's resolved name (symbolic links followed).</li>
 * </ol>
 * A candidate that does not open as an HDF5 file is skipped, as libhdf5 skips it. When none opens
 * the link dangles: following it is a {@link NoSuchObjectException}, as h5py's KeyError.
 */
final class ExternalFiles implements AutoCloseable {
    private final OpenFile owner;
    private final Map<String, OpenFile> open = new ConcurrentHashMap<>();

    ExternalFiles(OpenFile owner) {
        this.owner = owner;
    }

    static List<Path> prefixesFromEnvironment() {
        String env = System.getenv("HDF5_EXT_PREFIX");
        List<Path> out = new ArrayList<>();
        if (env == null || env.isEmpty()) return out;
        for (String p : env.split(":")) {
            if (p.isEmpty()) continue;
            try {
                out.add(Path.of(p));
            } catch (InvalidPathException ignored) {
                // an unusable entry is skipped, as libhdf5 skips entries it cannot open
            }
        }
        return out;
    }

    /**
     * The file an external link names, opened once.
     *
     * @throws NoSuchObjectException when no candidate opens (a dangling link)
     */
    OpenFile open(String fileName, String linkPath, String object) {
        Stores stores = owner.options().stores();
        String self = stores.identify(owner.location());
        String why = "not found";
        for (String candidate : candidates(fileName)) {
            String key = stores.identify(candidate);
            if (key == null) continue;
            if (key.equals(self)) return owner;
            OpenFile f = open.get(key);
            if (f != null) return f;
            try {
                return open.computeIfAbsent(key, k -> OpenFile.open(k, owner.options()));
            } catch (NoSuchFileException e) {
                // a remote candidate is known to be missing only once opened; try the next
            } catch (H5Exception e) {
                why = candidate + " does not open: " + e.getMessage(); // libhdf5 goes on to the next candidate
            }
        }
        throw new NoSuchObjectException(owner.fileName(), linkPath, "an external link to " + fileName + ":" + object + ", whose file is " + why);
    }

    /**
     * Where to look for {@code fileName}, in libhdf5's order (see the class comment), without
     * repeats; the last, in the linking file's real folder, worked out when reached ({@link SearchOrder}).
     */
    Iterable<String> candidates(String fileName) {
        Stores stores = owner.options().stores();
        Set<String> out = new LinkedHashSet<>();
        String name = fileName;
        if (Locations.isAbsolute(fileName)) {
            out.add(fileName);
            name = Locations.lastComponent(fileName);
            if (name.isEmpty()) return out;
        }
        for (Path prefix : owner.options().externalPrefixes()) out.add(Locations.join(prefix.toString(), name));
        out.add(stores.resolve(stores.parent(owner.location()), name));
        out.add(name);
        return SearchOrder.thenRealFolder(out, owner.location(), name);
    }

    @Override
    public void close() {
        H5Exception first = null;
        for (OpenFile f : open.values()) {
            try {
                f.close();
            } catch (H5Exception e) {
                if (first == null) first = e;
            }
        }
        open.clear();
        if (first != null) throw first;
    }
}
