package org.h5vds.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.h5vds.format.message.Dataspace;
import org.h5vds.testing.FileSurgery;
import org.h5vds.testing.SwmrWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file a SWMR writer has open is read as it is when each header is first read, not as the
 * store read its first block at opening (FileStore.HEAD): a dataset the writer grew after the
 * reader opened the file, and before the reader first looked at it, has its new extent.
 */
class LiveFileHeadersTest {
    @TempDir
    Path dir;

    @Test
    void aHeaderTheWriterChangedAfterTheOpeningIsReadAsItIsNow() {
        Path made = SwmrWriter.killedH5py(dir.resolve("made.h5"),
                "f.create_dataset('d', data=np.arange(4, dtype='<i4'), chunks=(4,), maxshape=(None,))");
        FileSurgery file = FileSurgery.copy(made, dir.resolve("live.h5"));
        long dims = file.message("d", Dataspace.class) + 4; // version, rank, flags, type, then the extent
        assertThat(file.u64(dims)).isEqualTo(4);
        try (OpenFile f = OpenFile.open(file.path())) {
            assertThat(f.isLive()).isTrue();
            // the writer grows d in place (its header lies in the file's first block), as libhdf5 rewrites a dataspace
            file.putU64(dims, 6).saveFixingHeader("d");
            assertThat(((DatasetNode) f.resolve("d")).storageDims()).containsExactly(6);
        }
    }
}
