"""Stores chunks that h5vds encoded into datasets whose filter pipeline holds exactly the client data
h5vds computed, with no plugin loaded (so no "set local" callback rewrites it), next to an
unfiltered twin NAME_raw. Usage: write_unregistered.py MANIFEST.json OUT.h5"""
import json
import os
import sys

os.environ['HDF5_PLUGIN_PATH'] = os.path.join(os.path.dirname(sys.argv[2]), 'no-plugins-here')
import h5py  # noqa: E402
import numpy as np  # noqa: E402

types = {1: h5py.h5t.STD_U8LE, 2: h5py.h5t.STD_U16LE, 4: h5py.h5t.STD_U32LE, 8: h5py.h5t.STD_U64LE}
manifest = json.load(open(sys.argv[1]))
with h5py.File(sys.argv[2], 'w') as f:
    for ds in manifest['datasets']:
        dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
        dcpl.set_chunk(tuple(ds['chunks']))
        for fid, flags, cd in ds['filters']:
            dcpl.set_filter(fid, flags, tuple(cd))
        space = h5py.h5s.create_simple(tuple(ds['shape']))
        d = h5py.h5d.create(f.id, ds['name'].encode(), types[ds['itemsize']], space, dcpl=dcpl)
        for c in ds['chunk_list']:
            with open(c['file'], 'rb') as i:
                d.write_direct_chunk(tuple(c['offset']), i.read(), c['mask'])
        raw = np.fromfile(ds['raw'], dtype='<u%d' % ds['itemsize']).reshape(ds['shape'])
        f.create_dataset(ds['name'] + '_raw', data=raw)
print(len(manifest['datasets']))
