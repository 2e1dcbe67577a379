package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import org.h5vds.format.message.DataLayoutMessage;
import org.h5vds.testing.FileSurgery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile structures rather than random bit flips: hand-made damage to copies of h5py-written files
 * (cycles, depth, sizes) that random mutation rarely produces. Each ends as libhdf5 ends it — a
 * clear error naming the file, the object and the byte offset, or the answer libhdf5 gives — never a
 * StackOverflowError, an OutOfMemoryError or another exception type.
 */
class HostileStructuresTest {
    @TempDir
    Path dir;

    @Test
    void aLayoutMessageThatFailsWhileTheObjectIsOpenedNamesTheObject() {
        // libhdf5: "Unable to open object (chunk dimension must be positive: mesg->u.chunk.dim[0] = 0)";
        // the layout is decoded while the kind of the object is told, before any dataset is made
        FileSurgery s = FileSurgery.copy(HostileInputTest.seed("dtypes_earliest.h5"), dir.resolve("chunk0.h5"));
        long layout = s.message("be_i2_chunked", DataLayoutMessage.class);
        assertThat(s.u8(layout)).as("layout message version").isEqualTo(3);
        s.putU32(layout + 3 + 8, 0).save();            // version, class, dimensionality, B-tree address
        Throwable t = catchThrowable(() -> {
            try (H5File f = H5File.open(s.path())) {
                f.dataset("be_i2_chunked");
            }
        });
        assertThat(t).isInstanceOf(H5FormatException.class);
        H5FormatException e = (H5FormatException) t;
        assertThat(e.objectPath()).isEqualTo("/be_i2_chunked");
        assertThat(e.getMessage()).contains(s.path().toString()).contains("/be_i2_chunked")
                .contains("chunk dimension 0 is 0, must be positive");
        assertThat(e.offset()).as("inside the layout message").isBetween(layout, layout + 3 + 8 + 8);
    }
}
