package org.h5vds.api;

/** What {@link H5File#create(java.nio.file.Path, CreateMode)} does when a file of that name exists. */
public enum CreateMode {
    /** Fail if the file exists, now and when the new file is put in place (h5py's {@code 'x'} / {@code 'w-'}). */
    EXCLUSIVE,
    /** Replace an existing file when the new one is complete (h5py's {@code 'w'}); it stays untouched until then. */
    TRUNCATE
}
