package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.h5vds.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Selections that take a part of a stretch of unfiltered bytes (a contiguous dataset's slab, an
 * unfiltered chunk) read only the selection's span, or its runs one by one when they lie far
 * apart (storage.SpanReads): tiles, strided columns, a pixel through time and random slices of
 * contiguous and chunked datasets, read as stored and converted (virtual datasets of a wider
 * type), give h5py's arrays byte for byte.
 */
class SpanReadsTest {
    @TempDir
    Path dir;

    @Test
    void partsOfSlabsAndUnfilteredChunksReadAsH5pyReadsThem() throws Exception {
        Path file = dir.resolve("spans.h5");
        Python.run("""
                import sys, h5py, numpy as np
                a = np.arange(20 * 200 * 200).reshape(20, 200, 200)
                with h5py.File(sys.argv[1], 'w', libver='latest') as f:
                    f.create_dataset('c16', data=(a % 30011).astype('<i2'))
                    f.create_dataset('k32', data=a.astype('<i4'), chunks=(10, 100, 100))
                    f.create_dataset('kbe', data=a.astype('>i4'), chunks=(3, 64, 200))
                    lay = h5py.VirtualLayout((20, 200, 200), '<i4')
                    lay[:] = h5py.VirtualSource(f['c16'])
                    f.create_virtual_dataset('v', lay)
                    lay = h5py.VirtualLayout((20, 200, 200), '<i8')
                    lay[:] = h5py.VirtualSource(f['k32'])
                    f.create_virtual_dataset('vk', lay)
                """, file);
        List<String> indexes = new ArrayList<>(List.of(":, 3, 5", ":, 199, 199", "::4, 100:200, 50", "5, 64:128, 56:120", "::7, ::9, 4",
                "1:19:6, 7, ::50", "3, 150, :", "19, :, 0", ":, 10:12, 190:200", "0:20:19, 0:200:199, 0:200:199", "..., 77"));
        Random rnd = new Random(42);
        for (int i = 0; i < 40; i++) {
            StringBuilder s = new StringBuilder();
            for (int axis = 0; axis < 3; axis++) {
                int n = axis == 0 ? 20 : 200;
                if (axis > 0) s.append(", ");
                switch (rnd.nextInt(3)) {
                    case 0 -> s.append(rnd.nextInt(n));
                    case 1 -> {
                        int a = rnd.nextInt(n), b = a + 1 + rnd.nextInt(n - a);
                        s.append(a).append(':').append(b);
                    }
                    default -> {
                        int a = rnd.nextInt(n), b = a + 1 + rnd.nextInt(n - a);
                        s.append(a).append(':').append(b).append(':').append(1 + rnd.nextInt(60));
                    }
                }
            }
            indexes.add(s.toString());
        }
        String[] names = {"c16", "k32", "kbe", "v", "vk"};
        Path expected = dir.resolve("expected.bin");
        Python.run("""
                import sys, h5py, numpy as np
                with h5py.File(sys.argv[1], 'r') as f, open(sys.argv[2], 'wb') as out:
                    for name in sys.argv[3].split(','):
                        for index in sys.argv[4].split(';'):
                            out.write(np.array(eval('f[name][' + index + ']'), dtype=f[name].dtype).tobytes())  # a 0-d result too in the stored order
                """, file, expected, String.join(",", names), String.join(";", indexes));
        byte[] all = Files.readAllBytes(expected);
        int at = 0;
        try (H5File f = H5File.open(file)) {
            for (String name : names) {
                Dataset d = f.dataset(name);
                for (String index : indexes) {
                    java.nio.ByteBuffer raw = d.read(index).buffer();
                    byte[] got = new byte[raw.remaining()];
                    raw.get(got);
                    assertThat(got).as("%s[%s]", name, index).isEqualTo(Arrays.copyOfRange(all, at, at + got.length));
                    at += got.length;
                }
            }
        }
        assertThat(at).isEqualTo(all.length);
    }
}
