package org.h5vds.zarr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.h5vds.api.H5Exception;
import org.h5vds.api.H5File;
import org.h5vds.api.ZarrReferences;
import org.h5vds.testing.Project;
import org.h5vds.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Datasets of the non-float types h5py writes, as reference sets read by Debian's fsspec + zarr
 * 2.13 and compared with h5py's read: enumerations (as their integers), fixed-length strings,
 * opaque bytes, bit fields and array types (h5py's extra axes), chunked, contiguous and inlined,
 * with fill values; and the one-line refusals of the types Zarr cannot read from HDF5's bytes.
 */
class TypeReferencesTest {
    @TempDir
    Path dir;

    private static final String WRITE = """
            import h5py, numpy as np, sys
            with h5py.File(sys.argv[1], 'w') as f:
                e = h5py.enum_dtype({'RED': 0, 'GREEN': 1, 'BLUE': 42}, basetype='i1')
                d = f.create_dataset('enum_chunked', (10,), dtype=e, chunks=(4,), fillvalue=42)
                d[0:4] = np.array([0, 1, 42, 1], dtype='i1')
                d = f.create_dataset('enum_be_u4', (300,), dtype=h5py.enum_dtype({'A': 0, 'B': 70000}, basetype='>u4'))
                d[...] = np.array([0, 70000] * 150, dtype='>u4')
                f.create_dataset('strings', data=np.array([b'abc', b'de', b'xyzzy'] * 3, dtype='S5'), chunks=(2,),
                                 fillvalue=b'none', compression='gzip', shuffle=True)
                d = f.create_dataset('strings_unwritten', (7,), dtype='S3', chunks=(3,), fillvalue=b'n/a')
                d[0:3] = [b'a', b'b', b'c']
                f.create_dataset('strings_small', data=np.array([b'abc', b'de'], dtype='S4'))
                f.create_dataset('opaque', data=np.array([np.void(b'abcd'), np.void(b'efgh')] * 100))
                d = f.create_dataset('array_type', (10,), dtype=np.dtype(('<i4', (3, 2))), chunks=(4,), compression='gzip', shuffle=True)
                d[...] = np.arange(60, dtype='<i4').reshape(10, 3, 2)
                d = f.create_dataset('array_type_fill', (9,), dtype=np.dtype(('<f8', (2,))), chunks=(4,))
                d[0:4] = np.ones((4, 2))
                t = h5py.h5t.STD_B16BE.copy()
                h5py.h5d.create(f.id, b'bitfield', t, h5py.h5s.create_simple((300,))).write(
                    h5py.h5s.ALL, h5py.h5s.ALL, np.arange(300, dtype='>u2'), mtype=t)
                f.create_dataset('vlen_strings', data=['a', 'bc'], dtype=h5py.string_dtype())
                f.create_dataset('vlen_ints', (3,), dtype=h5py.vlen_dtype('i4'))
                f.create_dataset('compound', data=np.zeros(3, dtype=[('a', 'i4'), ('b', 'f8')]))
                f.create_dataset('references', (2,), dtype=h5py.ref_dtype)
                t = h5py.h5t.C_S1.copy(); t.set_size(5); t.set_strpad(h5py.h5t.STR_SPACEPAD)
                dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE); dcpl.set_chunk((2,))
                h5py.h5d.create(f.id, b'space_padded', t, h5py.h5s.create_simple((4,)), dcpl=dcpl).write(
                    h5py.h5s.ALL, h5py.h5s.ALL, np.array([b'ab   ', b'abcde', b'a    ', b'     '], dtype='S5'), mtype=t)
            """;

    @Test
    void enumsStringsOpaqueBitfieldsAndArrayTypesReadAsH5pyDoes() throws Exception {
        Path h5 = dir.resolve("types.h5");
        Python.run(WRITE, h5);
        List<Map<String, Object>> cases = new ArrayList<>();
        for (String name : List.of("enum_chunked", "enum_be_u4", "strings", "strings_unwritten", "strings_small", "opaque", "array_type",
                "array_type_fill", "bitfield")) {
            Path refs = dir.resolve(name + ".json");
            try (H5File f = H5File.open(h5)) {
                ZarrReferences.of(f.dataset(name)).write(refs);
            }
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("refs", refs.toString());
            c.put("key", name);
            c.put("h5file", h5.toString());
            c.put("dataset", "/" + name);
            cases.add(c);
        }
        Path list = dir.resolve("cases.json");
        new ObjectMapper().writeValue(list.toFile(), cases);
        String out = Python.runScript(Project.dir().resolve("src/test/resources/org/h5vds/zarr/check_refs.py"), list);
        assertThat(out.lines().filter(l -> l.startsWith("ok "))).hasSize(cases.size());
        assertThat(out).contains("array_type (10, 3, 2) int32").contains("strings_unwritten (7,) |S3");
    }

    @Test
    void typesZarrCannotReadAreRefusedInOneLine() throws Exception {
        Path h5 = dir.resolve("types.h5");
        Python.run(WRITE, h5);
        Map<String, String> refusals = Map.of(
                "vlen_strings", "variable-length",
                "vlen_ints", "variable-length",
                "compound", "compound",
                "references", "references",
                "space_padded", "space-padded");
        for (Map.Entry<String, String> e : refusals.entrySet()) {
            Path refs = dir.resolve(e.getKey() + ".json");
            try (H5File f = H5File.open(h5)) {
                Throwable t = catchThrowable(() -> ZarrReferences.of(f.dataset(e.getKey())).write(refs));
                assertThat(t).as(e.getKey()).isInstanceOf(H5Exception.class);
                assertThat(t.getMessage()).startsWith(h5 + ": /" + e.getKey() + " cannot be written as chunk references")
                        .contains(e.getValue()).doesNotContain("\n");
            }
            assertThat(refs).doesNotExist();
        }
    }
}
