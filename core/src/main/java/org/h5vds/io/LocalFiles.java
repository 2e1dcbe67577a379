package org.h5vds.io;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The built-in provider of local files: paths and {@code file:} URIs, opened as {@link FileStore}s. */
public final class LocalFiles implements StoreProvider {
    public static final LocalFiles INSTANCE = new LocalFiles();

    private LocalFiles() {
    }

    @Override
    public Store open(String location) {
        return FileStore.open(Locations.localPath(location));
    }

    /** The real path (symbolic links followed) of a regular file; null for anything else. */
    @Override
    public String identify(String location) {
        try {
            Path p = Locations.localPath(location);
            if (!Files.isRegularFile(p)) return null;
            return p.toRealPath().toString();
        } catch (IOException | SecurityException | H5Exception e) {
            return null;
        }
    }

    @Override
    public List<String> list(String folder) {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(Locations.localPath(folder))) {
            for (Path p : dir) if (Files.isRegularFile(p)) names.add(p.getFileName().toString());
        } catch (IOException e) {
            throw new H5Exception(folder + ": cannot list the folder: " + FileStore.describe(e), e);
        }
        return names;
    }

    @Override
    public String parent(String location) {
        return Locations.parent(location);
    }

    @Override
    public String toString() {
        return "local files";
    }
}
