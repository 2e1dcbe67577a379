package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.h5vds.testing.H5pyVds;
import org.junit.jupiter.api.Test;

/**
 * {@link Attributes#modify} against h5py's {@code attrs.modify} on copies of one file h5py wrote:
 * each attribute keeps its stored type and shape (float32, int16 of three, big-endian int32, fixed
 * and variable-length strings, one element of shape (1,)), one not there is created, and what h5py
 * refuses (another shape, an empty attribute) h5vds refuses too. h5py then lists both files'
 * attributes (dtype, shape, value) and they must be the same.
 */
class ModifyAttributesTest {

    @Test
    void keepsTypeAndShapeAsH5pyDoes() throws Exception {
        Path dir = H5pyVds.make("modify-attrs", """
                with h5py.File('a.h5', 'w') as f:
                    g = f.create_group('g')
                    g.attrs.create('gain', 1.5, dtype='f4')
                    g.attrs.create('counts', [1, 2, 3], dtype='i2')
                    g.attrs.create('be', 7, dtype='>i4')
                    g.attrs.create('mode', np.bytes_('slow'), dtype='S8')
                    g.attrs['units'] = 'counts'
                    g.attrs.create('one', [1.0], dtype='f8')
                    g.attrs['empty'] = h5py.Empty('f4')
                import shutil
                shutil.copy('a.h5', 'b.h5')
                with h5py.File('b.h5', 'r+') as f:
                    a = f['g'].attrs
                    a.modify('gain', 2.25)
                    a.modify('counts', np.array([4, 5, 6], dtype='i8'))
                    a.modify('be', 5)
                    a.modify('mode', 'fast')
                    a.modify('units', 'mm')
                    a.modify('one', 9.5)
                    a.modify('new', 3)
                    for name, value in (('counts', [1, 2]), ('empty', 1.0)):
                        try:
                            a.modify(name, value)
                            print('h5py took', name)
                        except (TypeError, OSError):
                            pass
                """);
        Path ours = dir.resolve("ours.h5");
        Files.copy(dir.resolve("a.h5"), ours, StandardCopyOption.REPLACE_EXISTING);
        try (H5File f = H5File.open(ours, H5File.Mode.READ_WRITE)) {
            Attributes a = f.group("g").attrs();
            a.modify("gain", 2.25);
            a.modify("counts", NdArray.of(new long[] {4, 5, 6}, 3));
            a.modify("be", 5);
            a.modify("mode", "fast");
            a.modify("units", "mm");
            a.modify("one", 9.5);
            a.modify("new", 3);
            assertThat(catchThrowable(() -> a.modify("counts", NdArray.of(new long[] {1, 2}, 2))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("counts").hasMessageContaining("(3,)");
            assertThat(catchThrowable(() -> a.modify("empty", 1.0))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("empty");
        }
        String listed = H5pyVds.run(dir, """
                for name in ('b.h5', 'ours.h5'):
                    with h5py.File(name, 'r') as f:
                        a = f['g'].attrs
                        print(sorted((k, a.get_id(k).dtype.str, a.get_id(k).shape, repr(a[k])) for k in a))
                """);
        String[] lines = listed.trim().split("\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[1]).isEqualTo(lines[0]);
        assertThat(lines[0]).contains("('gain', '<f4', (), 'np.float32(2.25)')".replace("np.float32(2.25)", "2.25"))
                .contains("'>i4'").contains("'|S8'").contains("('one', '<f8', (1,)");
    }
}
