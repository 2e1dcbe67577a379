package org.h5vds.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.h5vds.cli.Main;

/** JSON as {@code h5vds read --json} writes it, compared with JSON another program wrote. */
public final class JsonCheck {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonCheck() {
    }

    /** {@code h5vds read FILE DATASET --json}, parsed; fails with the command's message when it fails. */
    public static JsonNode read(Path file, String dataset) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int exit = Main.run(new String[] {"read", file.toString(), dataset, "--json"}, new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(exit).as("h5vds read %s %s --json: %s", file, dataset, err).isZero();
        try {
            return JSON.readTree(out.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Equal JSON, numbers compared by value (Python writes 1.0 where Jackson may read an int). */
    public static void assertSame(JsonNode got, JsonNode want, String where) {
        assertThat(got).as("%s: missing, want %s", where, want).isNotNull();
        if (want.isNumber() && got.isNumber()) {
            assertThat(new BigDecimal(got.asText()).compareTo(new BigDecimal(want.asText()))).as("%s: %s vs %s", where, got, want).isZero();
            return;
        }
        assertThat(got.getNodeType()).as("%s: %s vs %s", where, got, want).isEqualTo(want.getNodeType());
        if (want.isArray()) {
            assertThat(got.size()).as("%s: length of %s vs %s", where, got, want).isEqualTo(want.size());
            for (int i = 0; i < want.size(); i++) assertSame(got.get(i), want.get(i), where + "[" + i + "]");
        } else if (want.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = want.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                assertSame(got.get(e.getKey()), e.getValue(), where + "." + e.getKey());
            }
            // a region reference's "region" text is h5vds's own; its values are checked where regions are read
            int extra = got.has("region") && !want.has("region") ? 1 : 0;
            assertThat(got.size() - extra).as("%s: fields of %s vs %s", where, got, want).isEqualTo(want.size());
        } else {
            assertThat(got).as(where).isEqualTo(want);
        }
    }
}
