# Writes core/src/main/resources/org/h5vds/cli/training.h5: a small file as h5py writes by default
# (superblock v0, symbol-table groups, contiguous and chunked gzip+shuffle datasets of integers,
# floats and a string, attributes), which the launcher's class-data training run lists and reads,
# so that the classes reading such files are in the archive too (a class missing from it makes the
# JVM open the 9,000-entry jar; the training's own VDS files are written by h5vds).
#
#   /usr/bin/python3 core/src/test/python/make_training_file.py core/src/main/resources/org/h5vds/cli/training.h5
import sys
import numpy as np
import h5py

with h5py.File(sys.argv[1], 'w') as f:
    f.attrs['title'] = 'h5vds class-data training file'
    e = f.create_group('entry')
    e.attrs['NX_class'] = 'NXentry'
    e['counts'] = np.arange(12, dtype='<i4').reshape(3, 4)
    e.create_dataset('frames', data=np.arange(4 * 8 * 8, dtype='<u2').reshape(4, 8, 8), chunks=(1, 8, 8),
                     compression='gzip', shuffle=True)
    # floating-point and string types, which h5py's users store as often as integers
    e['positions'] = np.linspace(0, 1, 6).reshape(2, 3)
    e['gain'] = np.ones(3, dtype='<f4')
    e['label'] = 'sample 1'
    e['link'] = h5py.SoftLink('/entry/counts')
