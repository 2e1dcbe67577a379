"""h5py (libhdf5 1.10.8) reading the remote benchmark's VDS over HTTP with the ros3 driver.

usage: h5py_remote.py URL MODE WARMUPS REPEATS  (MODE: full | frames)
prints one JSON line: best milliseconds, and the sum of the values read (to check them).
"""
import json, random, sys, time
import h5py
import numpy as np

url, mode, warmups, repeats = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])


def full():
    with h5py.File(url, 'r', driver='ros3') as f:
        return int(f['data'][()].sum(dtype=np.int64))


def frames():
    with h5py.File(url, 'r', driver='ros3') as f:
        d = f['data']
        rnd = random.Random(1)
        return sum(int(d[rnd.randrange(800)].sum(dtype=np.int64)) for _ in range(50))


task = full if mode == 'full' else frames
for _ in range(warmups):
    task()
best, total = float('inf'), None
for _ in range(repeats):
    t0 = time.perf_counter()
    total = task()
    best = min(best, time.perf_counter() - t0)
print(json.dumps({'ms': best * 1000, 'sum': total}))
