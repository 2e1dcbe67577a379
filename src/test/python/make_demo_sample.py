"""Writes src/main/resources/demo/sample.h5, the small file `h5vds demo` lists and reads.

Run with Debian's h5py: /usr/bin/python3 src/test/python/make_demo_sample.py src/main/resources/demo/sample.h5
"""
import sys

import h5py
import numpy as np

with h5py.File(sys.argv[1], 'w', libver='latest') as f:
    f.attrs['title'] = 'h5vds demo sample'
    entry = f.create_group('entry')
    entry.attrs['NX_class'] = 'NXentry'
    frames = np.arange(4 * 6 * 8, dtype='<u2').reshape(4, 6, 8)
    d = entry.create_dataset('frames', data=frames, chunks=(1, 6, 8), compression='gzip', shuffle=True)
    d.attrs['units'] = 'counts'
    entry.create_dataset('temperature', data=np.linspace(20.0, 21.5, 4))
    entry['latest'] = h5py.SoftLink('/entry/frames')
