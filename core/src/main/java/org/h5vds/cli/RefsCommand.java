package org.h5vds.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.h5vds.api.Dataset;
import org.h5vds.api.H5File;
import org.h5vds.api.ZarrReferences;

/**
 * {@code h5vds refs FILE DATASET --output REFS.json [--format kerchunk] [--url-prefix P]
 * [--materialize-misfits DIR] [--inline-threshold N]}: a kerchunk reference set through which
 * fsspec, zarr and xarray read a dataset (a virtual one included) without libhdf5.
 */
final class RefsCommand implements Command {
    static final CommandSpec SPEC = new CommandSpec("refs",
            "Write a kerchunk reference set (JSON, version 1) through which fsspec's ReferenceFileSystem and zarr (v2) read DATASET "
                    + "as an array equal to h5py's read, without libhdf5: each chunk a byte range of the HDF5 file it lies in.",
            "A virtual dataset is referenced where its mappings place whole source chunks on a chunk grid (Excalibur-, Eiger-, "
                    + "concatenation-style layouts); unmapped chunks and missing sources read as the fill value. One that does not fit "
                    + "(interleaved frames, source chunks straddling the grid, type conversion, codecs numcodecs lacks) is refused, naming "
                    + "the first mapping that does not fit and why, unless --materialize-misfits DIR copies those chunks into a side file.",
            "Python: zarr.open(fsspec.filesystem('reference', fo='REFS.json').get_mapper(''))['DATASET']")
            .positional("FILE", null)
            .positional("DATASET", null)
            .option(OptionSpec.value("--output", "REFS.json", Converters.PATH, "the reference set to write").required())
            .option(OptionSpec.value("--format", "FORMAT", Converters.TEXT, "kerchunk (JSON version 1, Zarr v2 metadata; the only format "
                    + "written: no Zarr v3 reader here to check a zarr3 variant against)").defaultValue("kerchunk"))
            .option(OptionSpec.value("--url-prefix", "P", Converters.TEXT,
                    "write URLs as P + the file's path relative to FILE's folder, e.g. s3://bucket/run42/"))
            .option(OptionSpec.value("--materialize-misfits", "DIR", Converters.PATH,
                    "copy chunks that cannot be referenced where they lie into a side file in DIR, and reference them there"))
            .option(OptionSpec.value("--inline-threshold", "N", Converters.INT, "inline contiguous datasets of at most N bytes (default "
                    + ZarrReferences.DEFAULT_INLINE_THRESHOLD + ")"))
            .options(SourceLookupOptions.OPTIONS);

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(Arguments args, PrintWriter out, PrintWriter err) {
        Path file = Path.of(args.<String>get("FILE"));
        String dataset = args.get("DATASET");
        Path output = args.get("--output");
        String format = args.get("--format");
        String urlPrefix = args.get("--url-prefix");
        Path misfits = args.get("--materialize-misfits");
        Integer inlineThreshold = args.get("--inline-threshold");
        SourceLookupOptions sources = new SourceLookupOptions(args);
        if (!"kerchunk".equals(format)) {
            throw new IllegalArgumentException("--format " + format + ": only kerchunk (version 1 JSON with Zarr v2 metadata) is written; "
                    + "a Zarr v3 variant is not offered because no Zarr v3 reader is available here to check it against");
        }
        try (H5File f = H5File.open(file, sources.readOptions())) {
            Dataset d = f.dataset(dataset);
            ZarrReferences refs = ZarrReferences.of(d);
            if (urlPrefix != null) refs = refs.urlPrefix(urlPrefix);
            if (inlineThreshold != null) refs = refs.inlineThreshold(inlineThreshold);
            if (misfits != null) refs = refs.materializeMisfits(misfits);
            ZarrReferences.Summary s = refs.write(output);
            out.println("wrote " + output + ": " + d.path() + " " + d.dtype() + " " + d.shape() + " in chunks " + s.chunks() + ", codecs "
                    + s.codecs() + "; " + s.referenced() + " chunks referenced" + (s.inlined() > 0 ? ", " + s.inlined() + " inlined" : "")
                    + (s.materialized() > 0 ? ", " + s.materialized() + " materialized into " + s.sideFile() : "")
                    + "; the other chunks read as the fill value");
        }
        return 0;
    }
}
