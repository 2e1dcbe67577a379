package org.h5vds.select;

import static org.bytedeco.hdf5.global.hdf5.H5F_LIBVER_LATEST;
import static org.bytedeco.hdf5.global.hdf5.H5F_LIBVER_V110;
import static org.bytedeco.hdf5.global.hdf5.H5F_LIBVER_V112;
import static org.bytedeco.hdf5.global.hdf5.H5F_LIBVER_V18;
import static org.bytedeco.hdf5.global.hdf5.H5P_CLS_FILE_ACCESS_ID_g;
import static org.bytedeco.hdf5.global.hdf5.H5Pcreate;
import static org.bytedeco.hdf5.global.hdf5.H5Pset_libver_bounds;
import static org.bytedeco.hdf5.global.hdf5.H5S_SELECT_OR;
import static org.bytedeco.hdf5.global.hdf5.H5S_SELECT_SET;
import static org.bytedeco.hdf5.global.hdf5.H5Sclose;
import static org.bytedeco.hdf5.global.hdf5.H5Screate_simple;
import static org.bytedeco.hdf5.global.hdf5.H5Sdecode;
import static org.bytedeco.hdf5.global.hdf5.H5Sencode2;
import static org.bytedeco.hdf5.global.hdf5.H5Sget_regular_hyperslab;
import static org.bytedeco.hdf5.global.hdf5.H5Sget_select_elem_npoints;
import static org.bytedeco.hdf5.global.hdf5.H5Sget_select_elem_pointlist;
import static org.bytedeco.hdf5.global.hdf5.H5Sget_select_hyper_blocklist;
import static org.bytedeco.hdf5.global.hdf5.H5Sget_select_hyper_nblocks;
import static org.bytedeco.hdf5.global.hdf5.H5Sget_select_npoints;
import static org.bytedeco.hdf5.global.hdf5.H5Sget_select_type;
import static org.bytedeco.hdf5.global.hdf5.H5Sis_regular_hyperslab;
import static org.bytedeco.hdf5.global.hdf5.H5Sselect_all;
import static org.bytedeco.hdf5.global.hdf5.H5Sselect_elements;
import static org.bytedeco.hdf5.global.hdf5.H5Sselect_hyperslab;
import static org.bytedeco.hdf5.global.hdf5.H5Sselect_none;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.SizeTPointer;
import org.h5vds.testing.Python;

/**
 * libhdf5 1.14.3 (org.bytedeco:hdf5) as a selection oracle for the latest encodings, run in a
 * child JVM because libhdf5's teardown can crash the JVM at exit. Same JSON cases and output as
 * the h5py oracle in {@link SelectionCodecOracleTest}, with H5Sencode2 under version bounds
 * (low, latest) for the low bound named on the command line (V18, V110, V112).
 */
public final class Hdf5JniOracle {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Runs the oracle on the cases in a child JVM and returns its results. */
    static JsonNode run(ArrayNode cases, String lowBound) throws Exception {
        Path file = Files.createTempFile("selection-cases", ".json");
        try {
            Files.writeString(file, JSON.writeValueAsString(cases));
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String out = Python.Processes.run(List.of(java, "-cp", System.getProperty("java.class.path"), Hdf5JniOracle.class.getName(), file.toString(), lowBound), 300);
            return JSON.readTree(out);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        int status = 0;
        try {
            JsonNode cases = JSON.readTree(Files.readString(Path.of(args[0])));
            long fapl = H5Pcreate(H5P_CLS_FILE_ACCESS_ID_g());
            int low = switch (args[1]) {
                case "V18" -> H5F_LIBVER_V18;
                case "V110" -> H5F_LIBVER_V110;
                case "V112" -> H5F_LIBVER_V112;
                default -> throw new IllegalArgumentException("unknown low bound " + args[1]);
            };
            check(H5Pset_libver_bounds(fapl, low, H5F_LIBVER_LATEST), "H5Pset_libver_bounds");
            ArrayNode results = JSON.createArrayNode();
            for (JsonNode c : cases) {
                long sp = build(c);
                byte[] enc = encode(sp, fapl);
                int ext = (enc[3] & 0xFF) | (enc[4] & 0xFF) << 8 | (enc[5] & 0xFF) << 16 | (enc[6] & 0xFF) << 24;
                ObjectNode r = results.addObject();
                r.put("hex", HexFormat.of().formatHex(enc, 7 + ext, enc.length));
                r.set("desc", describe(sp, c.get("shape").size()));
                if (c.hasNonNull("ours")) {
                    byte[] ours = HexFormat.of().parseHex(c.get("ours").asText());
                    byte[] whole = new byte[7 + ext + ours.length];
                    System.arraycopy(enc, 0, whole, 0, 7 + ext);
                    System.arraycopy(ours, 0, whole, 7 + ext, ours.length);
                    long dec = H5Sdecode(new BytePointer(whole));
                    if (dec < 0) throw new IllegalStateException("H5Sdecode rejected our bytes " + c.get("ours").asText());
                    r.set("decoded", describe(dec, c.get("shape").size()));
                    H5Sclose(dec);
                }
                H5Sclose(sp);
            }
            out.println(JSON.writeValueAsString(results));
        } catch (Throwable t) {
            t.printStackTrace();
            status = 1;
        }
        out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(status);
    }

    private static void check(long rc, String what) {
        if (rc < 0) throw new IllegalStateException(what + " failed");
    }

    private static long[] longs(JsonNode a) {
        return OracleCase.longs(a);
    }

    private static long build(JsonNode c) {
        long[] shape = longs(c.get("shape"));
        int rank = shape.length;
        long sp = c.get("maxshape").isNull() ? H5Screate_simple(rank, shape, (long[]) null) : H5Screate_simple(rank, shape, longs(c.get("maxshape")));
        check(sp, "H5Screate_simple");
        for (JsonNode op : c.get("ops")) {
            String kind = op.get(0).asText();
            switch (kind) {
                case "all" -> check(H5Sselect_all(sp), "H5Sselect_all");
                case "none" -> check(H5Sselect_none(sp), "H5Sselect_none");
                case "points" -> {
                    JsonNode pts = op.get(1);
                    long[] flat = new long[pts.size() * rank];
                    for (int k = 0; k < pts.size(); k++) for (int i = 0; i < rank; i++) flat[k * rank + i] = pts.get(k).get(i).asLong();
                    check(H5Sselect_elements(sp, H5S_SELECT_SET, pts.size(), flat), "H5Sselect_elements");
                }
                default -> check(H5Sselect_hyperslab(sp, op.get(1).asText().equals("set") ? H5S_SELECT_SET : H5S_SELECT_OR,
                        longs(op.get(2)), longs(op.get(3)), longs(op.get(4)), longs(op.get(5))), "H5Sselect_hyperslab");
            }
        }
        return sp;
    }

    private static byte[] encode(long sp, long fapl) {
        SizeTPointer n = new SizeTPointer(1);
        n.put(0);
        check(H5Sencode2(sp, null, n, fapl), "H5Sencode2");
        BytePointer buf = new BytePointer(n.get());
        check(H5Sencode2(sp, buf, n, fapl), "H5Sencode2");
        byte[] b = new byte[(int) n.get()];
        buf.get(b);
        return b;
    }

    private static ObjectNode describe(long sp, int rank) {
        ObjectNode d = JSON.createObjectNode();
        int type = H5Sget_select_type(sp);
        d.put("type", type);
        boolean unlimited = false;
        if (type == SelectionCodec.SEL_HYPERSLABS) {
            if (H5Sis_regular_hyperslab(sp) > 0) {
                long[][] p = new long[4][rank];
                check(H5Sget_regular_hyperslab(sp, p[0], p[1], p[2], p[3]), "H5Sget_regular_hyperslab");
                ArrayNode reg = d.putArray("regular");
                for (long[] v : p) {
                    ArrayNode a = reg.addArray();
                    for (long x : v) {
                        a.add(x);
                        unlimited |= x == DimSet.UNLIMITED;
                    }
                }
            }
            if (!unlimited) {
                d.put("npoints", H5Sget_select_npoints(sp));
                long nb = H5Sget_select_hyper_nblocks(sp);
                long[] buf = new long[(int) (nb * 2 * rank)];
                check(H5Sget_select_hyper_blocklist(sp, 0, nb, buf), "H5Sget_select_hyper_blocklist");
                ArrayNode blocks = d.putArray("blocks");
                for (int b = 0; b < nb; b++) {
                    ArrayNode blk = blocks.addArray();
                    for (int corner = 0; corner < 2; corner++) {
                        ArrayNode cn = blk.addArray();
                        for (int i = 0; i < rank; i++) cn.add(buf[(b * 2 + corner) * rank + i]);
                    }
                }
            }
        } else if (type == SelectionCodec.SEL_POINTS) {
            long n = H5Sget_select_elem_npoints(sp);
            d.put("npoints", H5Sget_select_npoints(sp));
            long[] buf = new long[(int) (n * rank)];
            check(H5Sget_select_elem_pointlist(sp, 0, n, buf), "H5Sget_select_elem_pointlist");
            ArrayNode pts = d.putArray("points");
            for (int k = 0; k < n; k++) {
                ArrayNode p = pts.addArray();
                for (int i = 0; i < rank; i++) p.add(buf[k * rank + i]);
            }
        } else if (type == SelectionCodec.SEL_ALL) {
            d.put("npoints", H5Sget_select_npoints(sp));
        }
        return d;
    }
}
