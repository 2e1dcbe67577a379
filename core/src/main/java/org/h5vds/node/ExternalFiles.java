package org.h5vds.node;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.h5vds.io.H5Exception;

/**
 * The files external links lead to, found where libhdf5 looks for them and kept open until the
 * linking file closes. libhdf5's order: an absolute name as is; then each folder of
 * HDF5_EXT_PREFIX (and any prefix given by the application); then the linking file's folder; then
 * the working directory — an absolute name that does not exist is retried by its last component.
 */
final class ExternalFiles implements AutoCloseable {
    private final OpenFile owner;
    private final Map<Path, OpenFile> open = new ConcurrentHashMap<>();

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
        Path found = locate(fileName);
        if (found == null) {
            throw new H5Exception(owner.fileName() + ": " + linkPath + ": external link target file \"" + fileName + "\" not found");
        }
        Path key = found.toAbsolutePath().normalize();
        if (key.equals(owner.path().toAbsolutePath().normalize())) return owner;
        return open.computeIfAbsent(key, k -> OpenFile.open(k, owner.options()));
    }

    Path locate(String fileName) {
        Path name;
        try {
            name = Path.of(fileName);
        } catch (InvalidPathException e) {
            return null;
        }
        if (name.isAbsolute()) {
            if (Files.isRegularFile(name)) return name;
            if (name.getFileName() == null) return null;
            name = name.getFileName();
        }
        List<Path> candidates = new ArrayList<>();
        for (Path prefix : owner.options().externalPrefixes()) candidates.add(prefix.resolve(name));
        Path dir = owner.path().toAbsolutePath().getParent();
        if (dir != null) candidates.add(dir.resolve(name));
        candidates.add(name);
        for (Path c : candidates) if (Files.isRegularFile(c)) return c;
        return null;
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
