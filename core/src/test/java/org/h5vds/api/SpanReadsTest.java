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
 * apart (storage.SpanReads), and small selections of contiguous datasets are read through sieve
 * windows on the calling thread or in parts on every core (ContiguousReader.readGrid): tiles,
 * strided columns, a pixel through time and random slices of 1-D to 4-D contiguous and chunked
 * datasets, read as stored and converted (virtual datasets of a wider type), give h5py's arrays
 * byte for byte, each three times in one opening: read first, then copied out of the mapping as
 * bytes read before.
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
                    f.create_dataset('c1d', data=np.arange(1000000, dtype='<i4'))
                    f.create_dataset('c4d', data=(np.arange(6 * 7 * 8 * 9) % 251).astype('u1').reshape(6, 7, 8, 9))
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
        // more for the contiguous ones: grids read in parts on several cores, 1-D and 4-D grids
        List<String> more = List.of("::2, :, 7", ":, ::3, 1:5", "1:20:3, 10:190, ::17", "::4, 100:200, 50");
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
            // three rounds: runs read with pread, then out of the mapping (io.Store#mappedView) as bytes read before
            for (int round = 0; round < 3; round++) {
                at = 0;
                for (String name : names) {
                    Dataset d = f.dataset(name);
                    for (String index : indexes) {
                        java.nio.ByteBuffer raw = d.read(index).buffer();
                        byte[] got = new byte[raw.remaining()];
                        raw.get(got);
                        assertThat(got).as("%s[%s] round %d", name, index, round).isEqualTo(Arrays.copyOfRange(all, at, at + got.length));
                        at += got.length;
                    }
                }
            }
        }
        assertThat(at).isEqualTo(all.length);

        Path expected2 = dir.resolve("expected2.bin");
        List<String[]> cases = new ArrayList<>();
        for (String index : more) cases.add(new String[] {"c16", index});
        for (String index : List.of("::1000", "5:900000:77777", "123456:123999", "999999", ":70000", "::3")) cases.add(new String[] {"c1d", index});
        for (String index : List.of("::2, 1:6, ::3, 4:", "5, 6, 7, 8", "..., ::4", "1:5, :, 3, :", ":, ::6, :, ::8")) cases.add(new String[] {"c4d", index});
        StringBuilder spec = new StringBuilder();
        for (String[] c : cases) spec.append(c[0]).append('|').append(c[1]).append(';');
        Python.run("""
                import sys, h5py, numpy as np
                with h5py.File(sys.argv[1], 'r') as f, open(sys.argv[2], 'wb') as out:
                    for case in sys.argv[3].rstrip(';').split(';'):
                        name, index = case.split('|')
                        out.write(np.array(eval('f[name][' + index + ']'), dtype=f[name].dtype).tobytes())
                """, file, expected2, spec.toString());
        all = Files.readAllBytes(expected2);
        try (H5File f = H5File.open(file)) {
            for (int round = 0; round < 3; round++) {
                at = 0;
                for (String[] c : cases) {
                    java.nio.ByteBuffer raw = f.dataset(c[0]).read(c[1]).buffer();
                    byte[] got = new byte[raw.remaining()];
                    raw.get(got);
                    assertThat(got).as("%s[%s] round %d", c[0], c[1], round).isEqualTo(Arrays.copyOfRange(all, at, at + got.length));
                    at += got.length;
                }
            }
        }
        assertThat(at).isEqualTo(all.length);
    }
}
