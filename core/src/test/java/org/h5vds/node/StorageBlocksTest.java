package org.h5vds.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.h5vds.format.BlockVisitor;
import org.h5vds.format.ObjectHeader;
import org.h5vds.format.message.AttributeInfoMessage;
import org.h5vds.format.message.DataLayoutMessage;
import org.h5vds.format.message.LinkInfoMessage;
import org.h5vds.format.message.SymbolTableMessage;
import org.h5vds.testing.Project;
import org.h5vds.testing.Python;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The blocks h5vds gives back when it replaces a structure are exactly the structure's blocks:
 * summed per kind over every object of a file, they equal what h5stat (libhdf5) reports as the
 * storage of group, attribute and chunk indexes and heaps, and no two blocks overlap.
 */
class StorageBlocksTest {
    private static Path files;

    @BeforeAll
    static void makeFiles(@org.junit.jupiter.api.io.TempDir Path dir) {
        Python.runScript(Project.dir().resolve("src/test/python/make_structure_files.py"), dir);
        files = dir;
    }

    /** Sums per kind, as h5stat -F names them. */
    static final class Sums {
        final Map<String, Long> bytes = new LinkedHashMap<>();
        final TreeMap<Long, Long> blocks = new TreeMap<>();
        final List<String> overlaps = new ArrayList<>();
        /** Chunk index bytes h5stat leaves out (see below). */
        long libhdf5Undercount;

        BlockVisitor kind(String name) {
            bytes.putIfAbsent(name, 0L);
            return (address, size) -> {
                bytes.merge(name, size, Long::sum);
                Map.Entry<Long, Long> below = blocks.floorEntry(address);
                Map.Entry<Long, Long> above = blocks.ceilingEntry(address);
                if ((below != null && below.getKey() + below.getValue() > address) || (above != null && above.getKey() < address + size)) {
                    overlaps.add(name + " block [" + address + ", " + (address + size) + ")");
                }
                blocks.put(address, size);
            };
        }
    }

    /** Every structure of every object reachable from the root, each object once. */
    static Sums walk(OpenFile f) {
        Sums sums = new Sums();
        for (String k : List.of("groups index", "groups heap", "attributes index", "attributes heap", "chunk index")) sums.kind(k);
        Set<Long> seen = new HashSet<>();
        visit(f, f.root(), seen, sums);
        return sums;
    }

    private static void visit(OpenFile f, ObjectNode node, Set<Long> seen, Sums sums) {
        if (!seen.add(node.address())) return;
        ObjectHeader h = node.header();
        AttributeInfoMessage ai = h.find(AttributeInfoMessage.class);
        if (ai != null && ai.isDense()) {
            StorageBlocks.denseHeap(f.context(), ai.fractalHeapAddress(), sums.kind("attributes heap"));
            StorageBlocks.denseIndexes(f.context(), ai.nameIndexAddress(), ai.creationOrderIndexAddress(), sums.kind("attributes index"));
        }
        if (node instanceof GroupNode g) {
            SymbolTableMessage stab = h.find(SymbolTableMessage.class);
            if (stab != null) {
                StorageBlocks.symbolTableIndex(f, stab, sums.kind("groups index"));
                StorageBlocks.symbolTableHeap(f, stab, sums.kind("groups heap"));
            }
            LinkInfoMessage li = h.find(LinkInfoMessage.class);
            if (li != null && li.isDense()) {
                StorageBlocks.denseHeap(f.context(), li.fractalHeapAddress(), sums.kind("groups heap"));
                StorageBlocks.denseIndexes(f.context(), li.nameIndexAddress(), li.creationOrderIndexAddress(), sums.kind("groups index"));
            }
            for (LinkEntry e : g.links()) {
                if (e.kind() == LinkEntry.Kind.HARD) visit(f, f.node(OpenFile.join(g.path(), e.name()), e.address()), seen, sums);
            }
        } else if (node instanceof DatasetNode d && d.layoutClass() == DataLayoutMessage.LayoutClass.CHUNKED) {
            org.h5vds.storage.ChunkIndex index = d.storedChunkIndex();
            index.forEachBlock(sums.kind("chunk index"));
            if (index instanceof org.h5vds.storage.ExtensibleArrayChunkIndex ea && ea.array().indexBlock() != null) {
                // libhdf5 (1.10 to 1.14) counts an extensible array's index block without its super block addresses:
                // H5EA__cache_hdr_deserialize sizes it before the number of super blocks is known
                sums.libhdf5Undercount += (long) ea.array().geometry().superBlocks() * f.context().offsetSize();
            }
        }
    }

    /** h5stat -F's figures under the same names. */
    static Map<String, Long> h5stat(Path file) {
        String out = Python.Processes.run(List.of("h5stat", "-F", file.toString()), 120);
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("groups index", section(out, "Groups:", "B-tree/List"));
        m.put("groups heap", section(out, "Groups:", "Heap"));
        m.put("attributes index", section(out, "Attributes:", "B-tree/List"));
        m.put("attributes heap", section(out, "Attributes:", "Heap"));
        m.put("chunk index", section(out, "Chunked datasets:", "Index"));
        return m;
    }

    private static long section(String out, String section, String field) {
        int at = out.indexOf("\t" + section + "\n");
        assertThat(at).as(section + " in h5stat's output:\n" + out).isNotNegative();
        Matcher m = Pattern.compile("\t\t" + Pattern.quote(field) + ": (\\d+)").matcher(out);
        assertThat(m.find(at)).isTrue();
        return Long.parseLong(m.group(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"earliest", "v108", "latest"})
    void theBlocksOfEveryStructureAreThoseLibhdf5Counts(String libver) {
        Path file = files.resolve("structures_" + libver + ".h5");
        try (OpenFile f = OpenFile.open(file)) {
            Sums sums = walk(f);
            assertThat(sums.overlaps).isEmpty();
            Map<String, Long> expected = h5stat(file);
            expected.merge("chunk index", sums.libhdf5Undercount, Long::sum);
            assertThat(sums.bytes).isEqualTo(expected);
            long end = f.superblock().endOfFileRelative();
            assertThat(sums.blocks.lastEntry().getKey() + sums.blocks.lastEntry().getValue()).isLessThanOrEqualTo(end);
        }
    }
}
