package org.h5vds.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.h5vds.api.Dataset;
import org.h5vds.api.H5File;
import org.h5vds.api.VirtualSourceInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code h5vds mappings FILE DATASET [--json]}: the mappings of a virtual dataset, like h5py's virtual_sources(). */
@Command(name = "mappings", description = "List the mappings of a virtual dataset: virtual selection <- source file:dataset[source selection].")
final class MappingsCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE")
    Path file;

    @Parameters(index = "1", paramLabel = "DATASET")
    String dataset;

    @Option(names = "--json", description = "print a JSON array, one object per mapping")
    boolean json;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (H5File f = H5File.open(file)) {
            Dataset d = f.dataset(dataset);
            List<VirtualSourceInfo> sources = d.virtualSources();
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
        }
        return 0;
    }
}
