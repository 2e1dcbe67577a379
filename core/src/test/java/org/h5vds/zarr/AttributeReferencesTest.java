package org.h5vds.zarr;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.h5vds.api.H5File;
import org.h5vds.api.ZarrReferences;
import org.h5vds.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dataset's and its groups' attributes in a reference set's {@code .zattrs}, as Debian's fsspec +
 * zarr 2.13 and xarray read them: attributes of every kind h5py writes (those JSON cannot hold left
 * out, not a failure), the dimension scales h5py attaches (xarray's dimension names as h5netcdf
 * gives them, the bookkeeping attributes left out).
 */
class AttributeReferencesTest {
    @TempDir
    Path dir;

    private static final String WRITE = """
            import h5py, numpy as np, sys
            with h5py.File(sys.argv[1], 'w') as f:
                g = f.create_group('entry')
                x = g.create_dataset('x', data=np.arange(5.0))
                y = g.create_dataset('y', data=np.arange(4.0))
                v = g.create_dataset('v', data=np.arange(20.0).reshape(4, 5), chunks=(2, 5))
                x.make_scale('x')
                y.make_scale()
                v.dims[0].attach_scale(y)
                v.dims[1].attach_scale(x)
                e = h5py.enum_dtype({'OFF': 0, 'ON': 1}, basetype='i1')
                v.attrs['enum'] = np.array(1, dtype=e)
                v.attrs['compound'] = np.array((1, 2.5), dtype=[('a', 'i4'), ('b', 'f8')])
                v.attrs['ref'] = g.ref
                v.attrs.create('vlen', [np.array([1, 2], 'i4'), np.array([3], 'i4')], dtype=h5py.vlen_dtype('i4'))
                v.attrs['empty'] = h5py.Empty('f8')
                v.attrs['zero_length'] = np.zeros((0,), 'i4')
                v.attrs['u64'] = np.uint64(2**64 - 1)
                v.attrs['i64'] = np.int64(2**53 + 1)
                v.attrs['nan'] = np.nan
                v.attrs['flags'] = np.array([True, False])
                v.attrs['title'] = 'frames'
            """;

    @Test
    void everyKindOfAttributeAndDimensionScales() throws Exception {
        Path h5 = dir.resolve("attrs.h5");
        Python.run(WRITE, h5);
        for (String name : new String[] {"v", "x"}) {
            try (H5File f = H5File.open(h5)) {
                ZarrReferences.of(f.dataset("entry/" + name)).write(dir.resolve(name + ".json"));
            }
        }
        JsonNode refs = new ObjectMapper().readTree(dir.resolve("v.json").toFile()).get("refs");
        JsonNode attrs = new ObjectMapper().readTree(refs.get("entry/v/.zattrs").asText());
        // h5netcdf's (xarray's) names: the attached scales' names; the scales' bookkeeping is not an attribute
        assertThat(attrs.get("_ARRAY_DIMENSIONS").toString()).isEqualTo("[\"y\",\"x\"]");
        assertThat(attrs.has("DIMENSION_LIST")).isFalse();
        assertThat(attrs.get("enum").asInt()).isEqualTo(1);
        assertThat(attrs.get("u64").bigIntegerValue().toString()).isEqualTo("18446744073709551615");
        assertThat(attrs.get("i64").asLong()).isEqualTo((1L << 53) + 1);
        assertThat(attrs.get("zero_length").size()).isZero();
        assertThat(attrs.has("compound")).isFalse();
        assertThat(attrs.has("ref")).isFalse();
        assertThat(attrs.has("vlen")).isFalse();
        assertThat(attrs.has("empty")).isFalse();
        JsonNode scale = new ObjectMapper().readTree(new ObjectMapper().readTree(dir.resolve("x.json").toFile()).get("refs").get("entry/x/.zattrs").asText());
        assertThat(scale.get("_ARRAY_DIMENSIONS").toString()).isEqualTo("[\"x\"]");
        assertThat(scale.has("CLASS")).isFalse();
        assertThat(scale.has("REFERENCE_LIST")).isFalse();

        String out = Python.run("""
                import fsspec, zarr, xarray as xr, h5py, numpy as np, sys
                h5, refs_v, refs_x = sys.argv[1:]
                fs = fsspec.filesystem('reference', fo=refs_v)
                z = zarr.open(zarr.storage.KVStore(fs.get_mapper('')), mode='r')['entry/v']
                assert np.array_equal(z[...], h5py.File(h5, 'r')['entry/v'][()])
                a = dict(z.attrs)
                print(a['enum'], a['flags'], a['title'], a['u64'] == 2**64 - 1, a['i64'] == 2**53 + 1)
                for refs, name in ((refs_v, 'v'), (refs_x, 'x')):
                    ds = xr.open_dataset('reference://', engine='zarr', group='entry',
                                         backend_kwargs={'consolidated': False, 'storage_options': {'fo': refs}}, mask_and_scale=False)
                    print(name, ds[name].dims, np.array_equal(ds[name].values, h5py.File(h5, 'r')['entry/' + name][()]))
                """, h5, dir.resolve("v.json"), dir.resolve("x.json"));
        assertThat(out.lines().toList()).containsExactly("1 [True, False] frames True True", "v ('y', 'x') True", "x ('x',) True");
    }

    /** zarr 2 decodes metadata as ASCII, and Python cannot encode a lone surrogate: units such as "µm" and bytes that are not UTF-8 must not make the array unreadable. */
    @Test
    void nonAsciiAndNonUtf8AttributesLeaveTheArrayReadable() throws Exception {
        Path h5 = dir.resolve("units.h5");
        Python.run("""
                import h5py, numpy as np, sys
                with h5py.File(sys.argv[1], 'w') as f:
                    f.attrs['facility'] = 'Île-de-France'
                    d = f.create_dataset('data', data=np.arange(6).reshape(2, 3), chunks=(1, 3))
                    d.attrs['units'] = 'µm'
                    d.attrs['symbol'] = '😀'
                    d.attrs['raw'] = np.bytes_(b'raw\\xff')
                """, h5);
        Path refs = dir.resolve("units.json");
        try (H5File f = H5File.open(h5)) {
            ZarrReferences.of(f.dataset("data")).write(refs);
        }
        String out = Python.run("""
                import fsspec, zarr, sys
                fs = fsspec.filesystem('reference', fo=sys.argv[1])
                root = zarr.open(zarr.storage.KVStore(fs.get_mapper('')), mode='r')
                a = root['data'].attrs
                print(a['units'] == 'µm', a['symbol'] == '😀', a['raw'] == 'raw\\ufffd', root.attrs['facility'] == 'Île-de-France', root['data'][1, 2])
                """, refs);
        assertThat(out.strip()).isEqualTo("True True True True 5");
    }

    /**
     * xarray takes a Zarr fill value for _FillValue and masks the elements equal to it: an array whose every chunk is
     * referenced has none, so that xarray reads h5py's values (zeros of the default fill value kept, integers integers),
     * as xarray on the HDF5 file (h5netcdf) does; one with unwritten chunks keeps HDF5's.
     */
    @Test
    void xarrayReadsH5pyValuesWhenNoChunkIsFill() throws Exception {
        Path h5 = dir.resolve("zeros.h5");
        Python.run("""
                import h5py, numpy as np, sys
                with h5py.File(sys.argv[1], 'w') as f:
                    f.create_dataset('counts', data=np.arange(12, dtype='i4').reshape(3, 4) % 3, chunks=(2, 2), compression='gzip')
                    f.create_dataset('small', data=np.array([0.0, 1.5]))
                    d = f.create_dataset('partial', (4,), dtype='f4', chunks=(2,), fillvalue=-1)
                    d[0:2] = [0, 1]
                """, h5);
        for (String name : new String[] {"counts", "small", "partial"}) {
            try (H5File f = H5File.open(h5)) {
                ZarrReferences.of(f.dataset(name)).write(dir.resolve(name + ".json"));
            }
        }
        String out = Python.run("""
                import xarray as xr, h5py, numpy as np, sys, os
                h5, folder = sys.argv[1:]
                for name in ('counts', 'small'):  # (fsspec 2022.11 fails xarray's batched read of an array with chunks left out)
                    ds = xr.open_dataset('reference://', engine='zarr',
                                         backend_kwargs={'consolidated': False, 'storage_options': {'fo': os.path.join(folder, name + '.json')}})
                    want = h5py.File(h5, 'r')[name][()]
                    got = ds[name].values
                    print(name, got.dtype, np.array_equal(got, want))
                """, h5, dir);
        assertThat(out.lines().toList()).containsExactly("counts int32 True", "small float64 True");
        JsonNode partial = new ObjectMapper().readTree(new ObjectMapper().readTree(dir.resolve("partial.json").toFile()).get("refs")
                .get("partial/.zarray").asText());
        assertThat(partial.get("fill_value").asDouble()).as("unwritten chunks read as HDF5's fill value").isEqualTo(-1.0);
    }

    /** A dataset reached through an external link: referenced in the file it lies in, under its name there (h5py's .name), with that file's groups' attributes. */
    @Test
    void datasetThroughAnExternalLink() throws Exception {
        Path main = dir.resolve("main.h5");
        Python.run("""
                import h5py, numpy as np, sys, os
                with h5py.File(os.path.join(os.path.dirname(sys.argv[1]), 'target.h5'), 'w') as f:
                    f.create_dataset('grp/data', data=np.arange(1000).reshape(100, 10), chunks=(30, 10), compression='gzip')
                    f['grp'].attrs['title'] = 'target group'
                with h5py.File(sys.argv[1], 'w') as f:
                    f['ext'] = h5py.ExternalLink('target.h5', '/grp')
                """, main);
        Path refs = dir.resolve("ext.json");
        try (H5File f = H5File.open(main)) {
            ZarrReferences.of(f.dataset("ext/data")).write(refs);
        }
        String out = Python.run("""
                import fsspec, zarr, h5py, numpy as np, sys
                fs = fsspec.filesystem('reference', fo=sys.argv[1])
                root = zarr.open(zarr.storage.KVStore(fs.get_mapper('')), mode='r')
                d = h5py.File(sys.argv[2], 'r')['ext/data']
                print(d.name, np.array_equal(root[d.name.lstrip('/')][...], d[()]), root['grp'].attrs['title'])
                """, refs, main);
        assertThat(out.strip()).isEqualTo("/grp/data True target group");
    }
}
