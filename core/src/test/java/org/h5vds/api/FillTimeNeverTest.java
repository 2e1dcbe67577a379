package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.h5vds.testing.H5pyVds;
import org.junit.jupiter.api.Test;

/**
 * A dataset whose fill time is never ({@code H5Pset_fill_time(H5D_FILL_TIME_NEVER)}) keeps its
 * fill value as a property only: libhdf5 returns nothing for storage never allocated (h5py's new
 * arrays stay zeros) and starts new chunks from zeros, so h5vds reads and writes what h5py does.
 */
class FillTimeNeverTest {

    private static Path file() {
        return H5pyVds.make("fill-never", """
                from h5py import h5d, h5p, h5s, h5t
                def never(f, name, chunks):
                    dcpl = h5p.create(h5p.DATASET_CREATE)
                    if chunks:
                        dcpl.set_chunk(chunks)
                    dcpl.set_fill_value(np.array(77, 'i4'))
                    dcpl.set_fill_time(h5d.FILL_TIME_NEVER)
                    space = h5s.create_simple((6, 6), (h5s.UNLIMITED, 6) if chunks else (6, 6))
                    h5d.create(f.id, name.encode(), h5t.STD_I32LE, space, dcpl=dcpl)
                with h5py.File('never.h5', 'w') as f:
                    never(f, 'chunked', (3, 3))
                    never(f, 'contiguous', None)
                    never(f, 'chunked_unwritten', (3, 3))
                    f['chunked'][0:2, 0:2] = np.arange(4).reshape(2, 2) + 1
                    f.create_dataset('ordinary', shape=(4,), dtype='i4', fillvalue=77, chunks=(2,))
                    for n in f:
                        save(n, f[n][()])
                    save('fill', np.array([f[n].fillvalue for n in ['chunked', 'contiguous', 'chunked_unwritten', 'ordinary']], 'i4'))
                """);
    }

    @Test
    void storageNeverWrittenReadsAsZerosAsLibhdf5ReturnsIt() {
        Path dir = file();
        try (H5File f = H5File.open(dir.resolve("never.h5"))) {
            for (String name : new String[] {"chunked", "contiguous", "chunked_unwritten", "ordinary"}) {
                NdArray expected = H5pyVds.expected(dir, name);
                assertThat(f.dataset(name).read()).as(name).isEqualTo(expected);
                String part = name.equals("ordinary") ? "1:3" : "1:5, 2:6";
                assertThat(f.dataset(name).read(part)).as(name).isEqualTo(NumpyReference.select(expected, part));
            }
            assertThat(f.dataset("chunked").read("5, 5").getLong()).isZero();
            assertThat(f.dataset("ordinary").read("3").getLong()).isEqualTo(77);
            // the property is h5py's fillvalue all the same
            int[] fills = H5pyVds.expected(dir, "fill").toIntArray();
            assertThat(fills).containsExactly(77, 77, 77, 77);
            for (String name : new String[] {"chunked", "contiguous", "chunked_unwritten", "ordinary"}) {
                assertThat(f.dataset(name).fillValue().getLong()).as(name).isEqualTo(77);
            }
        }
    }

    /** A new chunk starts from zeros, as libhdf5 starts it under fill time never (h5py writes the same into a twin). */
    @Test
    void aNewChunkWrittenInPlaceStartsFromZeros() throws Exception {
        Path dir = file();
        Path ours = Files.copy(dir.resolve("never.h5"), dir.resolve("ours.h5"), StandardCopyOption.REPLACE_EXISTING);
        Path theirs = Files.copy(dir.resolve("never.h5"), dir.resolve("theirs.h5"), StandardCopyOption.REPLACE_EXISTING);
        try (H5File f = H5File.open(ours, H5File.Mode.READ_WRITE)) {
            f.dataset("chunked_unwritten").write("4, 1:5", NdArray.of(new int[] {5, 6, 7, 8}, 4));
            f.dataset("chunked").resize(8, 6);
            f.dataset("chunked").write("7, 0", NdArray.scalar(DType.INT32, 9));
            f.dataset("contiguous").write("2, 2", NdArray.scalar(DType.INT32, 3));
        }
        String out = H5pyVds.run(dir, """
                with h5py.File('theirs.h5', 'a') as f:
                    f['chunked_unwritten'][4, 1:5] = np.array([5, 6, 7, 8], 'i4')
                    f['chunked'].resize((8, 6))
                    f['chunked'][7, 0] = np.int32(9)
                    f['contiguous'][2, 2] = np.int32(3)
                with h5py.File('ours.h5', 'r') as a, h5py.File('theirs.h5', 'r') as b:
                    for n in ['chunked_unwritten', 'chunked', 'contiguous']:
                        print(n, np.array_equal(a[n][()], b[n][()]), a[n][()].tolist())
                """);
        assertThat(out.lines().filter(l -> !l.isBlank()).toList()).hasSize(3)
                .allSatisfy(l -> assertThat(l.split(" ")[1]).as(l).isEqualTo("True"));
    }
}
