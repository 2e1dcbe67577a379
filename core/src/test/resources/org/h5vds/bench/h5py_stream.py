# The h5py side of StreamingWriteBench: the same 512 x 512 uint16 frames (8 patterns cycled, frame
# index stamped in pixel 0), one chunk per frame, appended along an unlimited axis with
# libver='latest'; prints seconds and throughput for comparison. PATTERNS is the file
# `StreamingWriteBench patterns FILE` writes (raw little-endian uint16), so both sides write the
# same bytes; without it, Poisson-like counts of NumPy's own generator are used.
#
#   /usr/bin/python3 h5py_stream.py OUT.h5 FRAMES gzip-shuffle|none [PATTERNS]
import os, sys, time
import numpy as np
import h5py

out, frames, filters = sys.argv[1], int(sys.argv[2]), sys.argv[3]
if len(sys.argv) > 4:
    patterns = list(np.fromfile(sys.argv[4], dtype='<u2').reshape(8, 512, 512))
else:
    rng = np.random.default_rng(42)
    y, x = np.mgrid[0:512, 0:512]
    lam = 2 + 30 * np.exp(-((y - 256) ** 2 + (x - 256) ** 2) / 20000.0)
    patterns = [rng.poisson(lam).astype('<u2') for _ in range(8)]
kw = dict(compression='gzip', compression_opts=4, shuffle=True) if filters == 'gzip-shuffle' else {}
# as StreamingWriteBench does right before its measured stream: write as many bytes to a scratch
# file and delete it, so that both sides write into page-cache pages the kernel has just freed (on
# a virtual machine that returns freed memory to its host, fresh pages cost a fault on first touch)
prime = out + '.prime'
block = bytes(4 << 20)
with open(prime, 'wb') as p:
    left = frames * 512 * 512 * 2
    while left > 0:
        left -= p.write(block[:min(left, len(block))])
os.remove(prime)
t0 = time.perf_counter()
with h5py.File(out, 'w', libver='latest') as f:
    d = f.create_dataset('entry/data/data', shape=(0, 512, 512), maxshape=(None, 512, 512), chunks=(1, 512, 512), dtype='<u2', **kw)
    for i in range(frames):
        frame = patterns[i % 8].copy()
        frame[0, 0] = i
        d.resize(i + 1, axis=0)
        d[i] = frame
seconds = time.perf_counter() - t0
raw = frames * 512 * 512 * 2
print(f"h5py frames={frames} filters={filters} seconds={seconds:.2f} MiB_per_s={raw / seconds / 2**20:.1f}")
