"""A libhdf5 SWMR reader (h5py 3.7 on libhdf5 1.10.8) following a file another program writes.

    swmr_follower.py FILE DONE FRAMES DATASET[:first|:last]...

Opens FILE with h5py.File(FILE, 'r', swmr=True) and, until the file DONE exists (then once
more), refreshes each dataset and checks the rows that appeared since: frame r must hold
r * 1000 + (y * W + x), whole (':first' / ':last' open a virtual dataset in that view; in
the last-available view a row of a lagging source may read as fill, -1, whole, until it
arrives; in the first-missing view too, now and then: libhdf5 1.10.8 can size the virtual
dataset from a source's newer extent and clip the read by an older one, seen once in many runs
under load; such a row is read again after the next refresh, and every row must read right by
the end). Shapes must only grow, and be seen growing; at the end each dataset must have FRAMES complete rows.
Prints one JSON line of what it saw; exits 1 with the reason on the first wrong row.
"""
import json
import os
import sys
import time

import h5py
import numpy as np


def open_dataset(f, spec):
    name, _, view = spec.partition(':')
    if not view:
        return f[name], False
    dapl = h5py.h5p.create(h5py.h5p.DATASET_ACCESS)
    dapl.set_virtual_view(h5py.h5d.VDS_FIRST_MISSING if view == 'first' else h5py.h5d.VDS_LAST_AVAILABLE)
    return h5py.Dataset(h5py.h5d.open(f.id, name.encode(), dapl)), True


def check(spec, rows, first, lagging):
    """Returns the end of the leading run of complete rows from first."""
    per = rows[0].size if len(rows) else 0
    pattern = np.arange(per, dtype=np.int64)
    complete = first
    gap = False
    for i, row in enumerate(rows):
        r = first + i
        flat = row.reshape(-1).astype(np.int64)
        if lagging and flat[0] == -1:
            if not (flat == -1).all():
                raise AssertionError(f'{spec}: row {r} is part fill, part data')
            gap = True
            continue
        if not np.array_equal(flat, pattern + r * 1000):
            bad = int(np.argmax(flat != pattern + r * 1000))
            raise AssertionError(f'{spec}: row {r} element {bad} is {flat[bad]}, not {r * 1000 + bad}')
        if not gap:
            complete = r + 1
    return complete


def main():
    path, done_path, frames = sys.argv[1], sys.argv[2], int(sys.argv[3])
    f = h5py.File(path, 'r', swmr=True)
    followed = []
    for spec in sys.argv[4:]:
        d, lagging = open_dataset(f, spec)
        followed.append({'spec': spec, 'd': d, 'lagging': lagging, 'done': 0, 'shape': 0, 'refreshes': 0, 'grew': 0})
    with open(path + '.follower-' + str(os.getpid()), 'w') as m:
        m.write('following\n')
    deadline = time.time() + 240
    while True:
        last = os.path.exists(done_path)
        for s in followed:
            d = s['d']
            d.refresh()
            s['refreshes'] += 1
            n = d.shape[0]
            if n < s['shape']:
                raise AssertionError(f"{s['spec']}: the shape went from {s['shape']} to {n} rows")
            if n > s['shape']:
                s['grew'] += 1
            s['shape'] = n
            if n > s['done']:
                s['done'] = check(s['spec'], d[s['done']:n], s['done'], s['lagging'])
        if last:
            break
        if time.time() > deadline:
            raise AssertionError('the writer did not finish within 240 s')
        time.sleep(0.002)
    for s in followed:
        if s['done'] != frames or s['shape'] != frames:
            raise AssertionError(f"{s['spec']}: {s['done']} complete rows of {s['shape']} at the end, not {frames}")
        if s['grew'] < 2:
            raise AssertionError(f"{s['spec']}: never seen growing while written ({s['grew']} growths)")
    print(json.dumps({s['spec']: {'rows': s['done'], 'refreshes': s['refreshes'], 'grew': s['grew']} for s in followed}))
    f.close()


if __name__ == '__main__':
    try:
        main()
    except AssertionError as e:
        print('FAILED: ' + str(e), flush=True)
        sys.exit(1)
