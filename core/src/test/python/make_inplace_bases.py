#!/usr/bin/python3
"""Writes the files the in-place writing tests start from: one per libhdf5 format generation
(libver earliest: superblock 0, object header 1, symbol-table groups, v1 B-tree chunk indexes;
v108: superblock 2, new-style groups, v1 B-tree chunk indexes; latest: superblock 3, every chunk
index), each with groups of every storage, datasets of every layout and chunk index with and
without filters, and attributes compact and dense.

Usage: /usr/bin/python3 make_inplace_bases.py OUTDIR
"""
import os
import sys

import numpy as np
import h5py
from h5py import h5d, h5p

os.environ.setdefault("HDF5_PLUGIN_PATH", "/usr/lib/x86_64-linux-gnu/hdf5/serial/plugins")
LIBVERS = {"earliest": "earliest", "v108": ("v108", "v108"), "latest": "latest", "latest_fsm": "latest",
           "earliest_ub": "earliest", "latest_ub": "latest"}
# latest_fsm: libver latest keeping its free space across sessions (persistent free-space managers),
# with space freed by deletes so that the managers hold some
# *_ub: a user block before the HDF5 data (every address relative to the superblock, the End of File
# Address counting the user block), with text in it that must survive every change
FILE_SPACE = {"latest_fsm": dict(fs_strategy="fsm", fs_persist=True, fs_threshold=1),
              "earliest_ub": dict(userblock_size=512), "latest_ub": dict(userblock_size=4096)}


def ints(shape, seed):
    return (np.arange(int(np.prod(shape)), dtype="<i4") * 7 + seed).reshape(shape)


def make(path, label):
    lib = LIBVERS[label]
    with h5py.File(path, "w", libver=lib, **FILE_SPACE.get(label, {})) as f:
        f.attrs["title"] = "base " + label
        # groups of every storage this format writes
        small = f.create_group("small")
        for i in range(3):
            small.create_dataset("d%d" % i, data=np.arange(i + 2, dtype="<i2"))
        big = f.create_group("big")
        for i in range(40):
            big.create_group("g%03d" % i)
        big.create_dataset("data", data=np.arange(7, dtype="<f8"))
        if label != "earliest":
            ordered = f.create_group("ordered", track_order=True)
            for name in ("zeta", "alpha", "mid"):
                ordered.create_dataset(name, data=np.zeros(2, dtype="<i4"))
            many_ordered = f.create_group("many_ordered", track_order=True)
            for i in range(12):
                many_ordered.create_group("m%02d" % (11 - i))
        links = f.create_group("links")
        links["soft"] = h5py.SoftLink("/small/d0")
        links["dangling"] = h5py.SoftLink("/nowhere")
        f.create_group("nested/a/b").create_dataset("leaf", data=np.arange(3, dtype="<u1"))
        # datasets of every layout and chunk index
        f.create_dataset("contiguous", data=ints((6, 5), 1))
        f.create_dataset("contiguous_unwritten", shape=(4, 4), dtype="<f4", fillvalue=-1.5)
        dcpl = h5p.create(h5p.DATASET_CREATE)
        dcpl.set_layout(h5d.COMPACT)
        f.create_dataset("compact", data=ints((3, 4), 2), dcpl=dcpl)
        f.create_dataset("chunked", data=ints((10, 12), 3), chunks=(4, 5))
        f.create_dataset("chunked_gzip", data=ints((10, 12), 4), chunks=(4, 5), compression="gzip", shuffle=True)
        f.create_dataset("chunked_fletcher", data=ints((9, 8), 5), chunks=(4, 4), fletcher32=True)
        f.create_dataset("chunked_lzf", data=ints((9, 8), 6), chunks=(4, 4), compression="lzf")
        f.create_dataset("unlimited", data=ints((5, 6), 7), chunks=(2, 6), maxshape=(None, 6))
        f.create_dataset("unlimited_gzip", data=ints((5, 6), 8), chunks=(2, 6), maxshape=(None, 6), compression="gzip")
        f.create_dataset("unlimited_2d", data=ints((6, 7), 9), chunks=(3, 3), maxshape=(None, None))
        f.create_dataset("unlimited_2d_gzip", data=ints((6, 7), 10), chunks=(3, 3), maxshape=(None, None), compression="gzip")
        f.create_dataset("one_chunk", data=ints((4, 5), 11), chunks=(4, 5))
        f.create_dataset("one_chunk_gzip", data=ints((4, 5), 12), chunks=(4, 5), compression="gzip")
        d = f.create_dataset("sparse", shape=(20, 20), dtype="<i8", chunks=(5, 5), fillvalue=-9)
        d[5:9, 11:17] = 3
        f.create_dataset("empty_unlimited", shape=(0, 4), dtype="<f8", chunks=(2, 4), maxshape=(None, 4))
        f.create_dataset("paged", data=ints((40, 40), 13), chunks=(1, 1))
        dcpl = h5p.create(h5p.DATASET_CREATE)
        dcpl.set_chunk((3, 4))
        dcpl.set_alloc_time(h5d.ALLOC_TIME_EARLY)
        sid = h5py.h5s.create_simple((9, 8))
        h5py.Dataset(h5d.create(f.id, b"implicit", h5py.h5t.NATIVE_INT32, sid, dcpl=dcpl))[...] = ints((9, 8), 14)
        # attributes, compact and dense (object header version 1 keeps every one in the header)
        d = f["contiguous"]
        d.attrs["units"] = "counts"
        d.attrs["gain"] = np.array([1.5, 2.5])
        d.attrs["count"] = np.int64(3)
        many = f.create_group("many_attrs")
        for i in range(12):
            many.attrs["a%02d" % i] = np.arange(i + 1, dtype="<i4")
        if label != "earliest":
            t = f.create_group("ordered_attrs", track_order=True)
            for name in ("z", "a", "m"):
                t.attrs[name] = name
    return path


if __name__ == "__main__":
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    with h5py.File(os.path.join(out, "target.h5"), "w") as f:
        f.create_dataset("data", data=np.arange(6, dtype="<i4"))
    for label in LIBVERS:
        make(os.path.join(out, "base_%s.h5" % label), label)
        if label.endswith("_ub"):
            with open(os.path.join(out, "base_%s.h5" % label), "r+b") as raw:
                raw.write(("user block of base_%s.h5\n" % label).encode())
    with h5py.File(os.path.join(out, "base_latest_fsm.h5"), "a") as f:
        f.create_dataset("freed_1", data=np.arange(3000, dtype="<i4"))
        f.create_dataset("freed_2", data=np.arange(500, dtype="<i4"))
    with h5py.File(os.path.join(out, "base_latest_fsm.h5"), "a") as f:
        del f["freed_1"], f["freed_2"]
    print("ok")
