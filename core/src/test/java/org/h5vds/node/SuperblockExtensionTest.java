package org.h5vds.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.h5vds.api.H5File;
import org.h5vds.api.H5FormatException;
import org.h5vds.format.ObjectHeader;
import org.h5vds.format.message.FileSpaceInfoMessage;
import org.h5vds.testing.FileSurgery;
import org.h5vds.testing.Libhdf5CacheImageWriter;
import org.h5vds.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * libhdf5 decodes the superblock extension when it opens a file and refuses the file when that
 * fails (its test file cve_2020_10810.h5: a file space info message cut short); h5vds decoded the
 * extension only for what needed it, so such a file opened and its data read. A metadata cache
 * image, which libhdf5 loads in place of the objects' own headers, is refused with how to clear it.
 */
class SuperblockExtensionTest {
    @TempDir
    Path dir;

    @Test
    void aDamagedFileSpaceInfoMessageIsRefusedAtOpeningAsLibhdf5RefusesIt() {
        Path good = dir.resolve("fsm.h5");
        Python.run("""
                import h5py, sys
                with h5py.File(sys.argv[1], 'w', libver='latest', fs_strategy='fsm', fs_persist=True) as f:
                    f['d'] = list(range(10))
                """, good);
        ObjectHeader extension;
        long body;
        try (OpenFile f = OpenFile.open(good)) {
            extension = f.header(f.superblock().superblockExtensionAddress(), "superblock extension");
            body = extension.messageAddress(FileSpaceInfoMessage.class);
        }
        Path bad = dir.resolve("bad.h5");
        FileSurgery.copy(good, bad).putU8(body, 9).saveFixing(extension); // a version libhdf5 does not know

        String libhdf5 = Python.run("""
                import h5py, sys
                try:
                    h5py.File(sys.argv[1], 'r'); print('opened')
                except OSError as e:
                    print('refused')
                """, bad).trim();
        assertThat(libhdf5).isEqualTo("refused");
        assertThatThrownBy(() -> H5File.open(bad).close()).isInstanceOf(H5FormatException.class)
                .hasMessageContaining(bad.toString()).hasMessageContaining("superblock extension")
                .hasMessageContaining("at byte offset " + body);
        try (H5File f = H5File.open(good)) {
            assertThat(f.dataset("d").read().toLongArray()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        }
    }

    @Test
    void aMetadataCacheImageIsRefusedWithHowToClearIt() {
        Path imaged = dir.resolve("image.h5");
        Libhdf5CacheImageWriter.write(imaged, 20);
        // libhdf5 reads the file through its image
        assertThat(Python.run("""
                import h5py, sys
                with h5py.File(sys.argv[1], 'r') as f:
                    print(list(f['data'][:3]), sorted(f))
                """, imaged).trim()).isEqualTo("[0, 7, 14] ['data', 'g']");
        assertThatThrownBy(() -> H5File.open(imaged).close()).isInstanceOf(H5FormatException.class)
                .hasMessageContaining(imaged.toString()).hasMessageContaining("superblock extension")
                .hasMessageContaining("metadata cache image").hasMessageContaining("h5clear -m");

        Python.Processes.run(List.of("h5clear", "-m", imaged.toString()), 60);
        try (H5File f = H5File.open(imaged)) {
            long[] values = f.dataset("data").read().toLongArray();
            for (int i = 0; i < values.length; i++) assertThat(values[i]).isEqualTo(7L * i);
            assertThat(f.group("g")).isNotNull();
        }
    }
}
