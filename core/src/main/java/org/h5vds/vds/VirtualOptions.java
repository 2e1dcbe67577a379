package org.h5vds.vds;

import java.util.Objects;

/**
 * How virtual datasets are read: libhdf5's dataset access properties for VDS plus h5vds' own.
 *
 * @param view              how the extent of unlimited mappings is computed (H5Pset_virtual_view)
 * @param printfGap         how many missing printf source blocks may separate found ones, with
 *                          {@link View#LAST_AVAILABLE} (H5Pset_virtual_printf_gap); ignored, as
 *                          libhdf5 ignores it, with {@link View#FIRST_MISSING}
 * @param prefix            the access property prefix (H5Pset_virtual_prefix), {@code ${ORIGIN}} at
 *                          its start meaning the virtual file's folder; null for none
 * @param environmentPrefix the value of HDF5_VDS_PREFIX (colon-separated folders), or null
 * @param failOnMissing     true to fail a read that touches a missing source file or dataset,
 *                          instead of reading the fill value as libhdf5 does
 * @param openFiles         the most source files kept open at once (at least 1)
 */
public record VirtualOptions(View view, long printfGap, String prefix, String environmentPrefix, boolean failOnMissing, int openFiles) {

    /** libhdf5's H5D_vds_view_t. */
    public enum View {
        /** The extent ends where the first source data is missing (smallest unlimited mapping). */
        FIRST_MISSING,
        /** The extent reaches the last available source data (largest unlimited mapping); libhdf5's default. */
        LAST_AVAILABLE
    }

    public static final int DEFAULT_OPEN_FILES = 256;

    public VirtualOptions {
        Objects.requireNonNull(view, "view");
        if (printfGap < 0) throw new IllegalArgumentException("printf gap must be >= 0 (got " + printfGap + ")");
        if (openFiles < 1) throw new IllegalArgumentException("the open-file limit must be >= 1 (got " + openFiles + ")");
    }

    /** libhdf5's defaults (last available view, gap 0, no prefix), HDF5_VDS_PREFIX from the environment, 256 open files. */
    public static VirtualOptions defaults() {
        return new VirtualOptions(View.LAST_AVAILABLE, 0, null, System.getenv("HDF5_VDS_PREFIX"), false, DEFAULT_OPEN_FILES);
    }

    public VirtualOptions withView(View v) {
        return new VirtualOptions(v, printfGap, prefix, environmentPrefix, failOnMissing, openFiles);
    }

    public VirtualOptions withPrintfGap(long gap) {
        return new VirtualOptions(view, gap, prefix, environmentPrefix, failOnMissing, openFiles);
    }

    public VirtualOptions withPrefix(String p) {
        return new VirtualOptions(view, printfGap, p, environmentPrefix, failOnMissing, openFiles);
    }

    public VirtualOptions withEnvironmentPrefix(String p) {
        return new VirtualOptions(view, printfGap, prefix, p, failOnMissing, openFiles);
    }

    public VirtualOptions withFailOnMissing(boolean fail) {
        return new VirtualOptions(view, printfGap, prefix, environmentPrefix, fail, openFiles);
    }

    public VirtualOptions withOpenFiles(int n) {
        return new VirtualOptions(view, printfGap, prefix, environmentPrefix, failOnMissing, n);
    }

    /** The gap libhdf5 uses: the configured one with {@link View#LAST_AVAILABLE}, 0 otherwise (H5D__virtual_init). */
    long effectivePrintfGap() {
        return view == View.LAST_AVAILABLE ? printfGap : 0;
    }
}
