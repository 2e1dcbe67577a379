package org.h5vds.vds;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.h5vds.api.H5File;
import org.h5vds.api.NdArray;
import org.h5vds.format.Checksum;
import org.h5vds.api.H5Exception;
import org.h5vds.testing.H5Wasm;
import org.h5vds.testing.H5pyVds;
import org.h5vds.testing.Libhdf5Java;
import org.h5vds.testing.OracleRead;
import org.junit.jupiter.api.Test;

/**
 * Which fields of a stored dataspace selection libhdf5 trusts, asked of libhdf5 itself: a virtual
 * dataset h5py wrote (hyperslab versions 1 and 2, ALL) is copied with one field of its mapping list
 * changed (the heap block's checksum recomputed), and libhdf5 1.10.8 (h5py), 1.14.3 (JNI) and 2.0.0
 * (h5wasm) read every copy. They agree with each other, and h5vds must agree with them: reading the
 * same values where they read (the Reserved and Length fields are never looked at), failing where
 * they fail (versions none of them knows, unknown flags, an ALL of version 2).
 */
class SelectionFieldsOracleTest {
    /** Where one selection sits in the heap object and which of its fields exist. */
    private record Fields(int at, int type, int version) {
        int reserved() {
            return at + 8;
        }

        int length() {
            return version == 2 ? at + 9 : at + 12;
        }

        int flags() {
            return at + 8;
        }
    }

    /** One field changed: position in the heap object, width in bytes, new value. */
    private record Edit(int at, int width, long value) {
    }

    @Test
    void h5vdsTrustsAndIgnoresTheFieldsLibhdf5TrustsAndIgnores() throws IOException {
        Path dir = H5pyVds.make("selection-fields", """
                with h5py.File('src.h5', 'w') as f:
                    f['a'] = np.arange(10, dtype='i4')
                    f.create_dataset('u', data=np.arange(30, dtype='i4').reshape(3, 10), maxshape=(None, 10), chunks=(1, 10))
                with h5py.File('vds.h5', 'w') as f:   # h5py's default bounds: hyperslab versions 1 and 2
                    lay = h5py.VirtualLayout((4, 10), 'i4')
                    lay[0] = h5py.VirtualSource('src.h5', 'a', shape=(10,))
                    lay[1, 0:4] = h5py.VirtualSource('src.h5', 'a', shape=(10,))[[1, 3, 5, 7]]
                    f.create_virtual_dataset('v', lay, fillvalue=-1)
                    lay = h5py.VirtualLayout((3, 10), 'i4', maxshape=(None, 10))
                    lay[0:U, :] = h5py.VirtualSource('src.h5', 'u', shape=(3, 10), maxshape=(None, 10))[0:U, :]
                    f.create_virtual_dataset('w', lay, fillvalue=-1)
                """);
        Path original = dir.resolve("vds.h5");
        VirtualHeapBlockTest.Stored v = VirtualHeapBlockTest.stored(original, "v");
        VirtualHeapBlockTest.Stored w = VirtualHeapBlockTest.stored(original, "w");
        List<Fields> vf = fields(v);
        List<Fields> wf = fields(w);
        assertThat(vf).extracting(Fields::type, Fields::version).containsExactly(
                org.assertj.core.groups.Tuple.tuple(3, 1), org.assertj.core.groups.Tuple.tuple(2, 1),
                org.assertj.core.groups.Tuple.tuple(2, 1), org.assertj.core.groups.Tuple.tuple(2, 1));
        assertThat(wf).extracting(Fields::type, Fields::version).containsOnly(org.assertj.core.groups.Tuple.tuple(2, 2));

        Map<String, List<Edit>> vEdits = new LinkedHashMap<>();
        Map<String, List<Edit>> wEdits = new LinkedHashMap<>();
        vEdits.put("unchanged", List.of());
        vEdits.put("hyperslab-v1-length", List.of(new Edit(vf.get(1).length(), 4, 0xDEADBEEFL), new Edit(vf.get(2).length(), 4, 7),
                new Edit(vf.get(3).length(), 4, 0)));
        vEdits.put("hyperslab-v1-reserved", List.of(new Edit(vf.get(1).reserved(), 4, 0x12345678)));
        vEdits.put("all-reserved-length", List.of(new Edit(vf.get(0).reserved(), 4, 5), new Edit(vf.get(0).length(), 4, 99)));
        vEdits.put("all-version-2", List.of(new Edit(vf.get(0).at() + 4, 4, 2)));
        vEdits.put("all-version-0", List.of(new Edit(vf.get(0).at() + 4, 4, 0)));
        vEdits.put("hyperslab-version-0", List.of(new Edit(vf.get(1).at() + 4, 4, 0)));
        vEdits.put("hyperslab-version-4", List.of(new Edit(vf.get(1).at() + 4, 4, 4)));
        vEdits.put("selection-type-4", List.of(new Edit(vf.get(0).at(), 4, 4)));
        wEdits.put("hyperslab-v2-length", List.of(new Edit(wf.get(0).length(), 4, 0xFFFFFFFFL), new Edit(wf.get(1).length(), 4, 1)));
        wEdits.put("hyperslab-v2-unknown-flag", List.of(new Edit(wf.get(0).flags(), 1, 3)));

        List<OracleRead> requests = new ArrayList<>();
        for (var e : vEdits.entrySet()) requests.add(OracleRead.of(patched(original, dir, e.getKey(), v, e.getValue()), "v"));
        for (var e : wEdits.entrySet()) requests.add(OracleRead.of(patched(original, dir, e.getKey(), w, e.getValue()), "w"));

        List<OracleRead> h5py = readWithH5py(dir, requests);
        List<OracleRead> jni = Libhdf5Java.readAll(requests);
        List<OracleRead> wasm = H5Wasm.readAll(requests);
        int accepted = 0;
        for (int i = 0; i < requests.size(); i++) {
            OracleRead r = requests.get(i);
            assertThat(List.of(jni.get(i).ok(), wasm.get(i).ok())).as("libhdf5 1.14 and 2.0 agree with 1.10 on %s", r)
                    .containsOnly(h5py.get(i).ok());
            Object ours;
            try (H5File f = H5File.open(r.file())) {
                ours = f.dataset(r.dataset()).read();
            } catch (H5Exception e) {
                ours = e;
            }
            if (h5py.get(i).ok()) {
                accepted++;
                assertThat(ours).as("%s reads as libhdf5 reads it", r).isEqualTo(h5py.get(i).values());
                assertThat(jni.get(i).values()).isEqualTo(h5py.get(i).values());
            } else {
                assertThat(ours).as("%s is refused as libhdf5 refuses it (%s)", r, h5py.get(i).error()).isInstanceOf(H5Exception.class);
                assertThat(((H5Exception) ours).getMessage()).contains(r.file().getFileName().toString());
            }
        }
        assertThat(accepted).isEqualTo(5);
    }

    /** The selections of a stored mapping list, in order (source, virtual, source, virtual, ...). */
    private static List<Fields> fields(VirtualHeapBlockTest.Stored s) {
        List<Fields> out = new ArrayList<>();
        for (int at : SelectionEncodings.positions(s)) out.add(new Fields(at, s.bytes()[at], s.bytes()[at + 4]));
        return out;
    }

    /** A copy of {@code original} named after the edit, with the edits applied to the heap object and its checksum renewed. */
    private static Path patched(Path original, Path dir, String name, VirtualHeapBlockTest.Stored s, List<Edit> edits) throws IOException {
        byte[] object = s.bytes().clone();
        ByteBuffer b = ByteBuffer.wrap(object).order(ByteOrder.LITTLE_ENDIAN);
        for (Edit e : edits) {
            if (e.width() == 1) b.put(e.at(), (byte) e.value());
            else b.putInt(e.at(), (int) e.value());
        }
        b.putInt(object.length - 4, Checksum.lookup3(ByteBuffer.wrap(object), 0, object.length - 4));
        byte[] file = Files.readAllBytes(original);
        System.arraycopy(object, 0, file, (int) s.offset(), object.length);
        return Files.write(dir.resolve(name + ".h5"), file);
    }

    /** libhdf5 1.10.8's reading of each request through h5py: the values, or its error. */
    private static List<OracleRead> readWithH5py(Path dir, List<OracleRead> requests) throws IOException {
        StringBuilder list = new StringBuilder();
        for (OracleRead r : requests) list.append(r.file().getFileName()).append('\t').append(r.dataset()).append('\n');
        Files.writeString(dir.resolve("requests.tsv"), list);
        H5pyVds.run(dir, """
                import json
                results = []
                for k, line in enumerate(open('requests.tsv').read().splitlines()):
                    name, dset = line.split('\\t')
                    try:
                        with h5py.File(name, 'r') as f:
                            save(f'read_{k}', f[dset][()])
                        results.append(None)
                    except Exception as e:
                        results.append(str(e))
                json.dump(results, open('results.json', 'w'))
                """);
        JsonNode results = new ObjectMapper().readTree(dir.resolve("results.json").toFile());
        List<OracleRead> out = new ArrayList<>();
        for (int k = 0; k < requests.size(); k++) {
            OracleRead r = requests.get(k);
            out.add(results.get(k).isNull() ? new OracleRead(r.file(), r.dataset(), H5pyVds.expected(dir, "read_" + k), null)
                    : new OracleRead(r.file(), r.dataset(), null, results.get(k).asText()));
        }
        return out;
    }
}
