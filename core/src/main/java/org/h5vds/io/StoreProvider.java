package org.h5vds.io;

import java.nio.file.Path;
import java.util.List;

/**
 * Opens the files of one kind of location — local files, S3 objects, HTTP resources, or whatever a
 * user plugs in through the api's {@code ByteSourceProvider} — as {@link Store}s, and answers the
 * few questions source resolution asks of the place they are kept. Implementations are
 * thread-safe.
 */
public interface StoreProvider {
    /**
     * Opens the file at {@code location}.
     *
     * @throws NoSuchFileException naming the location when nothing is there
     * @throws H5Exception         naming the location and the cause when it cannot be read
     */
    Store open(String location);

    /**
     * The identity of the file at {@code location}: one text per file, however it is named (a
     * local file's real path, a URI with its dot segments resolved), used to open each file once.
     * Null when it is known without opening that there is no file there; a provider that cannot
     * tell cheaply returns a key and lets {@link #open} fail.
     */
    String identify(String location);

    /**
     * The names (last components) of the files directly in {@code folder}, for finding printf
     * sources without probing every number.
     *
     * @throws UnsupportedOperationException when this kind of location cannot be listed
     */
    default List<String> list(String folder) {
        throw new UnsupportedOperationException(folder + ": cannot list the files of this kind of location");
    }

    /** The folder holding {@code location} ({@link Locations#parent}). */
    default String parent(String location) {
        return Locations.parent(location);
    }

    /** {@code name} inside {@code folder}, as libhdf5 joins them ({@link Locations#join}). */
    default String resolve(String folder, String name) {
        return Locations.join(folder, name);
    }

    /**
     * Puts the complete local file {@code file} at {@code location}, all at once: nothing appears
     * there until it is complete (used by files created at a remote location).
     *
     * @throws UnsupportedOperationException when files cannot be written to this kind of location
     */
    default void upload(Path file, String location) {
        throw new UnsupportedOperationException(location + ": files cannot be written to this kind of location");
    }
}
