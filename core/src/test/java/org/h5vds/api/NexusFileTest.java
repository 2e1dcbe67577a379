package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.h5vds.cli.JsonArray;
import org.h5vds.testing.JsonCheck;
import org.h5vds.testing.Project;
import org.h5vds.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A NeXus-like file as a detector facility writes it with h5py — groups with NX_class
 * attributes, string datasets and attributes, a compound log table, enumerations, object
 * references, a virtual dataset of frames over two source files — read whole by h5vds: every
 * object found, every dataset and attribute with the values h5py reads.
 */
class NexusFileTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    static final String SCRIPT = """
            import sys, os, json, h5py, numpy as np
            sys.path.insert(0, sys.argv[2])
            sys.dont_write_bytecode = True
            import make_types
            os.chdir(sys.argv[1])
            for i in range(2):
                with h5py.File(f'frames_{i}.h5', 'w') as f:
                    f['data'] = (np.arange(3 * 4 * 5, dtype='<u2').reshape(3, 4, 5) + 100 * i)
            with h5py.File('nexus.h5', 'w', libver='latest') as f:
                f.attrs['default'] = 'entry'
                e = f.create_group('entry')
                e.attrs['NX_class'] = 'NXentry'
                e['title'] = 'Lysozyme at 100 K'
                e['start_time'] = np.bytes_('2024-06-11T10:00:00')
                e['start_time'].attrs['units'] = np.bytes_('ISO8601')
                inst = e.create_group('instrument')
                inst.attrs['NX_class'] = 'NXinstrument'
                inst['name'] = np.array([b'beamline I24'], dtype='S16')
                det = inst.create_group('detector')
                det.attrs['NX_class'] = 'NXdetector'
                mode = h5py.enum_dtype({'SINGLE': 0, 'BURST': 1, 'CONTINUOUS': 2}, basetype='u1')
                det.create_dataset('mode', data=np.uint8(2), dtype=mode)
                lay = h5py.VirtualLayout((6, 4, 5), '<u2')
                for i in range(2):
                    lay[3 * i:3 * i + 3] = h5py.VirtualSource(f'frames_{i}.h5', 'data', shape=(3, 4, 5))
                det.create_virtual_dataset('data', lay, fillvalue=0)
                det['data'].attrs['units'] = 'counts'
                det['x_pixel_size'] = 75e-6
                det['x_pixel_size'].attrs['units'] = 'm'
                sample = e.create_group('sample')
                sample.attrs['NX_class'] = 'NXsample'
                sample['temperature'] = np.array([99.5, 100.0, 100.25], dtype='>f4')
                sample['temperature'].attrs['units'] = 'K'
                state = h5py.enum_dtype({'OK': 0, 'WARN': 1, 'FAIL': 2}, basetype='i1')
                log = np.zeros(4, dtype=[('time', '<f8'), ('value', '<f4'), ('status', state), ('note', h5py.string_dtype())])
                log['time'] = [0.0, 1.5, 3.0, 4.5]
                log['value'] = [1.0, 2.0, 3.0, 4.0]
                log['status'] = [0, 0, 1, 2]
                log['note'] = ['start', '', 'drift', 'stop']
                sample['log'] = log
                data = e.create_group('data')
                data.attrs['NX_class'] = 'NXdata'
                data.attrs['signal'] = 'data'
                data.attrs['axes'] = np.array(['.', 'y', 'x'], dtype=h5py.string_dtype())
                data['data'] = h5py.SoftLink('/entry/instrument/detector/data')
                e['links'] = np.array([det['data'].ref, sample.ref, inst.ref], dtype=h5py.ref_dtype)
            res = {'datasets': {}, 'attrs': {}, 'objects': []}
            with h5py.File('nexus.h5', 'r') as f:
                def visit(name, obj):
                    res['objects'].append('/' + name)
                    for k, v in obj.attrs.items():
                        a = obj.attrs.get_id(k)
                        dt = a.dtype
                        res['attrs']['/' + name + '@' + k] = make_types.nested(np.asarray(v), dt, f) if isinstance(v, np.ndarray) else make_types.js(v, dt, f)
                    if isinstance(obj, h5py.Dataset):
                        v = obj[()]
                        dt = obj.dtype
                        res['datasets']['/' + name] = make_types.nested(v, dt, f) if isinstance(v, np.ndarray) else make_types.js(v, dt, f)
                f.visititems(visit)
                res['attrs']['/@default'] = f.attrs['default']
            print(json.dumps(res))
            """;

    @Test
    void readWholeAsH5pyReadsIt() throws Exception {
        JsonNode want = JSON.readTree(Python.run(SCRIPT, dir, Project.dir().resolve("src/test/python")));
        Path file = dir.resolve("nexus.h5");
        List<String> found = new ArrayList<>();
        try (H5File f = H5File.open(file)) {
            found.add("/");
            f.visit((path, o) -> found.add("/" + path));
            for (Iterator<Map.Entry<String, JsonNode>> it = want.get("datasets").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonCheck.assertSame(JsonCheck.read(file, e.getKey()), e.getValue(), e.getKey());
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = want.get("attrs").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String[] pa = e.getKey().split("@", 2);
                H5Object o = pa[0].isEmpty() ? f.root() : f.get(pa[0]);
                JsonCheck.assertSame(JSON.readTree(JsonArray.toJson(o.attr(pa[1]).value())), e.getValue(), e.getKey());
            }
            assertThat(f.group("entry").attr("NX_class").string()).isEqualTo("NXentry");
            assertThat(f.dataset("entry/title").read().getString()).isEqualTo("Lysozyme at 100 K");
            NdArray log = f.dataset("entry/sample/log").read();
            assertThat(log.field("status").enumNames()).containsExactly("OK", "OK", "WARN", "FAIL");
            assertThat(log.field("note").strings()).containsExactly("start", "", "drift", "stop");
            Reference first = (Reference) f.dataset("entry/links").read().getObject(0);
            assertThat(first.dereference()).isInstanceOf(Dataset.class);
            assertThat(((Dataset) first.dereference()).isVirtual()).isTrue();
            assertThat(f.dataset("entry/data/data").read("5, 0, :").toIntArray()).containsExactly(140, 141, 142, 143, 144);
        }
        try (H5File f = H5File.open(file)) {
            for (JsonNode o : want.get("objects")) assertThat(f.get(o.asText()).path()).isEqualTo(o.asText());
        }
        assertThat(found).hasSizeGreaterThanOrEqualTo(want.get("objects").size());
    }
}
