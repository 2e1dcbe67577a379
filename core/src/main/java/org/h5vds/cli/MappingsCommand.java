package org.h5vds.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.h5vds.api.Dataset;
import org.h5vds.api.H5File;
import org.h5vds.api.VirtualSourceInfo;
import org.h5vds.picture.MappingPicture;
import org.h5vds.picture.MappingSubject;

/**
 * {@code h5vds mappings FILE DATASET [--json] [--svg OUT [--axes A,B]]}: the mappings of a virtual
 * dataset, like h5py's virtual_sources(), and optionally a picture of them (see {@link MappingPicture}).
 */
final class MappingsCommand implements Command {
    static final CommandSpec SPEC = new CommandSpec("mappings",
            "List the mappings of a virtual dataset: virtual selection <- source file:dataset[source selection].",
            "With --svg OUT, also draw them: the extent to scale on two axes, each mapping a block coloured by source file, "
                    + "unmapped space hatched with the fill value, missing sources dashed, a legend.")
            .positional("FILE", null)
            .positional("DATASET", null)
            .options(RemoteFlags.OPTIONS)
            .option(OptionSpec.flag("--json", "print a JSON array, one object per mapping"))
            .option(OptionSpec.value("--svg", "OUT", Converters.PATH, "write a picture of the mappings as SVG to OUT"))
            .option(OptionSpec.flag("--overwrite", "replace OUT if it exists"))
            .option(OptionSpec.value("--axes", "A,B", Converters.TEXT, "the two axes to draw, A down and B across (negative counts from the end; "
                    + "default: the two along which the mappings differ most, ties going to the later axes); the other axes are projected"))
            // the picture shows the extent and the missing sources, which depend on how sources are looked for, as for `read`
            .options(SourceLookupOptions.OPTIONS);

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(Arguments args, PrintWriter out, PrintWriter err) throws Exception {
        String file = args.get("FILE");
        String dataset = args.get("DATASET");
        RemoteFlags remote = new RemoteFlags(args);
        boolean json = args.flag("--json");
        Path svg = args.get("--svg");
        boolean overwrite = args.flag("--overwrite");
        String axes = args.get("--axes");
        SourceLookupOptions lookup = new SourceLookupOptions(args);
        if (axes != null && svg == null) {
            throw new UsageException("--axes chooses the axes of the --svg picture: give --svg OUT too");
        }
        if (svg != null) Notices.requireNew(svg, overwrite, "--svg");
        try (H5File f = H5File.open(file, remote.apply(lookup.readOptions()))) {
            Dataset d = f.dataset(dataset);
            List<VirtualSourceInfo> sources = d.virtualSources();
            MappingPicture picture = null;
            if (svg != null) {
                // drawn before anything is printed, so that a bad --axes or an unwritable OUT fails cleanly
                MappingSubject subject = MappingSubject.of(file, d);
                int[] drawn = axes != null ? MappingPicture.axes(axes, d.rank()) : MappingPicture.chooseAxes(subject);
                picture = new MappingPicture(subject, drawn);
                picture.write(svg);
            }
            if (json) {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (VirtualSourceInfo s : sources) {
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("virtual", s.virtualText());
                    r.put("file", s.fileName());
                    r.put("dataset", s.datasetName());
                    r.put("source", s.sourceText());
                    rows.add(r);
                }
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(rows));
            } else {
                for (VirtualSourceInfo s : sources) out.println(s);
            }
            if (picture != null) {
                // with --json, stdout stays pure JSON
                (json ? err : out).println("Wrote " + svg + ": " + picture.describe());
            }
        }
        return 0;
    }
}
