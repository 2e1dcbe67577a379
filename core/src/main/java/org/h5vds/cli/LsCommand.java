package org.h5vds.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.h5vds.api.Dataset;
import org.h5vds.api.Group;
import org.h5vds.api.H5File;
import org.h5vds.api.ReadOptions;
import org.h5vds.api.H5Object;
import org.h5vds.api.Link;
import org.h5vds.api.H5Exception;

/**
 * {@code h5vds ls FILE [--json]}: every link of a file, depth first in name order as {@code h5ls -r}
 * lists them, each with its kind: objects (group, dataset, datatype) with their shape, full type and
 * storage; a second hard link to an object already listed as "same as" the first path (and not
 * descended into again); soft, external and user-defined links with their targets, never followed.
 * An object that cannot be read is reported on its own line and the listing goes on. A file a
 * writer has open (its superblock flags set) is listed anyway, its root marked {@code [open for
 * SWMR write]} or {@code [open for write]} ({@code "writer": "swmr"} or {@code "write"} in JSON).
 */
final class LsCommand implements Command {
    static final CommandSpec SPEC = new CommandSpec("ls",
            "List every link of a file (like h5ls -r): path, kind, shape, full type, layout, filters; "
                    + "virtual datasets marked, soft/external/user-defined links with their targets, hard-link aliases as 'same as'.",
            "Types are shown in full: compound{x: <i4, y: <f8}, |S5 (with its padding and character set when not NumPy's), "
                    + "vlen str utf-8, enum(int8){RED=0, GREEN=1}, ('<i4', (3,)), object reference; --json adds NumPy's description (numpy).")
            .positional("FILE", null)
            .options(RemoteFlags.OPTIONS)
            .option(OptionSpec.flag("--json", "print a JSON array, one object per link"));

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(Arguments args, PrintWriter out, PrintWriter err) throws Exception {
        String file = args.get("FILE");
        RemoteFlags remote = new RemoteFlags(args);
        boolean json = args.flag("--json");
        // a listing reads a file flagged as open for writing too, and says so on the root's line
        try (H5File f = H5File.open(file, remote.apply(ReadOptions.defaults().ignoreWriterFlags(true)))) {
            List<Map<String, Object>> rows = new ArrayList<>();
            Group root = f.root();
            Map<String, Object> rootRow = describe("/", root);
            switch (f.writerState()) {
                case SWMR_WRITING -> rootRow.put("writer", "swmr");
                case WRITING -> rootRow.put("writer", "write");
                default -> { }
            }
            rows.add(rootRow);
            Map<Long, String> seen = new HashMap<>();
            seen.put(root.address(), "/");
            walk("", root, rows, seen);
            if (json) {
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(rows));
            } else {
                for (Map<String, Object> r : rows) out.println(line(r));
            }
            out.flush();
            long bad = 0;
            for (Map<String, Object> r : rows) if ("error".equals(r.get("kind"))) bad++;
            if (bad > 0) {
                err.println("h5vds: " + file + ": " + bad + (bad == 1 ? " object" : " objects")
                        + " could not be read (listed above)");
                return 1;
            }
        }
        return 0;
    }

    /** A group being listed: its path and the links still to list. */
    private record Level(String path, Group group, Iterator<Link> links) {
    }

    /**
     * The links of {@code g} and, depth first, of the groups they lead to for the first time; with
     * a stack of its own, not the thread's, as groups may nest thousands deep (h5ls lists them all).
     */
    private static void walk(String groupPath, Group g, List<Map<String, Object>> rows, Map<Long, String> seen) {
        Deque<Level> stack = new ArrayDeque<>();
        enter(groupPath, g, rows, stack);
        while (!stack.isEmpty()) {
            Level level = stack.peek();
            if (!level.links().hasNext()) {
                stack.pop();
                continue;
            }
            Link l = level.links().next();
            String path = level.path() + "/" + l.name();
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("path", path);
            switch (l.kind()) {
                case SOFT -> {
                    r.put("kind", "soft link");
                    r.put("target", l.target());
                }
                case EXTERNAL -> {
                    r.put("kind", "external link");
                    r.put("target", l.file() + ":" + l.target());
                }
                case USER_DEFINED -> {
                    r.put("kind", "user-defined link");
                    r.put("link_type", l.linkType());
                }
                case HARD -> {
                    H5Object o;
                    try {
                        o = level.group().get(l.name());
                        String first = seen.putIfAbsent(o.address(), path);
                        if (first != null) {
                            r.put("kind", kindOf(o));
                            r.put("same_as", first);
                        } else {
                            r = describe(path, o);
                            rows.add(r);
                            if (o instanceof Group sub) enter(path, sub, rows, stack);
                            continue;
                        }
                    } catch (H5Exception e) {
                        r = error(path, e.getMessage());
                    }
                }
            }
            rows.add(r);
        }
    }

    /** Puts {@code g}'s links, by name, on the stack of groups being listed; or its error in the rows. */
    private static void enter(String groupPath, Group g, List<Map<String, Object>> rows, Deque<Level> stack) {
        List<Link> links;
        try {
            links = new ArrayList<>(g.links());
            // by name, as h5ls lists them, also in groups that track creation order
            links.sort(LsCommand::byName);
        } catch (H5Exception e) {
            rows.add(error(groupPath.isEmpty() ? "/" : groupPath, "its links cannot be read: " + e.getMessage()));
            return;
        }
        stack.push(new Level(groupPath, g, links.iterator()));
    }

    /** By the names' UTF-8 bytes, unsigned, as h5ls orders them. */
    private static int byName(Link a, Link b) {
        return Arrays.compareUnsigned(a.name().getBytes(StandardCharsets.UTF_8), b.name().getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, Object> error(String path, String message) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("path", path);
        r.put("kind", "error");
        r.put("error", message);
        return r;
    }

    private static String kindOf(H5Object o) {
        return o instanceof Group ? "group" : o instanceof Dataset ? "dataset" : "datatype";
    }

    /** The object's row; an object whose description cannot be read becomes an error row. */
    static Map<String, Object> describe(String path, H5Object o) {
        try {
            return details(path, o);
        } catch (H5Exception e) {
            return error(path, e.getMessage());
        }
    }

    private static Map<String, Object> details(String path, H5Object o) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("path", path);
        if (o instanceof Group) {
            r.put("kind", "group");
        } else if (o instanceof Dataset d) {
            r.put("kind", "dataset");
            r.put("shape", d.isNull() ? null : d.shape().toArray());
            r.put("maxshape", d.isNull() ? null : d.maxShape().toArray());
            r.put("dtype", d.typeDescription());
            try {
                r.put("numpy", d.dtype().numpy());
            } catch (RuntimeException noDtype) {
                r.put("numpy", null); // the time class: no NumPy dtype
            }
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
            r.put("dtype", ((org.h5vds.api.NamedDatatype) o).typeDescription());
        }
        return r;
    }

    /** Appends {@code value} left-aligned in {@code width} columns (as {@code %-Ns} does; a longer value is not cut). */
    private static StringBuilder pad(StringBuilder sb, Object value, int width) {
        int start = sb.length();
        sb.append(value);
        while (sb.length() - start < width) sb.append(' ');
        return sb;
    }

    static String line(Map<String, Object> r) {
        StringBuilder sb = new StringBuilder();
        // padded by hand: String.format would set up java.util.Formatter and its regular expressions for every listing
        pad(sb, r.get("path"), 32).append(' ');
        pad(sb, r.get("kind"), 9);
        if (r.containsKey("target")) return sb.append(" -> ").append(r.get("target")).toString().stripTrailing();
        if (r.containsKey("same_as")) return sb.append(" same as ").append(r.get("same_as")).toString();
        if (r.containsKey("link_type")) return sb.append(" (link type ").append(r.get("link_type")).append(", not followed)").toString();
        if (r.containsKey("error")) return sb.append(" ").append(r.get("error")).toString();
        if ("dataset".equals(r.get("kind"))) {
            long[] shape = (long[]) r.get("shape");
            pad(sb.append(' '), shape == null ? "null" : org.h5vds.api.Shape.of(shape), 14).append(' ');
            pad(sb, r.get("dtype"), 10).append(' ').append(r.get("layout"));
            if (r.containsKey("chunks")) sb.append(" ").append(org.h5vds.api.Shape.of((long[]) r.get("chunks")));
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> filters = (List<Map<String, Object>>) r.get("filters");
            if (filters != null) for (Map<String, Object> f : filters) sb.append(" ").append(f.get("name"));
            if (Boolean.TRUE.equals(r.get("virtual"))) sb.append("  [virtual]");
        } else if ("datatype".equals(r.get("kind"))) {
            sb.append(" ").append(r.get("dtype"));
        }
        if ("swmr".equals(r.get("writer"))) sb.append("  [open for SWMR write]");
        if ("write".equals(r.get("writer"))) sb.append("  [open for write]");
        return sb.toString().stripTrailing();
    }
}
