package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Path;
import org.h5vds.format.message.DataLayoutMessage;
import org.h5vds.format.message.Dataspace;
import org.h5vds.format.message.Datatype;
import org.h5vds.testing.ChildCli;
import org.h5vds.testing.FileSurgery;
import org.h5vds.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile-input findings of issue 16, each as the byte pattern that triggered it, on copies of
 * the h5py-written seed files (checksums recomputed after the damage): every one ends in an
 * H5FormatException naming the file, the object and the byte offset — never another exception, an
 * OutOfMemoryError under a small heap, or a wrong answer.
 */
class HostileInputTest {
    @TempDir
    Path dir;

    static Path seed(String name) {
        try {
            return Path.of(HostileInputTest.class.getResource("HostileFileFuzzTestInputs/readEverything/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Offset of dimension {@code i}'s maximum in a version 2 dataspace message body. */
    private static long maxDimAt(FileSurgery s, long body, int i) {
        long rank = s.u8(body + 1);
        return body + 4 + 8 * rank + 8L * i;
    }

    private static H5FormatException readFails(Path file, String dataset) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> {
            try (H5File f = H5File.open(file)) {
                f.dataset(dataset).read();
            }
        });
        assertThat(t).isInstanceOf(H5FormatException.class);
        H5FormatException e = (H5FormatException) t;
        assertThat(e.getMessage()).contains(file.toString()).contains("/" + dataset);
        return e;
    }

    @Test
    void extensibleArrayIndexWithoutUnlimitedDimension() {
        FileSurgery s = FileSurgery.copy(seed("chunk_indexes_latest.h5"), dir.resolve("ea.h5"));
        long space = s.message("extensible", Dataspace.class);
        s.putU64(maxDimAt(s, space, 0), 100).saveFixingHeader("extensible");
        H5FormatException e = readFails(s.path(), "extensible");
        assertThat(e.detail()).contains("extensible array chunk index for a dataset with 0 unlimited dimensions");
        assertThat(e.offset()).isEqualTo(s.message("extensible", DataLayoutMessage.class));
    }

    @Test
    void fixedArrayIndexWithUnlimitedDimension() {
        FileSurgery s = FileSurgery.copy(seed("chunk_indexes_latest.h5"), dir.resolve("fa.h5"));
        long space = s.message("fixed", Dataspace.class);
        assertThat(s.u8(space + 2) & 1).as("h5py stores maximum dimensions").isEqualTo(1);
        s.putU64(maxDimAt(s, space, 1), -1L).saveFixingHeader("fixed");
        assertThat(readFails(s.path(), "fixed").detail()).contains("fixed array chunk index for a dataset with 1 unlimited");
    }

    @Test
    void chunkCountBeyond2To63() {
        FileSurgery s = FileSurgery.copy(seed("chunk_indexes_latest.h5"), dir.resolve("huge.h5"));
        long space = s.message("fixed", Dataspace.class);
        // the elements stay few (the dataspace bounds them); the maximum chunk grid overflows
        for (int i = 0; i < 2; i++) s.putU64(maxDimAt(s, space, i), 1L << 61);
        s.saveFixingHeader("fixed");
        assertThat(readFails(s.path(), "fixed").detail()).contains("number more than 2^63");
    }

    @Test
    void hugeDatatypeSizeOfAVirtualSourceAllocatesNothing() {
        // a source's datatype size of 1,683,866,882 read off disk: check and read finish under a 64 MiB heap
        FileSurgery s = FileSurgery.copy(seed("vds_same_file.h5"), dir.resolve("type.h5"));
        long type = s.message("src0", Datatype.class);
        s.putU32(type + 4, 1_683_866_882L).saveFixingHeader("src0");
        Python.Processes.Result check = ChildCli.run("64m", "check", s.path().toString());
        assertThat(check.exit()).as(check.err()).isEqualTo(1);
        assertThat(check.out() + check.err()).contains(s.path().toString()).doesNotContain("OutOfMemoryError").doesNotContain("\tat ");
        Python.Processes.Result read = ChildCli.run("64m", "read", s.path().toString(), "vds");
        assertThat(read.exit()).as(read.err()).isEqualTo(1);
        assertThat(read.err()).contains(s.path().toString()).doesNotContain("OutOfMemoryError").doesNotContain("\tat ");
    }

    @Test
    void chunkSizeReadOffDiskDoesNotDecideTheAllocation() {
        // chunk dims of a gzip dataset patched to 16384 x 16384 x 2 bytes = 512 MiB: a 256 MiB heap suffices
        FileSurgery s = FileSurgery.copy(seed("dtypes_earliest.h5"), dir.resolve("chunk.h5"));
        long layout = s.message("be_i2_chunked", DataLayoutMessage.class);
        assertThat(s.u8(layout)).as("layout message version").isEqualTo(3);
        long dims = layout + 3 + 8;            // version, class, dimensionality, B-tree address
        s.putU32(dims, 16384).putU32(dims + 4, 16384).save();
        Python.Processes.Result read = ChildCli.run("256m", "read", s.path().toString(), "be_i2_chunked");
        assertThat(read.exit()).as(read.err()).isEqualTo(1);
        assertThat(read.err()).contains(s.path().toString()).contains("deflate").contains("cannot decode to 536870912 bytes")
                .doesNotContain("OutOfMemoryError");
    }

    @Test
    void scalarVirtualDatasetWithRankedSelections() {
        FileSurgery s = FileSurgery.copy(seed("vds_same_file.h5"), dir.resolve("scalar.h5"));
        long space = s.message("vds", Dataspace.class);
        s.putU8(space + 1, 0).putU8(space + 2, 0).putU8(space + 3, 0).saveFixingHeader("vds"); // rank 0, no max, scalar
        H5FormatException e = readFails(s.path(), "vds");
        assertThat(e.detail()).contains("virtual selection of rank 2 for a scalar virtual dataset");
    }

    @Test
    void unlimitedSelectionReachingBeyond2To63() {
        // the unlimited mapping's virtual start moved to 2^63 - 2: its clipped extent overflows
        FileSurgery s = FileSurgery.copy(seed("vds_unlimited_missing.h5"), dir.resolve("reach.h5"));
        long[] block = s.mappingBlock("unlimited");
        long at = block[0] + 1 + 8;                      // version, entry count
        while (s.u8(at) != 0) at++;                       // source file name
        at++;
        while (s.u8(at) != 0) at++;                       // source dataset name
        at++;
        at += hyperslabLength(s, at);                     // source selection
        assertThat(s.u32(at)).as("virtual selection is a hyperslab").isEqualTo(2);
        long start0 = at + 4 + 4 + 1 + 4 + 4;             // type, version, flags, length, rank
        s.putU64(start0, Long.MAX_VALUE - 2).saveFixingMappingBlock(block);
        for (String view : new String[] {"FIRST_MISSING", "LAST_AVAILABLE"}) {
            Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> {
                try (H5File f = H5File.open(s.path(), ReadOptions.defaults().virtualView(VirtualView.valueOf(view)))) {
                    f.dataset("unlimited").read();
                }
            });
            assertThat(t).as(view).isInstanceOf(H5FormatException.class).hasMessageContaining(s.path().toString())
                    .hasMessageContaining("/unlimited");
        }
    }

    /** Bytes of a version 1 or 2 hyperslab selection (type, version, reserved or flags, length, then length bytes). */
    private static long hyperslabLength(FileSurgery s, long at) {
        assertThat(s.u32(at)).isEqualTo(2);
        long version = s.u32(at + 4);
        assertThat(version).isIn(1L, 2L);
        return version == 1 ? 4 + 4 + 4 + 4 + s.u32(at + 12) : 4 + 4 + 1 + 4 + s.u32(at + 9);
    }
}
