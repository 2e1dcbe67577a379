package org.h5vds.api;

import java.io.IOException;
import java.nio.file.Path;

/** Lets tests of other packages set a version 3 superblock's writer flags (see {@link SwmrFlagsTest#setFlags}). */
public final class SwmrFlagsTestAccess {
    private SwmrFlagsTestAccess() {
    }

    public static void setFlags(Path p, int flags) throws IOException {
        SwmrFlagsTest.setFlags(p, flags);
    }
}
