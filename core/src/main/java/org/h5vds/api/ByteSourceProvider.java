package org.h5vds.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.h5vds.io.Locations;

/**
 * Opens the files of some kinds of location as {@link ByteSource}s: the way to read HDF5 files,
 * and virtual datasets with their source files, from a file system or object store h5vds has no
 * built-in support for (HDFS through Hadoop's {@code FileSystem}, an in-memory store, ...).
 *
 * <p>Local paths and {@code file:} URIs, {@code s3://} (AWS SDK v2) and {@code http://},
 * {@code https://} (range requests) are built in; see {@link RemoteOptions}. Plug in another provider either per file, with
 * {@link ReadOptions#provider(ByteSourceProvider)} (which also overrides a built-in scheme), or for
 * every file, by naming the implementation in
 * {@code META-INF/services/org.h5vds.api.ByteSourceProvider} (used for schemes that have no built-in
 * provider). A location is text: a local path, or {@code scheme://authority/path}; the provider
 * whose {@link #schemes()} hold the scheme opens it.
 *
 * <p>Virtual dataset source names are resolved as libhdf5 resolves them, on locations: a relative
 * source name is joined to the folder ({@link #parent}) of the virtual file's location
 * ({@link #resolve}), also after a {@code ${ORIGIN}} prefix, so a virtual file in
 * {@code hdfs://nn/run1/} finds {@code 0.h5} at {@code hdfs://nn/run1/0.h5}; an absolute source
 * name (a path, or a URI of any registered scheme) is opened as it is. Each candidate is
 * {@linkplain #identify identified} and opened once; one that does not open is skipped.
 *
 * <p>Implementations must be thread-safe.
 */
public interface ByteSourceProvider {
    /**
     * The URI schemes this provider opens, in lower case (for example {@code Set.of("hdfs")}).
     *
     * @return the schemes, lower case, without {@code ':'}
     */
    Set<String> schemes();

    /**
     * Opens the file at {@code location}.
     *
     * @param location a URI of one of {@link #schemes()}, as {@link #identify} gave it
     * @return a source of the file's bytes
     * @throws java.io.FileNotFoundException   (or {@link java.nio.file.NoSuchFileException}) when
     *                                         there is no file there: source resolution then tries
     *                                         the next candidate
     * @throws IOException                     when the file is there but cannot be read (access
     *                                         denied, bad credentials, unreachable): the message
     *                                         should say why
     */
    ByteSource open(String location) throws IOException;

    /**
     * One text per file, however it is named, so that a file reached by two names is opened once
     * (a real path, a URI with {@code ..} resolved); or null when it is known, cheaply, that there
     * is no file at {@code location}. h5vds opens the file at the identity it returns. The
     * default: the location with its {@code .} and {@code ..} path segments resolved.
     *
     * @param location a URI of one of {@link #schemes()}
     * @return the file's identity, or null when there is surely no file
     * @throws IOException when the location cannot be looked at
     */
    default String identify(String location) throws IOException {
        return Locations.isRemote(location) ? Locations.normalizeRemote(location) : location;
    }

    /**
     * The folder holding {@code location}: by default, the location up to its last slash.
     *
     * @param location a URI of one of {@link #schemes()}
     * @return the folder's location, without a trailing slash
     */
    default String parent(String location) {
        return Locations.parent(location);
    }

    /**
     * The location of {@code name}, a relative name, in {@code folder}: by default libhdf5's join
     * (the folder, a slash unless it ends with one, the name).
     *
     * @param folder a folder's location, as {@link #parent} gives it
     * @param name a relative name, such as a virtual dataset's source file name
     * @return the name's location
     */
    default String resolve(String folder, String name) {
        return Locations.join(folder, name);
    }

    /**
     * The names (last components) of the files directly in {@code folder}: used to find the
     * source files of a printf ({@code %b}) mapping without opening every number.
     *
     * @param folder a folder's location, as {@link #parent} gives it
     * @return the names of the folder's files
     * @throws UnsupportedOperationException by default: the folder cannot be listed, and sources are probed one by one
     * @throws IOException when the folder exists but cannot be listed
     */
    default List<String> list(String folder) throws IOException {
        throw new UnsupportedOperationException(folder + ": listing is not supported");
    }

    /**
     * Puts the complete local file {@code file} at {@code location}, so that nothing appears there
     * until it is complete: how {@link H5File#create(String)} writes to this kind of location.
     *
     * @param file the complete local file to upload
     * @param location where to put it, a URI of one of {@link #schemes()}
     * @throws UnsupportedOperationException by default: files cannot be created there
     * @throws IOException when the upload fails; nothing should appear at {@code location} then
     */
    default void upload(Path file, String location) throws IOException {
        throw new UnsupportedOperationException(location + ": files cannot be written to this kind of location");
    }
}
