package org.h5vds.vds;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.h5vds.api.H5File;
import org.h5vds.api.NdArray;
import org.h5vds.select.Hyperslab;
import org.h5vds.testing.H5pyVds;
import org.h5vds.testing.Libhdf5Java;
import org.h5vds.testing.Libhdf5VdsWriter;
import org.junit.jupiter.api.Test;

/** A virtual dataset libhdf5 1.14 writes with 1.14 format bounds stores hyperslab selections as version 3; it reads as libhdf5 reads it. */
class Libhdf5FourteenTest {
    @Test
    void hyperslabVersionThreeSelectionsRead() {
        Path dir = H5pyVds.folder("v114");
        Path file = dir.resolve("v114.h5");
        Libhdf5VdsWriter.write(file);
        VirtualHeapBlockTest.Stored s = VirtualHeapBlockTest.stored(file, "v");
        VirtualHeapBlock block = VirtualHeapBlockTest.decode(s.bytes(), s.lengthSize(), 2);
        int selection = 1 + s.lengthSize() + 2 + 4;
        assertThat(new int[] {s.bytes()[selection], s.bytes()[selection + 4]}).as("selection type and version").containsExactly(2, 3);
        assertThat(block.mappings().get(0).sourceSelection()).isInstanceOf(Hyperslab.class);
        assertThat(block.mappings().get(1).sourceSelection().count()).isEqualTo(10);
        assertThat(block.mappings().get(1).sourceSelection()).isNotInstanceOf(Hyperslab.class);

        int[] want = new int[100];
        for (int j = 0; j < 50; j++) want[j] = 2 * j;
        int[] union = {1, 2, 7, 8, 9, 20, 21, 22, 23, 24};
        for (int j = 0; j < 50; j++) want[50 + j] = j < 10 ? union[j] : -1;
        NdArray expected = NdArray.of(want, 2, 50);
        assertThat(Libhdf5Java.read(file, "v")).isEqualTo(expected);
        try (H5File f = H5File.open(file)) {
            assertThat(f.dataset("v").read()).isEqualTo(expected);
        }
    }
}
