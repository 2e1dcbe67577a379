"""Dumps the stored chunks of every filtered dataset in a fixture file whose datasets come in pairs
NAME (filtered) and NAME_raw (the same values, unfiltered), in dump_chunks.py's manifest format.
Needs no filter plugin: chunks are read raw. Usage: dump_fixture_chunks.py FILE OUTDIR"""
import json
import os
import sys

import h5py
import numpy as np

path, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
manifest = []
with h5py.File(path, 'r') as f:
    for name in sorted(k for k in f if not k.endswith('_raw')):
        d, raw = f[name], f[name + '_raw'][...]
        plist = d.id.get_create_plist()
        filters = []
        for i in range(plist.get_nfilters()):
            fid, flags, cd, fname = plist.get_filter(i)
            filters.append([int(fid), int(flags), [int(v) for v in cd], fname.decode('latin-1')])
        entry = {'name': name, 'itemsize': d.dtype.itemsize, 'chunks': list(d.chunks), 'filters': filters, 'chunk_list': []}
        for i in range(d.id.get_num_chunks()):
            info = d.id.get_chunk_info(i)
            mask, stored = d.id.read_direct_chunk(info.chunk_offset)
            sel = tuple(slice(o, min(o + c, s)) for o, c, s in zip(info.chunk_offset, d.chunks, d.shape))
            full = np.zeros(d.chunks, dtype=d.dtype)
            full[tuple(slice(0, s.stop - s.start) for s in sel)] = raw[sel]
            base = os.path.join(out, f'{name}.{i}')
            with open(base + '.stored', 'wb') as o:
                o.write(stored)
            with open(base + '.expected', 'wb') as o:
                o.write(full.tobytes())
            entry['chunk_list'].append({'stored': base + '.stored', 'expected': base + '.expected',
                                        'mask': int(mask), 'address': int(info.byte_offset)})
        manifest.append(entry)
with open(os.path.join(out, 'manifest.json'), 'w') as o:
    json.dump({'file': path, 'datasets': manifest}, o, indent=1)
print(len(manifest))
