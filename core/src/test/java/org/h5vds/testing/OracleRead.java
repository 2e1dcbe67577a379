package org.h5vds.testing;

import java.nio.file.Path;
import org.h5vds.api.NdArray;

/**
 * One dataset an oracle is asked to read, and what came back: the values, or the oracle's error.
 * The batch readers ({@link H5Wasm#readAll}, {@link Libhdf5Java#readAll}) take and return these.
 */
public record OracleRead(Path file, String dataset, NdArray values, String error) {
    /** A request to read {@code dataset} in {@code file}. */
    public static OracleRead of(Path file, String dataset) {
        return new OracleRead(file, dataset, null, null);
    }

    OracleRead succeeded(NdArray a) {
        return new OracleRead(file, dataset, a, null);
    }

    OracleRead failed(String message) {
        return new OracleRead(file, dataset, null, message);
    }

    public boolean ok() {
        return values != null;
    }

    @Override
    public String toString() {
        return file.getFileName() + ":" + dataset + (error != null ? " -> " + error : "");
    }
}
