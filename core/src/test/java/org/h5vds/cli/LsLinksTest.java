package org.h5vds.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.h5vds.testing.HeaderPatch;
import org.h5vds.testing.Libhdf5Files;
import org.h5vds.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code h5vds ls} lists what {@code h5ls -r} lists, line for line: every link path with its kind
 * (group, dataset, datatype, soft, external, user-defined), the targets of soft and external
 * links, and a second hard link to an object as "same as" the first path, on files with links of
 * every kind in each of libhdf5's group storages. A bad object gets its own line and the listing
 * goes on.
 */
class LsLinksTest {
    @TempDir
    Path dir;

    /** One line of a listing: path, kind, and the link target or first path of an alias (or ""). */
    record Entry(String path, String kind, String detail) {
    }

    @Test
    void everyLinkIsListedAsH5lsListsIt() throws Exception {
        Path latest = Libhdf5Files.write(dir.resolve("links.h5"), """
                with h5py.File(sys.argv[1], 'w', libver='latest') as f:   # compact links: 7 links in /
                    f['u'] = h5py.SoftLink('/zzz_target')  # made first (in the header's first chunk): a user-defined link below
                    f['b'] = np.arange(3)
                    f['a'] = h5py.SoftLink('/b')            # a soft link named before its target
                    f['c'] = np.arange(2.0)
                    g = f.create_group('g')
                    g['b2'] = f['b']                       # a hard-link alias (NeXus 'data')
                    g['dangle'] = h5py.SoftLink('/nothing')
                    g['sub'] = g                           # a hard link back up: a cycle
                    f['g-x'] = np.arange(1)                # sorts after g's members in h5ls -r
                    g['e'] = h5py.ExternalLink('other.h5', '/x')
                    g['e2'] = h5py.ExternalLink('t2.h5', '/grp')
                    g['t'] = np.dtype('<i4')
                    g['t2'] = g['t']
                    many = f.create_group('many')          # dense storage: fractal heap and v2 B-tree
                    for i in range(12):
                        many[f's{i:02d}'] = h5py.SoftLink('/c')
                    many['hard'] = f['c']
                    many['ext'] = h5py.ExternalLink('links.h5', '/c')
                with h5py.File(sys.argv[1].replace('links.h5', 't2.h5'), 'w') as f:
                    f.create_group('grp')['d'] = np.arange(4)
                """);
        HeaderPatch.softToUserDefined(latest, "u", "/zzz_target", 65);
        Path old = Libhdf5Files.write(dir.resolve("old.h5"), """
                with h5py.File(sys.argv[1], 'w') as f:   # symbol-table groups (superblock 0)
                    f['d'] = np.arange(5)
                    f['s'] = h5py.SoftLink('/d')
                    f.create_group('g')['alias'] = f['d']
                    f['g/ext'] = h5py.ExternalLink('links.h5', '/g')
                    f['g/loop'] = f['g']
                """);
        for (Path file : List.of(latest, old)) {
            CliTest.Result r = CliTest.run("ls", file.toString(), "--json");
            assertThat(r.exit()).as(r.err()).isZero();
            List<Entry> ours = fromJson(new ObjectMapper().readTree(r.out()));
            assertThat(ours).as("h5vds ls --json of %s, line for line as h5ls -r", file.getFileName()).containsExactlyElementsOf(h5ls(file));
            CliTest.Result text = CliTest.run("ls", file.toString());
            assertThat(text.out().lines().count()).isEqualTo(ours.size());
            assertThat(text.out()).doesNotContain("<unknown file>");
        }
        CliTest.Result text = CliTest.run("ls", latest.toString());
        assertThat(text.out()).containsPattern("(?m)^/a +soft link -> /b$")
                .containsPattern("(?m)^/b +dataset +\\(3,\\) +int64")
                .containsPattern("(?m)^/g/b2 +dataset +same as /b$")
                .containsPattern("(?m)^/g/sub +group +same as /g$")
                .containsPattern("(?m)^/g/e +external link -> other.h5:/x$")
                .containsPattern("(?m)^/u +user-defined link \\(link type 65, not followed\\)$");
    }

    @Test
    void aBadObjectGetsItsOwnLineAndTheListingGoesOn() {
        Path file = Libhdf5Files.write(dir.resolve("bad.h5"), """
                with h5py.File(sys.argv[1], 'w', libver='latest') as f:
                    f['a'] = np.arange(3)
                    f['bad'] = np.arange(7, dtype='i2')
                    f['c'] = np.arange(2)
                    f.create_group('g')['x'] = 1
                """);
        HeaderPatch.dataspaceRank(file, new long[] {7}, 33);
        CliTest.Result r = CliTest.run("ls", file.toString());
        assertThat(r.out().lines().toList()).hasSize(6);
        assertThat(r.out()).containsPattern("(?m)^/a +dataset").containsPattern("(?m)^/c +dataset").containsPattern("(?m)^/g/x +dataset")
                .containsPattern("(?m)^/bad +error +\\S*bad.h5: /bad: at byte offset \\d+: .*rank 33").doesNotContain("<unknown file>");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().strip()).startsWith("h5vds: ").contains("bad.h5").contains("1 object could not be read").doesNotContain("\n");
        // h5ls too lists the other objects and marks this one
        String h5ls = Python.Processes.run(List.of("/usr/bin/h5ls", "-r", file.toString()), 60);
        assertThat(h5ls).contains("/bad").contains("*ERROR*").contains("/g/x");
    }

    private static List<Entry> fromJson(JsonNode rows) {
        List<Entry> out = new ArrayList<>();
        for (JsonNode r : rows) {
            String kind = r.get("kind").asText();
            String detail = r.has("same_as") ? "same as " + r.get("same_as").asText()
                    : r.has("target") ? r.get("target").asText() : r.has("link_type") ? "type " + r.get("link_type").asInt() : "";
            out.add(new Entry(r.get("path").asText(), kind, detail));
        }
        return out;
    }

    /** h5ls -r's listing in the same terms. */
    private static List<Entry> h5ls(Path file) {
        String out = Python.Processes.run(List.of("/usr/bin/h5ls", "-r", file.toString()), 60);
        List<Entry> entries = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.isBlank()) continue;
            int space = line.indexOf(' ');
            String path = line.substring(0, space);
            String rest = line.substring(space).strip();
            String detail = "";
            int same = rest.indexOf(", same as ");
            if (same >= 0) {
                detail = "same as " + rest.substring(same + ", same as ".length());
                rest = rest.substring(0, same);
            }
            String kind;
            if (rest.startsWith("Group")) kind = "group";
            else if (rest.startsWith("Dataset")) kind = "dataset";
            else if (rest.startsWith("Type")) kind = "datatype";
            else if (rest.startsWith("Soft Link {")) {
                kind = "soft link";
                detail = rest.substring("Soft Link {".length(), rest.length() - 1);
            } else if (rest.startsWith("External Link {")) {
                kind = "external link";
                String target = rest.substring("External Link {".length(), rest.length() - 1);
                int sep = target.indexOf("//");
                detail = target.substring(0, sep) + ":" + target.substring(sep + 1);
            } else if (rest.startsWith("UD Link")) {
                kind = "user-defined link";
                detail = "type 65";
            } else {
                throw new AssertionError("unknown h5ls line: " + line);
            }
            entries.add(new Entry(path, kind, detail));
        }
        return entries;
    }
}
