# The reader of SwmrWriteBench: an h5py SWMR reader (libhdf5 1.10.8) following
# /entry/data/data of FILE, as a live viewer would: refresh, and when the shape has grown, read the
# newest frame (checking its stamp, pixel 0). Writes the wall-clock time (ns) each frame was first
# seen to TIMES, one line a frame. Marks FILE.following once open, so the writer starts then.
#
#   /usr/bin/python3 h5py_swmr_watch.py FILE FRAMES TIMES
import sys
import time

import h5py

path, frames, times_out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
seen = []
with h5py.File(path, 'r', swmr=True) as f:
    d = f['entry/data/data']
    open(path + '.following', 'w').close()
    deadline = time.time() + 600
    while len(seen) < frames:
        d.refresh()
        n = d.shape[0]
        if n > len(seen):
            now = time.time_ns()
            seen.extend([now] * (n - len(seen)))
            last = d[n - 1]
            if int(last[0, 0]) != (n - 1) % 65536:
                sys.exit(f'frame {n - 1} has stamp {int(last[0, 0])}')
        else:
            time.sleep(0.0005)
        if time.time() > deadline:
            sys.exit(f'saw {len(seen)} of {frames} frames in 600 s')
with open(times_out, 'w') as t:
    t.write('\n'.join(str(v) for v in seen) + '\n')
