"""A libhdf5 SWMR writer (h5py 3.7 on libhdf5 1.10.8) for the tests of readers that follow one.

    swmr_writer.py DIR plain FRAMES DELAY
        DIR/live.h5 with 'gzip' (chunks of one frame, deflate) and 'plain4' (chunks of four frames,
        no filter), both (0, 16, 32) int32 growing along axis 0, fill value -1; SWMR mode is
        started, DIR/ready is written, then frame i is appended to each dataset (resize, write,
        flush) every DELAY seconds, and the file is closed.
    swmr_writer.py DIR vds FRAMES DELAY
        DIR/s0.h5, s1.h5, s2.h5 each with 'data' (0, 16, 32) int32 (chunks of one frame, deflate),
        each written by a SWMR writer; DIR/vds.h5 with 'interleaved', a virtual dataset (0, 16, 32)
        unlimited along axis 0 whose row r comes from s{r % 3}:data[r // 3] (unlimited mappings),
        and 'blocks', a printf virtual dataset whose rows [4b, 4b + 4) come from p_<b>.h5:data
        (files that appear, complete, one after another while the others grow). Frame r of the
        interleaved dataset is appended to its source, one at a time, every DELAY seconds.

Frame r holds r * 1000 + (y * 32 + x) at (y, x): a reader checks that every frame it sees is
complete and correct.
"""
import os
import sys
import time

import h5py
import numpy as np

H, W = 16, 32
U = h5py.h5s.UNLIMITED


def frame(r):
    return (np.arange(H * W, dtype='<i4') + r * 1000).reshape(H, W)


def create(f, name, chunk_rows, **filters):
    return f.create_dataset(name, shape=(0, H, W), maxshape=(None, H, W), chunks=(chunk_rows, H, W),
                            dtype='<i4', fillvalue=-1, **filters)


def append(d, r):
    n = d.shape[0]
    d.resize((n + 1, H, W))
    d[n] = frame(r)
    d.flush()


def ready(folder):
    with open(os.path.join(folder, 'ready.tmp'), 'w') as m:
        m.write('ready\n')
    os.rename(os.path.join(folder, 'ready.tmp'), os.path.join(folder, 'ready'))


def plain(folder, frames, delay):
    with h5py.File(os.path.join(folder, 'live.h5'), 'w', libver='latest') as f:
        g = create(f, 'gzip', 1, compression='gzip')
        p = create(f, 'plain4', 4)
        f.swmr_mode = True
        ready(folder)
        for r in range(frames):
            append(g, r)
            append(p, r)
            time.sleep(delay)


def printf_block(folder, b):
    tmp = os.path.join(folder, f'p_{b}.tmp')
    with h5py.File(tmp, 'w', libver='latest') as f:
        f.create_dataset('data', data=np.stack([frame(4 * b + k) for k in range(4)]))
    os.rename(tmp, os.path.join(folder, f'p_{b}.h5'))


def vds(folder, frames, delay):
    files = [h5py.File(os.path.join(folder, f's{k}.h5'), 'w', libver='latest') for k in range(3)]
    data = [create(f, 'data', 1, compression='gzip') for f in files]
    with h5py.File(os.path.join(folder, 'vds.h5'), 'w', libver='latest') as v:
        vspace = h5py.h5s.create_simple((0, H, W), (U, H, W))
        dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
        dcpl.set_fill_value(np.array([-1], dtype='<i4'))
        for k in range(3):
            vspace.select_hyperslab((k, 0, 0), (U, 1, 1), stride=(3, 1, 1), block=(1, H, W))
            src = h5py.h5s.create_simple((0, H, W), (U, H, W))
            src.select_hyperslab((0, 0, 0), (U, 1, 1), stride=(1, 1, 1), block=(1, H, W))
            dcpl.set_virtual(vspace, f's{k}.h5'.encode(), b'data', src)
        h5py.h5d.create(v.id, b'interleaved', h5py.h5t.STD_I32LE, vspace, dcpl=dcpl)
        vspace = h5py.h5s.create_simple((0, H, W), (U, H, W))
        vspace.select_hyperslab((0, 0, 0), (U, 1, 1), stride=(4, 1, 1), block=(4, H, W))
        dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
        dcpl.set_fill_value(np.array([-1], dtype='<i4'))
        dcpl.set_virtual(vspace, b'p_%b.h5', b'data', h5py.h5s.create_simple((4, H, W)))
        h5py.h5d.create(v.id, b'blocks', h5py.h5t.STD_I32LE, vspace, dcpl=dcpl)
    for f in files:
        f.swmr_mode = True
    ready(folder)
    for r in range(frames):
        append(data[r % 3], r)
        if r % 4 == 3:
            printf_block(folder, r // 4)
        time.sleep(delay)
    for f in files:
        f.close()


if __name__ == '__main__':
    folder, mode, frames, delay = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
    {'plain': plain, 'vds': vds}[mode](folder, frames, delay)
