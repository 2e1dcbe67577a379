package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.h5vds.testing.H5pyVds;
import org.junit.jupiter.api.Test;

/**
 * Strings whose bytes are not UTF-8 (bitshuffle's regression files hold random bytes in fixed
 * strings). h5vds decodes each byte of an invalid sequence as a lone surrogate, as Python's
 * {@code surrogateescape} does, so that it writes back byte for byte. Lead bytes F5..FF start no
 * UTF-8 sequence, but were decoded as the lead of a 3-byte one ({@code F8 B8 B0} read as U+8E30,
 * written back as {@code E8 B8 B0}).
 */
class InvalidUtf8StringsTest {

    @Test
    void bytesThatAreNotUtf8ReadAsPythonsSurrogateEscapeAndWriteBackUnchanged() throws Exception {
        Path dir = H5pyVds.make("invalid-utf8", """
                import json
                values = [b'\\xf8\\xb8\\xb0', b'a\\xff\\xbf\\xbfz', b'\\xf5\\x80\\x80\\x80', b'\\xfe\\xfd', b'\\xe8\\xb8\\xb0', b'\\xf4\\x8f\\xbf\\xbf', b'\\xc0\\xaf']
                with h5py.File('s.h5', 'w') as f:
                    f.create_dataset('fixed', data=np.array(values, dtype='S5'))
                    f.create_dataset('vlen', data=values, dtype=h5py.string_dtype('ascii'))
                print(json.dumps([v.decode('utf-8', 'surrogateescape') for v in values]))
                """);
        String printed = H5pyVds.run(dir, """
                import json
                with h5py.File('s.h5', 'r') as f:
                    print(json.dumps([v.decode('utf-8', 'surrogateescape') for v in f['fixed'][()]]))
                    print(json.dumps([v.decode('utf-8', 'surrogateescape') for v in f['vlen'][()]]))
                """);
        String[] lines = printed.trim().split("\n");
        ObjectMapper m = new ObjectMapper();
        List<?> fixed = m.readValue(lines[0], List.class);
        List<?> vlen = m.readValue(lines[1], List.class);
        try (H5File f = H5File.open(dir.resolve("s.h5"))) {
            assertThat(f.dataset("fixed").read().strings()).isEqualTo(fixed);
            assertThat(f.dataset("vlen").read().strings()).isEqualTo(vlen);
        }
        // written back by h5vds (as UTF-8 strings: the ASCII type takes ASCII only), h5py reads the same bytes
        try (H5File f = H5File.open(dir.resolve("s.h5"), H5File.Mode.READ_WRITE)) {
            f.createDataset("vlen_copy", NdArray.ofStrings(f.dataset("vlen").read().strings(), 7));
        }
        String copied = H5pyVds.run(dir, """
                with h5py.File('s.h5', 'r') as f:
                    print(list(f['vlen'][()]) == list(f['vlen_copy'][()]), list(f['vlen_copy'][()]))
                """);
        assertThat(copied.trim()).startsWith("True");
    }
}
