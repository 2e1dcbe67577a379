package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.h5vds.testing.H5pyVds;
import org.junit.jupiter.api.Test;

/**
 * Many variable-length strings, as h5py writes them: empty ones, ASCII, non-ASCII, a U+FFFD of the
 * string's own, bytes that are not UTF-8, and elements never written (no heap object at all), in a
 * contiguous dataset and in a chunked compressed one (converted chunk by chunk, in parallel),
 * more than one batch of strings ({@code Conversions.VlenStringRead} adds them to the array's table
 * 256 at a time) — read as h5py reads them, decoded with surrogateescape.
 */
class ManyVariableLengthStringsTest {

    @Test
    void readAsH5pyReadsThem() throws Exception {
        Path dir = H5pyVds.make("many-vlen", """
                import json
                kinds = [b'', b'plain %d', 'caf\\u00e9 %d'.encode(), '\\U0001F600 %d'.encode(), '\\ufffd %d'.encode(), b'\\xff%d\\xc3']
                values = [(k % i if b'%d' in k else k) for i in range(1000) for k in [kinds[i % len(kinds)]]]
                with h5py.File('s.h5', 'w') as f:
                    f.create_dataset('contiguous', data=values, dtype=h5py.string_dtype())
                    f.create_dataset('chunked', data=values, dtype=h5py.string_dtype(), chunks=(100,), compression='gzip')
                    holes = f.create_dataset('holes', (600,), dtype=h5py.string_dtype())
                    holes[::3] = values[:600:3]
                """);
        String printed = H5pyVds.run(dir, """
                import json
                with h5py.File('s.h5', 'r') as f:
                    for name in ('contiguous', 'chunked', 'holes'):
                        print(json.dumps([v.decode('utf-8', 'surrogateescape') for v in f[name][()]]))
                """);
        String[] lines = printed.trim().split("\n");
        ObjectMapper m = new ObjectMapper();
        try (H5File f = H5File.open(dir.resolve("s.h5"))) {
            String[] names = {"contiguous", "chunked", "holes"};
            for (int i = 0; i < names.length; i++) {
                List<?> expected = m.readValue(lines[i], List.class);
                List<String> got = f.dataset(names[i]).read().strings();
                assertThat(got).as(names[i]).hasSize(expected.size());
                for (int k = 0; k < got.size(); k++) assertThat(got.get(k)).as("%s[%d]", names[i], k).isEqualTo(expected.get(k));
            }
            assertThat(f.dataset("holes").read().strings().get(1)).as("an element never written, as h5py reads it").isEmpty();
        }
    }

    /**
     * Strings of up to 60,000 bytes and one of 3 MB: the strings of one batch pass the 1 MiB after
     * which a batch ends early, and a single string passes it alone.
     */
    @Test
    void longStringsInBatchesOfTheirOwn() throws Exception {
        Path dir = H5pyVds.make("long-vlen", """
                values = ['x' * (i * 7919 % 60000) + str(i) for i in range(300)]
                values[123] = 'y' * 3000000
                with h5py.File('s.h5', 'w') as f:
                    f.create_dataset('long', data=values, dtype=h5py.string_dtype())
                    f.create_dataset('chunked', data=values, dtype=h5py.string_dtype(), chunks=(50,))
                """);
        try (H5File f = H5File.open(dir.resolve("s.h5"))) {
            for (String name : List.of("long", "chunked")) {
                List<String> got = f.dataset(name).read().strings();
                assertThat(got).as(name).hasSize(300);
                for (int i = 0; i < 300; i++) {
                    String expected = i == 123 ? "y".repeat(3_000_000) : "x".repeat(i * 7919 % 60000) + i;
                    assertThat(got.get(i)).as("%s[%d]", name, i).isEqualTo(expected);
                }
            }
        }
    }

    /** An element whose stored length is more than its heap object holds: an error naming the heap object, before anything that long is made. */
    @Test
    void aLengthPastItsHeapObjectIsRefused() throws Exception {
        Path dir = H5pyVds.make("vlen-too-long", """
                import struct
                with h5py.File('s.h5', 'w') as f:
                    d = f.create_dataset('s', data=['short', 'strings'], dtype=h5py.string_dtype())
                    at = d.id.get_offset()
                with open('s.h5', 'r+b') as out:
                    out.seek(at)
                    out.write(struct.pack('<I', 0x7FFFFFF0))
                """);
        try (H5File f = H5File.open(dir.resolve("s.h5"))) {
            assertThatThrownBy(() -> f.dataset("s").read())
                    .isInstanceOf(H5Exception.class)
                    .hasMessageContaining("variable-length element needs 2147483632 bytes, its global heap object")
                    .hasMessageContaining("has 5");
        }
    }
}
