package org.h5vds.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.h5vds.api.Dataset;
import org.h5vds.api.Group;
import org.h5vds.api.H5File;
import org.h5vds.api.ReadOptions;
import org.h5vds.api.H5Object;
import org.h5vds.api.Link;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code h5vds ls FILE [--json]}: every object of a file with its kind, shape, type and storage. */
@Command(name = "ls", mixinStandardHelpOptions = true, description = "List the groups and datasets of a file: path, kind, shape, dtype, layout, filters; virtual datasets marked.")
final class LsCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE")
    String file;

    @Mixin
    RemoteFlags remote;

    @Option(names = "--json", description = "print a JSON array, one object per entry")
    boolean json;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (H5File f = H5File.open(file, remote.apply(ReadOptions.defaults()))) {
            List<Map<String, Object>> rows = new ArrayList<>();
            rows.add(describe("/", f.root()));
            addLinks("", f.root(), rows);
            f.visit((rel, obj) -> {
                rows.add(describe("/" + rel, obj));
                if (obj instanceof Group g) addLinks("/" + rel, g, rows);
            });
            rows.sort((a, b) -> ((String) a.get("path")).compareTo((String) b.get("path")));
            if (json) {
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(rows));
            } else {
                for (Map<String, Object> r : rows) out.println(line(r));
            }
        }
        return 0;
    }

    /** Soft and external links are listed as links; what they lead to is listed where it lives. */
    private static void addLinks(String groupPath, Group g, List<Map<String, Object>> rows) {
        for (Link l : g.links()) {
            if (l.kind() == Link.Kind.HARD) continue;
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("path", groupPath + "/" + l.name());
            r.put("kind", l.kind() == Link.Kind.SOFT ? "soft link" : "external link");
            r.put("target", l.kind() == Link.Kind.SOFT ? l.target() : l.file() + ":" + l.target());
            rows.add(r);
        }
    }

    static Map<String, Object> describe(String path, H5Object o) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("path", path);
        if (o instanceof Group) {
            r.put("kind", "group");
        } else if (o instanceof Dataset d) {
            r.put("kind", "dataset");
            r.put("shape", d.isNull() ? null : d.shape().toArray());
            r.put("maxshape", d.isNull() ? null : d.maxShape().toArray());
            r.put("dtype", d.typeDescription());
            r.put("layout", d.layout().name().toLowerCase());
            d.chunks().ifPresent(c -> r.put("chunks", c.toArray()));
            List<Map<String, Object>> filters = new ArrayList<>();
            for (Dataset.Filter f : d.filters()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", f.id());
                m.put("name", f.name());
                m.put("client_data", f.clientData());
                filters.add(m);
            }
            if (!filters.isEmpty()) r.put("filters", filters);
            r.put("virtual", d.isVirtual());
        } else {
            r.put("kind", "datatype");
        }
        return r;
    }

    static String line(Map<String, Object> r) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-32s %-9s", r.get("path"), r.get("kind")));
        if (r.containsKey("target")) return sb.append(" -> ").append(r.get("target")).toString().stripTrailing();
        if ("dataset".equals(r.get("kind"))) {
            long[] shape = (long[]) r.get("shape");
            sb.append(String.format(" %-14s %-10s %s", shape == null ? "null" : org.h5vds.api.Shape.of(shape), r.get("dtype"), r.get("layout")));
            if (r.containsKey("chunks")) sb.append(" ").append(org.h5vds.api.Shape.of((long[]) r.get("chunks")));
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> filters = (List<Map<String, Object>>) r.get("filters");
            if (filters != null) for (Map<String, Object> f : filters) sb.append(" ").append(f.get("name"));
            if (Boolean.TRUE.equals(r.get("virtual"))) sb.append("  [virtual]");
        }
        return sb.toString().stripTrailing();
    }
}
