package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.h5vds.testing.H5pyVds;
import org.junit.jupiter.api.Test;

/**
 * Links and attributes listed in h5py's order: creation order in groups and objects made with
 * {@code track_order=True} (compact and dense storage), by name otherwise; also after h5vds adds
 * to them, and h5py agreeing about the file h5vds changed.
 */
class ListingOrderTest {
    private static final String LIST = """
            import json
            def listing(f):
                out = {}
                for name in ('tracked', 'dense', 'plain'):
                    out[name] = list(f[name])
                out['root'] = list(f['/'])
                for name in ('tracked', 'withattrs', 'plain'):
                    out[name + '@'] = list(f[name].attrs)
                return out
            with h5py.File('t.h5', 'r') as f:
                print(json.dumps(listing(f)))
            """;

    @Test
    void linksAndAttributesAreListedInCreationOrderWhereTrackedAsH5pyListsThem() {
        Path dir = H5pyVds.make("listing-order", """
                with h5py.File('t.h5', 'w', track_order=True) as f:
                    g = f.create_group('tracked', track_order=True)
                    for n in ['z', 'a', 'm']:
                        g[n] = 1
                    for n in ['q', 'b', 'x']:
                        g.attrs[n] = 1
                    g = f.create_group('dense', track_order=True)
                    for i in range(20):
                        g['n%02d' % ((i * 7) % 20)] = i
                    g = f.create_group('plain', track_order=False)
                    for n in ['z', 'a', 'm']:
                        g[n] = 1
                        g.attrs[n] = 1
                    d = f.create_dataset('withattrs', data=1, track_order=True)
                    for i in range(12):
                        d.attrs['a%02d' % ((i * 5) % 12)] = i
                """);
        String before = H5pyVds.run(dir, LIST).trim();
        assertThat(before).contains("\"tracked\": [\"z\", \"a\", \"m\"]").contains("\"plain\": [\"a\", \"m\", \"z\"]");
        try (H5File f = H5File.open(dir.resolve("t.h5"))) {
            assertThat(listing(f)).isEqualTo(before);
        }
        try (H5File f = H5File.open(dir.resolve("t.h5"), H5File.Mode.READ_WRITE)) {
            f.group("tracked").createGroup("b");
            f.group("tracked").attrs().put("c", 1);
            f.group("dense").createGroup("a0");
            f.group("plain").createGroup("b");
            f.dataset("withattrs").attrs().put("0", 1);
        }
        String after = H5pyVds.run(dir, LIST).trim();
        assertThat(after).contains("\"tracked\": [\"z\", \"a\", \"m\", \"b\"]").contains("\"plain\": [\"a\", \"b\", \"m\", \"z\"]")
                .contains("\"tracked@\": [\"q\", \"b\", \"x\", \"c\"]");
        try (H5File f = H5File.open(dir.resolve("t.h5"))) {
            assertThat(listing(f)).isEqualTo(after);
        }
    }

    /** The same JSON as the Python side prints. */
    private static String listing(H5File f) {
        List<String> parts = new ArrayList<>();
        for (String name : List.of("tracked", "dense", "plain")) parts.add(json(name, f.group(name).keys()));
        parts.add(json("root", f.keys()));
        parts.add(json("tracked@", new ArrayList<>(f.group("tracked").attrs().keySet())));
        parts.add(json("withattrs@", new ArrayList<>(f.dataset("withattrs").attrs().keySet())));
        parts.add(json("plain@", new ArrayList<>(f.group("plain").attrs().keySet())));
        return "{" + String.join(", ", parts) + "}";
    }

    private static String json(String key, List<String> values) {
        List<String> quoted = values.stream().map(v -> "\"" + v + "\"").toList();
        return "\"" + key + "\": [" + String.join(", ", quoted) + "]";
    }
}
