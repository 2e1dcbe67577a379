package org.h5vds.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;

/** One line saying what went wrong, for errors users cause; a programming error keeps its class name. */
final class Failures {
    private Failures() {
    }

    static String describe(Throwable e) {
        if (e instanceof UncheckedIOException u && u.getCause() != null) {
            // our own wrappers say which file; the bare cause may name only a temporary one
            String own = u.getMessage();
            return own != null && !own.equals(u.getCause().toString()) ? own : describe(u.getCause());
        }
        if (e instanceof NoSuchFileException f) return f.getFile() + ": no such file";
        if (e instanceof AccessDeniedException f) return f.getFile() + ": permission denied";
        if (e instanceof FileAlreadyExistsException f) return f.getFile() + ": already exists";
        if (e instanceof IOException) return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof org.h5vds.api.H5Exception || e instanceof IllegalArgumentException
                || e instanceof IndexOutOfBoundsException || e instanceof java.util.NoSuchElementException
                || e instanceof IllegalStateException || e instanceof ArithmeticException) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        if (e instanceof OutOfMemoryError) return "out of memory: " + e.getMessage() + " (read a smaller selection, or raise -Xmx via H5VDS_JAVA_OPTS)";
        return e.getClass().getName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
