package org.h5vds.node;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.h5vds.io.H5Exception;
import org.h5vds.io.Locations;
import org.h5vds.io.NoSuchFileException;
import org.h5vds.io.Stores;

/**
 * The files external links lead to, found where libhdf5 looks for them and kept open until the
 * linking file closes. libhdf5's order: an absolute name as is; then each folder of
 * HDF5_EXT_PREFIX (and any prefix given by the application); then the linking file's folder; then
 * the working directory — an absolute name that does not exist is retried by its last component.
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

    OpenFile open(String fileName, String linkPath) {
        Stores stores = owner.options().stores();
        String self = stores.identify(owner.location());
        for (String candidate : candidates(fileName)) {
            String key = stores.identify(candidate);
            if (key == null) continue;
            if (key.equals(self)) return owner;
            try {
                return open.computeIfAbsent(key, k -> OpenFile.open(k, owner.options()));
            } catch (NoSuchFileException e) {
                // a remote candidate is known to be missing only once opened; try the next
            }
        }
        throw new H5Exception(owner.fileName() + ": " + linkPath + ": external link target file \"" + fileName + "\" not found");
    }

    /** Where to look for {@code fileName}, in libhdf5's order (see the class comment). */
    List<String> candidates(String fileName) {
        Stores stores = owner.options().stores();
        List<String> out = new ArrayList<>();
        String name = fileName;
        if (Locations.isAbsolute(fileName)) {
            out.add(fileName);
            name = Locations.lastComponent(fileName);
            if (name.isEmpty()) return out;
        }
        for (Path prefix : owner.options().externalPrefixes()) out.add(Locations.join(prefix.toString(), name));
        out.add(stores.resolve(stores.parent(owner.location()), name));
        out.add(name);
        return out;
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
