package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.h5vds.testing.H5pyVds;
import org.junit.jupiter.api.Test;

/**
 * Variable-length strings read through a virtual dataset whose source dataset path is an external
 * link into a third file. The strings' global heap lives in the file that holds the dataset, not
 * in the source file named by the mapping: reading the heap IDs in the wrong file failed with a
 * bad "GCOL" signature (or, where the offsets happened to hold a heap, read other strings). Both
 * read paths are covered: a few large mappings, and many one-element mappings (read as point reads
 * per source).
 */
class VirtualVlenThroughExternalLinksTest {
    @Test
    void vlenStringsComeFromTheHeapOfTheFileThatHoldsTheSourceDataset() throws IOException {
        Path dir = H5pyVds.make("vds-vlen-external-links", """
                dt = h5py.string_dtype()
                words = ['w%03d-' % i + 'x' * (i % 7) for i in range(80)]
                with h5py.File('strings.h5', 'w') as f:
                    f.create_dataset('s', data=np.array(words, dtype=object), dtype=dt)
                with h5py.File('links.h5', 'w') as f:
                    # other heap data first, so that the same heap addresses in links.h5 hold other strings
                    f.create_dataset('decoy', data=np.array(['decoy'] * 80, dtype=object), dtype=dt)
                    f['s'] = h5py.ExternalLink('strings.h5', 's')
                with h5py.File('vds.h5', 'w', libver='latest') as f:
                    lay = h5py.VirtualLayout((80,), dt)
                    lay[:] = h5py.VirtualSource('links.h5', 's', shape=(80,))
                    f.create_virtual_dataset('whole', lay)
                    lay = h5py.VirtualLayout((80,), dt)
                    for i in range(80):   # reversed, one element per mapping
                        lay[i] = h5py.VirtualSource('links.h5', 's', shape=(80,))[79 - i]
                    f.create_virtual_dataset('reversed', lay)
                with h5py.File('vds.h5', 'r') as f:
                    for name in ('whole', 'reversed'):
                        with open(name + '.txt', 'w') as out:
                            out.write('\\n'.join(x.decode() for x in f[name][()]))
                        with open(name + '-part.txt', 'w') as out:
                            out.write('\\n'.join(x.decode() for x in f[name][5:70:3]))
                """);
        try (H5File f = H5File.open(dir.resolve("vds.h5"))) {
            for (String name : List.of("whole", "reversed")) {
                Dataset v = f.dataset(name);
                assertThat(v.read().strings()).as(name).isEqualTo(lines(dir.resolve(name + ".txt")));
                assertThat(v.read("5:70:3").strings()).as(name + "[5:70:3]").isEqualTo(lines(dir.resolve(name + "-part.txt")));
            }
            assertThat(f.dataset("whole").read("3").strings()).containsExactly("w003-xxx");
        }
    }

    private static List<String> lines(Path p) throws IOException {
        return List.of(Files.readString(p).split("\n"));
    }
}
