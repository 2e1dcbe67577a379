package org.h5vds.api;

/**
 * The root of every error h5vds raises about a file or its contents: catch this one type to handle
 * whatever a missing, corrupt, truncated or hostile input, or a failed read or write, raises
 * through the api. Unchecked, like h5py's exceptions: most callers cannot recover and should not
 * have to declare it.
 *
 * <p>The message names the file and, where known, the object path and the byte offset; the same
 * three are also available as {@link #file()}, {@link #objectPath()} and {@link #offset()}. When
 * the error arose inside the library's lower layers, {@link #getCause()} is the original error
 * (with its stack trace), so a bug report shows where it was detected.
 *
 * <p>The subclasses say what kind of error it is: {@link H5FormatException} (bytes the format does
 * not allow, or a feature h5vds does not read), {@link NoSuchFileException} and
 * {@link NoSuchObjectException} (nothing at a location or path). Errors in the caller's arguments
 * are {@link IllegalArgumentException}s ({@link InvalidIndexException},
 * {@link InvalidMappingException}) or {@link IndexOutOfBoundsException}s
 * ({@link AxisIndexOutOfBoundsException}), as in the Java library.
 */
public class H5Exception extends RuntimeException {
    /** The value of {@link #offset()} when no byte offset is known. */
    public static final long NO_OFFSET = -1;

    /** The file, or null. */
    private final String file;
    /** The object path inside the file, or null. */
    private final String objectPath;
    /** The byte offset, or {@link #NO_OFFSET}. */
    private final long offset;

    /**
     * An error with only a message (which names the file itself when one is involved).
     *
     * @param message what went wrong, naming the file and object
     */
    public H5Exception(String message) {
        this(message, null, null, NO_OFFSET, null);
    }

    /**
     * An error with a message and the error that caused it.
     *
     * @param message what went wrong, naming the file and object
     * @param cause   the error that caused this one, or null
     */
    public H5Exception(String message, Throwable cause) {
        this(message, null, null, NO_OFFSET, cause);
    }

    /**
     * An error whose file, object path and byte offset are known.
     *
     * @param message    the whole message (it already names the file, object and offset)
     * @param file       the file, or null when not known
     * @param objectPath the object path inside the file, or null when not known
     * @param offset     the byte offset in the file, or {@link #NO_OFFSET}
     * @param cause      the error that caused this one, or null
     */
    public H5Exception(String message, String file, String objectPath, long offset, Throwable cause) {
        super(message, cause);
        this.file = file;
        this.objectPath = objectPath;
        this.offset = offset;
    }

    /**
     * The file (a path or a location such as {@code s3://bucket/key}).
     *
     * @return the file, or null when the error names no single file
     */
    public String file() {
        return file;
    }

    /**
     * The object inside the file, such as {@code /entry/data}.
     *
     * @return the object path, or null when the error arose below the object level or is not about one object
     */
    public String objectPath() {
        return objectPath;
    }

    /**
     * Where in the file the bytes at fault are.
     *
     * @return the byte offset, or {@link #NO_OFFSET} when not known
     */
    public long offset() {
        return offset;
    }
}
