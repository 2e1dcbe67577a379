package org.h5vds.npy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.List;
import org.h5vds.io.TemporaryFile;

/**
 * A .npy file being written: the header, then the elements in order, into a hidden file beside the
 * target ({@link TemporaryFile}) that takes the target's name only when {@link #finish()} is
 * called; {@link #abandon()} deletes it and leaves the target untouched. Hidden partial files of
 * earlier writes of the same name that were killed are removed when it starts.
 */
public final class NpyOutput {
    private final Path target;
    private final TemporaryFile tmp;
    private FileChannel channel;

    /**
     * Starts the file for {@code target} with its header.
     *
     * @throws org.h5vds.io.H5Exception when the folder does not exist or no file can be made in it
     * @throws UncheckedIOException     if writing fails (naming {@code target})
     */
    public NpyOutput(Path target, byte[] header) {
        this.target = target.toAbsolutePath();
        tmp = TemporaryFile.create(this.target, "part");
        channel = tmp.channel();
        append(ByteBuffer.wrap(header));
    }

    /** Hidden partial files of the same name that killed writers left, removed when this one was started. */
    public List<Path> removedTemporaryFiles() {
        return tmp.staleRemoved();
    }

    /** Whether the file is still being written (neither finished nor abandoned). */
    public boolean isOpen() {
        return channel != null;
    }

    /** Appends {@code bytes} (from their position to their limit); on failure the file is abandoned. */
    public void append(ByteBuffer bytes) {
        try {
            NpyFiles.writeFully(channel, bytes);
        } catch (IOException e) {
            abandon();
            throw new UncheckedIOException(target + ": cannot write: " + NpyFiles.describe(e), e);
        }
    }

    /** Moves the file into place under the target's name; on failure it is abandoned. */
    public void finish() {
        try {
            NpyFiles.moveIntoPlace(tmp.path(), target);
            tmp.close();
            channel = null;
        } catch (IOException e) {
            abandon();
            throw new UncheckedIOException(target + ": cannot write: " + NpyFiles.describe(e), e);
        }
    }

    /** Deletes the partial file; the target is untouched. */
    public void abandon() {
        if (channel != null) tmp.delete();
        channel = null;
    }
}
