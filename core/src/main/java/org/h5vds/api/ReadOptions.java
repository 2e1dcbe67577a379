package org.h5vds.api;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.h5vds.io.Stores;
import org.h5vds.vds.VirtualOptions;

/**
 * How {@link H5File#open(Path, ReadOptions)} reads virtual datasets, and through which
 * {@link ByteSourceProvider}s it opens files. Immutable: each setter returns
 * a changed copy.
 *
 * <pre>{@code
 * ReadOptions.defaults().virtualView(VirtualView.FIRST_MISSING).printfGap(2)
 *         .virtualPrefix("${ORIGIN}/raw").missingSources(MissingSources.ERROR).openFiles(64)
 * }</pre>
 */
public final class ReadOptions {
    private final VirtualView view;
    private final long printfGap;
    private final String prefix;
    private final MissingSources missing;
    private final int openFiles;
    private final List<ByteSourceProvider> providers;
    private final boolean ignoreWriterFlags;
    private final RemoteOptions remote;

    private ReadOptions(VirtualView view, long printfGap, String prefix, MissingSources missing, int openFiles,
                        List<ByteSourceProvider> providers, boolean ignoreWriterFlags, RemoteOptions remote) {
        this.remote = remote;
        this.view = view;
        this.printfGap = printfGap;
        this.prefix = prefix;
        this.missing = missing;
        this.openFiles = openFiles;
        this.providers = List.copyOf(providers);
        this.ignoreWriterFlags = ignoreWriterFlags;
    }

    /**
     * libhdf5's defaults: {@link VirtualView#LAST_AVAILABLE}, printf gap 0, no prefix; missing sources read as fill; 256 open source files.
     *
     * @return the default options
     */
    public static ReadOptions defaults() {
        return new ReadOptions(VirtualView.LAST_AVAILABLE, 0, null, MissingSources.FILL, VirtualOptions.DEFAULT_OPEN_FILES, List.of(), false, RemoteOptions.defaults());
    }

    /**
     * The view of virtual datasets with unlimited mappings (H5Pset_virtual_view).
     *
     * @param v {@link VirtualView#LAST_AVAILABLE} or {@link VirtualView#FIRST_MISSING}, not null
     * @return new options; these are unchanged
     */
    public ReadOptions virtualView(VirtualView v) {
        return new ReadOptions(Objects.requireNonNull(v, "view"), printfGap, prefix, missing, openFiles, providers, ignoreWriterFlags, remote);
    }

    /**
     * How many printf source blocks may be missing between found ones (H5Pset_virtual_printf_gap);
     * used with {@link VirtualView#LAST_AVAILABLE} only, as in libhdf5.
     *
     * @param gap the number of missing blocks tolerated, 0 or more
     * @return new options; these are unchanged
     */
    public ReadOptions printfGap(long gap) {
        if (gap < 0) throw new IllegalArgumentException("printf gap must be >= 0, got " + gap);
        return new ReadOptions(view, gap, prefix, missing, openFiles, providers, ignoreWriterFlags, remote);
    }

    /**
     * A folder searched for source files (H5Pset_virtual_prefix), after those of HDF5_VDS_PREFIX.
     *
     * @param folder the folder to search for relative source names
     * @return new options; these are unchanged
     */
    public ReadOptions virtualPrefix(Path folder) {
        return virtualPrefix(Objects.requireNonNull(folder, "folder").toString());
    }

    /**
     * A folder searched for source files, as text: {@code ${ORIGIN}} at its start stands for the
     * folder of the file being read. Only used when HDF5_VDS_PREFIX is not set, as in libhdf5.
     *
     * @param folder the folder as text, possibly starting with {@code ${ORIGIN}}
     * @return new options; these are unchanged
     */
    public ReadOptions virtualPrefix(String folder) {
        return new ReadOptions(view, printfGap, Objects.requireNonNull(folder, "folder"), missing, openFiles, providers, ignoreWriterFlags, remote);
    }

    /**
     * Whether a read that needs a missing source reads the fill value or fails.
     *
     * @param m {@link MissingSources#FILL} or {@link MissingSources#ERROR}, not null
     * @return new options; these are unchanged
     */
    public ReadOptions missingSources(MissingSources m) {
        return new ReadOptions(view, printfGap, prefix, Objects.requireNonNull(m, "missingSources"), openFiles, providers, ignoreWriterFlags, remote);
    }

    /**
     * The most source files kept open at once; the least recently used idle ones are closed beyond it.
     *
     * @param n the most open source files, 1 or more
     * @return new options; these are unchanged
     */
    public ReadOptions openFiles(int n) {
        if (n < 1) throw new IllegalArgumentException("open files must be >= 1, got " + n);
        return new ReadOptions(view, printfGap, prefix, missing, n, providers, ignoreWriterFlags, remote);
    }

    /**
     * Opens the locations of {@code provider}'s schemes through it: the file itself, its virtual
     * datasets' source files and its external links' targets (replacing a built-in or discovered
     * provider of the same scheme). See {@link ByteSourceProvider}.
     *
     * @param provider opens files for its URI schemes
     * @return new options; these are unchanged
     */
    public ReadOptions provider(ByteSourceProvider provider) {
        Objects.requireNonNull(provider, "provider");
        if (provider.schemes() == null || provider.schemes().isEmpty()) {
            throw new IllegalArgumentException("provider " + provider + " names no scheme");
        }
        List<ByteSourceProvider> p = new ArrayList<>(providers);
        p.add(provider);
        return new ReadOptions(view, printfGap, prefix, missing, openFiles, p, ignoreWriterFlags, remote);
    }

    /**
     * How {@code s3://} and {@code http(s)://} files are reached and read (endpoint, credentials, cache, concurrency).
     *
     * @param r the remote settings, not null
     * @return new options; these are unchanged
     */
    public ReadOptions remote(RemoteOptions r) {
        return new ReadOptions(view, printfGap, prefix, missing, openFiles, providers, ignoreWriterFlags, Objects.requireNonNull(r, "remote"));
    }

    /**
     * How remote locations are read.
     *
     * @return the remote options
     */
    public RemoteOptions remote() {
        return remote;
    }

    /**
     * The providers given with {@link #provider}, in order.
     *
     * @return the providers, in the order given; empty when none
     */
    public List<ByteSourceProvider> providers() {
        return providers;
    }

    /**
     * Reads a file whose superblock says a writer has it open (the flags {@code h5clear -s}
     * clears), which libhdf5 and h5vds otherwise refuse for superblock version 3: what it holds may
     * be half-written. A file a SWMR writer has open needs no such permission: it is read as
     * libhdf5's SWMR readers read it (see {@link Dataset#refresh()}). Writing a flagged file is
     * always refused.
     *
     * @param ignore true to read files whose writer flags are set
     * @return new options; these are unchanged
     */
    public ReadOptions ignoreWriterFlags(boolean ignore) {
        return new ReadOptions(view, printfGap, prefix, missing, openFiles, providers, ignore, remote);
    }

    /**
     * Whether a file flagged as open for writing is read anyway.
     *
     * @return true to ignore the flags
     */
    public boolean ignoreWriterFlags() {
        return ignoreWriterFlags;
    }

    /**
     * How a virtual dataset with unlimited mappings takes its extent.
     *
     * @return the view
     */
    public VirtualView virtualView() {
        return view;
    }

    /**
     * How many missing printf-named source files are skipped before the search stops.
     *
     * @return the gap
     */
    public long printfGap() {
        return printfGap;
    }

    /**
     * The folder relative source file names are looked up in first (h5py's {@code virtual_prefix}).
     *
     * @return the prefix, or empty
     */
    public Optional<String> virtualPrefix() {
        return Optional.ofNullable(prefix);
    }

    /**
     * What a read does when a source is missing.
     *
     * @return fill or error
     */
    public MissingSources missingSources() {
        return missing;
    }

    /**
     * How many source files a virtual dataset keeps open at once.
     *
     * @return the number of files
     */
    public int openFiles() {
        return openFiles;
    }

    /** How files are opened: the built-in providers (local, S3, HTTP), discovered ones, then those given here. */
    Stores stores() {
        return ProvidedStores.build(Stores.remote(remote.settings()), providers);
    }

    /** The VDS engine's options; HDF5_VDS_PREFIX is read from the environment. */
    VirtualOptions toVirtualOptions() {
        VirtualOptions.View v = view == VirtualView.FIRST_MISSING ? VirtualOptions.View.FIRST_MISSING : VirtualOptions.View.LAST_AVAILABLE;
        return VirtualOptions.defaults().withView(v).withPrintfGap(printfGap).withPrefix(prefix)
                .withFailOnMissing(missing == MissingSources.ERROR).withOpenFiles(openFiles);
    }

    @Override
    public String toString() {
        return "ReadOptions[view=" + view + ", printfGap=" + printfGap + ", prefix=" + prefix + ", missingSources=" + missing
                + ", openFiles=" + openFiles + (providers.isEmpty() ? "" : ", providers=" + providers)
                + (ignoreWriterFlags ? ", ignoreWriterFlags" : "")
                + (remote.equals(RemoteOptions.defaults()) ? "" : ", remote=" + remote) + "]";
    }
}
