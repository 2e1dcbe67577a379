"""Writes chunks that h5vds encoded into datasets created by h5py with the same filters (so the
pipeline and its client data come from libhdf5 and the plugins), using write_direct_chunk, then
reads every dataset back through the plugins and compares it with the raw data h5vds started from.
Usage: write_chunks.py MANIFEST.json OUT.h5; prints one JSON line per dataset."""
import json
import sys

import h5py
import hdf5plugin  # noqa: F401  (registers the plugin filters' options)
import numpy as np

manifest = json.load(open(sys.argv[1]))
with h5py.File(sys.argv[2], 'w') as f:
    for ds in manifest['datasets']:
        opts = eval(ds['opts'], {'hdf5plugin': hdf5plugin})
        d = f.create_dataset(ds['name'], shape=tuple(ds['shape']), dtype=ds['dtype'], chunks=tuple(ds['chunks']), **opts)
        for c in ds['chunk_list']:
            with open(c['file'], 'rb') as i:
                d.id.write_direct_chunk(tuple(c['offset']), i.read(), c['mask'])
# Read in a new session: libhdf5 1.10.8 ignores the filter mask of a dataset's only chunk when it
# is read back in the session that wrote it with write_direct_chunk.
with h5py.File(sys.argv[2], 'r') as f:
    for ds in manifest['datasets']:
        d = f[ds['name']]
        raw = np.fromfile(ds['raw'], dtype=ds['dtype']).reshape(ds['shape'])
        plist = d.id.get_create_plist()
        filters = [[int(x) for x in plist.get_filter(i)[2]] for i in range(plist.get_nfilters())]
        try:
            back = d[...]
            ok = back.tobytes() == raw.tobytes()
            detail = '' if ok else 'first difference at byte %d' % next(
                i for i, (a, b) in enumerate(zip(back.tobytes(), raw.tobytes())) if a != b)
        except Exception as e:  # a plugin rejecting our bytes
            ok, detail = False, repr(e)
        print(json.dumps({'name': ds['name'], 'ok': ok, 'detail': detail, 'client_data': filters}))
