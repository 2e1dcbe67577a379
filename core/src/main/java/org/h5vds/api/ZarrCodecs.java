package org.h5vds.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.h5vds.filter.FilterSpec;
import org.h5vds.vds.ChunkAlignment;

/**
 * An HDF5 filter pipeline as Zarr v2 codecs (numcodecs ids and configurations), for chunks a Zarr
 * reader fetches by byte range and decodes itself.
 *
 * <p>HDF5 applies a pipeline first to last when writing and undoes it last to first when reading;
 * Zarr v2 applies {@code filters} in order and then the {@code compressor} when writing, and the
 * reverse when reading. So the pipeline maps in order onto {@code filters}, its last step becoming
 * the {@code compressor} when it is one. Fletcher-32 (always last in HDF5) only appends a 4-byte
 * checksum: a reference that stops 4 bytes short drops it (the checksum is then not verified).
 * The others, by the byte formats the HDF5 filters write (checked against numcodecs 0.11 decoding
 * our and libhdf5's chunks in the tests):
 * <ul>
 * <li>deflate (1): a zlib stream, numcodecs {@code zlib};</li>
 * <li>shuffle (2): the byte transposition numcodecs {@code shuffle} undoes, with the element size;</li>
 * <li>bzip2 (307): a bzip2 stream, {@code bz2};</li>
 * <li>blosc (32001): a blosc 1 frame, self-describing, {@code blosc};</li>
 * <li>zstd (32015): one Zstandard frame with its content size, {@code zstd}.</li>
 * </ul>
 * LZF, HDF5's LZ4 framing, bitshuffle, szip, n-bit and scale-offset have no numcodecs 0.11 codec.
 */
final class ZarrCodecs {
    static final int DEFLATE = 1;
    static final int SHUFFLE = 2;
    static final int FLETCHER32 = 3;
    static final int BZIP2 = 307;
    static final int BLOSC = 32001;
    static final int ZSTD = 32015;

    /** Blosc's compressor codes (the plugin's client data value 6) by numcodecs name. */
    private static final String[] BLOSC_NAMES = {"blosclz", "lz4", "lz4hc", "snappy", "zlib", "zstd"};

    /** The codecs, or why there are none: {@code filters} and {@code compressor} as .zarray holds them, and the checksum bytes to leave out. */
    record Mapping(List<Map<String, Object>> filters, Map<String, Object> compressor, int trailingBytes, String problem) {
        boolean expressible() {
            return problem == null;
        }

        /** One line: "zlib(level 4) after shuffle", or "none". */
        String describe() {
            List<String> names = new ArrayList<>();
            for (Map<String, Object> f : filters) names.add(String.valueOf(f.get("id")));
            if (compressor != null) names.add(String.valueOf(compressor.get("id")));
            String s = names.isEmpty() ? "none" : String.join(" + ", names);
            return trailingBytes > 0 ? s + " (fletcher32 checksums left out)" : s;
        }
    }

    private ZarrCodecs() {
    }

    /** The Zarr codecs decoding chunks stored through {@code format}, for elements of {@code elementSize} bytes. */
    static Mapping of(ChunkAlignment.SourceFormat format, int elementSize) {
        List<ChunkAlignment.Codec> steps = new ArrayList<>(format.codecs());
        int trailing = 0;
        if (!steps.isEmpty() && steps.get(steps.size() - 1).id() == FLETCHER32) {
            steps.remove(steps.size() - 1);
            trailing = 4;
        }
        List<Map<String, Object>> codecs = new ArrayList<>();
        for (ChunkAlignment.Codec c : steps) {
            Map<String, Object> m = codec(c, elementSize);
            if (m == null) {
                return new Mapping(List.of(), null, 0, "filter " + org.h5vds.filter.FilterRegistry.commonName(c.id()) + " (" + c.id()
                        + ") has no numcodecs codec (numcodecs 0.11 decodes HDF5's deflate, shuffle, bzip2, blosc and zstd chunks)");
            }
            codecs.add(m);
        }
        Map<String, Object> compressor = null;
        if (!codecs.isEmpty() && !"shuffle".equals(codecs.get(codecs.size() - 1).get("id"))) compressor = codecs.remove(codecs.size() - 1);
        return new Mapping(codecs, compressor, trailing, null);
    }

    private static Map<String, Object> codec(ChunkAlignment.Codec c, int elementSize) {
        Map<String, Object> m = new LinkedHashMap<>();
        List<Integer> cd = c.clientData();
        switch (c.id()) {
            case DEFLATE -> {
                m.put("id", "zlib");
                m.put("level", cd.isEmpty() ? DatasetOptions.DEFAULT_DEFLATE_LEVEL : cd.get(0));
            }
            case SHUFFLE -> {
                m.put("id", "shuffle");
                m.put("elementsize", elementSize);
            }
            case BZIP2 -> {
                m.put("id", "bz2");
                m.put("level", cd.isEmpty() ? 9 : cd.get(0));
            }
            case BLOSC -> {
                // numcodecs reads the compressor, level and shuffle from each frame's header; these describe the writer
                int code = cd.size() > 6 ? cd.get(6) : 0;
                m.put("id", "blosc");
                m.put("cname", code >= 0 && code < BLOSC_NAMES.length ? BLOSC_NAMES[code] : "blosclz");
                m.put("clevel", cd.size() > 4 ? cd.get(4) : 5);
                m.put("shuffle", cd.size() > 5 ? cd.get(5) : 1);
                m.put("blocksize", 0);
            }
            case ZSTD -> {
                m.put("id", "zstd");
                m.put("level", cd.isEmpty() ? 3 : cd.get(0));
            }
            default -> {
                return null;
            }
        }
        return m;
    }

    /**
     * The HDF5 pipeline that writes chunks these codecs decode (for chunks h5vds writes itself);
     * every filter mandatory, so that no chunk is stored with a step skipped. Null when one of the
     * codecs has no writer here (bzip2).
     */
    static List<FilterSpec> writing(ChunkAlignment.SourceFormat format) {
        List<FilterSpec> out = new ArrayList<>();
        for (ChunkAlignment.Codec c : format.codecs()) {
            if (c.id() == BZIP2) return null;
            int[] cd = c.clientData().stream().mapToInt(Integer::intValue).toArray();
            if (c.id() == BLOSC && (cd.length < 7 || cd[6] == 0)) {
                // a blosc frame names its compressor, so numcodecs decodes lz4 frames under the same codec; h5vds writes no blosclz
                cd = java.util.Arrays.copyOf(cd, Math.max(7, cd.length));
                cd[6] = 1;
            }
            out.add(FilterSpec.mandatory(c.id(), cd));
        }
        return out;
    }
}
