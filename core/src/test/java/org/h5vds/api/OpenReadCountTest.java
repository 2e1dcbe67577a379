package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.h5vds.testing.H5pyVds;
import org.h5vds.testing.MemoryProvider;
import org.junit.jupiter.api.Test;

/**
 * How many reads an open and the read of a small dataset take, counted at the byte source: an
 * object header comes from its first read (libhdf5's speculative 512 bytes) when it fits, instead
 * of a peek, its prefix and its first chunk, and a local heap's data segment from its header's
 * read when it follows within those bytes. Files as h5py writes them (version 1 headers under
 * libver earliest, version 2 under latest).
 */
class OpenReadCountTest {
    @Test
    void aSmallDatasetInNestedGroupsTakesOneReadPerHeader() {
        Path dir = H5pyVds.make("open-read-count", """
                for libver in ['earliest', 'latest']:
                    with h5py.File(f'groups_{libver}.h5', 'w', libver=libver) as f:
                        for i in range(20):
                            g = f.create_group('g%03d' % i)
                            g['small'] = np.arange(16, dtype='<f8') + i
                            g.attrs['gain'] = 1.5
                """);
        for (String libver : new String[] {"earliest", "latest"}) {
            MemoryProvider mem = new MemoryProvider("mem").putTree(dir, "mem://files");
            long before = mem.reads();
            try (H5File f = H5File.open("mem://files/groups_" + libver + ".h5", ReadOptions.defaults().provider(mem))) {
                NdArray small = f.dataset("g007/small").read();
                assertThat(small.getDouble(3)).isEqualTo(10.0);
            }
            long reads = mem.reads() - before;
            // three object headers read (the root group, g007, small): each was a peek, then the prefix and the first
            // chunk (version 1) or the prefix and the chunk (version 2); and g007's local heap (version 1 groups) a header
            // and then the data segment after it: 23 and 19 reads in all through this source (the root's heap data
            // lies elsewhere, grown past its first place)
            assertThat(reads).as("reads of groups_%s.h5", libver).isLessThanOrEqualTo(libver.equals("earliest") ? 16 : 13);
        }
    }
}
