# The h5py side of SwmrWriteBench: a libhdf5 SWMR writer streaming the same kind of 512 x 512 uint16
# frames as h5py_stream.py (Poisson-like counts, 8 patterns cycled, frame index stamped in pixel 0),
# one chunk per frame, libver='latest', swmr_mode = True, resize + write + flush per frame. Waits
# for the reader (OUT.following) before the first frame; writes the wall-clock time (ns) each
# flush returned to TIMES, one line a frame; prints seconds, the process's CPU seconds in the loop
# (time.process_time: every thread, user and system) and throughput.
#
#   /usr/bin/python3 h5py_swmr_stream.py OUT.h5 FRAMES gzip-shuffle|none TIMES
import os
import sys
import time

import h5py
import numpy as np

out, frames, filters, times_out = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
rng = np.random.default_rng(42)
y, x = np.mgrid[0:512, 0:512]
lam = 2 + 30 * np.exp(-((y - 256) ** 2 + (x - 256) ** 2) / 20000.0)
patterns = [rng.poisson(lam).astype('<u2') for _ in range(8)]
kw = dict(compression='gzip', compression_opts=4, shuffle=True) if filters == 'gzip-shuffle' else {}
flushed = []
with h5py.File(out, 'w', libver='latest') as f:
    d = f.create_dataset('entry/data/data', shape=(0, 512, 512), maxshape=(None, 512, 512), chunks=(1, 512, 512), dtype='<u2', **kw)
    f.swmr_mode = True
    open(out + '.ready', 'w').close()
    while not os.path.exists(out + '.following'):
        time.sleep(0.005)
    t0 = time.perf_counter()
    c0 = time.process_time()
    for i in range(frames):
        frame = patterns[i % 8].copy()
        frame[0, 0] = i
        d.resize(i + 1, axis=0)
        d[i] = frame
        d.flush()
        flushed.append(time.time_ns())
    seconds = time.perf_counter() - t0
    cpu = time.process_time() - c0
with open(times_out, 'w') as t:
    t.write('\n'.join(str(v) for v in flushed) + '\n')
raw = frames * 512 * 512 * 2
print(f"h5py frames={frames} filters={filters} seconds={seconds:.3f} cpu_seconds={cpu:.3f} MiB_per_s={raw / seconds / 2**20:.1f}")
