package org.h5vds.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.h5vds.io.H5Exception;
import org.h5vds.io.Locations;
import org.h5vds.io.NoSuchFileException;
import org.h5vds.io.Store;
import org.h5vds.io.Stores;

/**
 * Where a file created at a remote location goes: it is written to a local staging file (in a
 * private temporary folder) and uploaded by its provider once complete, then the staging file is
 * deleted; abandoning it deletes the staging file and uploads nothing.
 */
final class RemoteTarget {
    private final String location;
    private final CreateMode mode;
    private final Stores stores;
    private final Path folder;
    private final Path staging;

    private RemoteTarget(String location, CreateMode mode, Stores stores, Path folder) {
        this.location = location;
        this.mode = mode;
        this.stores = stores;
        this.folder = folder;
        String name = Locations.lastComponent(location);
        this.staging = folder.resolve(name.isEmpty() || name.equals(".") || name.equals("..") ? "file.h5" : name);
    }

    static RemoteTarget start(String location, CreateMode mode, Stores stores) {
        stores.provider(location); // an unknown scheme fails now, not at close
        if (mode == CreateMode.EXCLUSIVE) refuseExisting(location, stores);
        try {
            return new RemoteTarget(location, mode, stores, Files.createTempDirectory("h5vds-upload-"));
        } catch (IOException e) {
            throw new H5Exception(location + ": cannot make a local staging folder: " + e.getMessage(), e);
        }
    }

    private static void refuseExisting(String location, Stores stores) {
        try (Store s = stores.open(location)) {
            throw new H5Exception(location + ": already exists (" + s.size() + " bytes; create it with CreateMode.TRUNCATE to replace it)");
        } catch (NoSuchFileException e) {
            // nothing there: the file may be created
        }
    }

    String location() {
        return location;
    }

    /** The local file written until the upload. */
    Path staging() {
        return staging;
    }

    /** Uploads the complete staging file to the location. */
    void upload() {
        if (mode == CreateMode.EXCLUSIVE) refuseExisting(location, stores);
        try {
            stores.provider(location).upload(staging, location);
        } catch (UnsupportedOperationException e) {
            throw new H5Exception(location + ": not written: " + e.getMessage(), e);
        }
    }

    /** Deletes the staging file and folder (after an upload or instead of one). */
    void abandon() {
        try {
            Files.deleteIfExists(staging);
            Files.deleteIfExists(folder);
        } catch (IOException ignored) {
            // a leftover file in the temporary folder is harmless
        }
    }
}
