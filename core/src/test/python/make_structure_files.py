#!/usr/bin/python3
"""Writes files whose link, attribute and chunk index structures span many blocks, for checking
that h5vds finds every block of them (StorageBlocksTest compares the sums with h5stat -F): per
libhdf5 format generation, symbol tables with multi-level B-trees and grown local heaps, dense
groups and dense attributes with creation-order indexes, and chunk indexes of every type with
enough chunks for several levels, pages and super blocks, filtered and not.

Usage: /usr/bin/python3 make_structure_files.py OUTDIR
"""
import os
import sys

import numpy as np
import h5py


def fill(f, label):
    stab = f.create_group("stab_many")
    for i in range(300):                      # > 32 symbol table nodes: a two-level B-tree
        stab.create_group("member_with_a_long_name_%04d" % i)
    for i in range(0, 300, 7):                # a local heap with free blocks
        del stab["member_with_a_long_name_%04d" % i]
    if label != "earliest":
        dense = f.create_group("dense_ordered", track_order=True)
        for i in range(400):
            dense.create_group("link_%04d" % i)
        plain = f.create_group("dense_plain")
        for i in range(200):
            plain["s%03d" % i] = h5py.SoftLink("/dense_plain/somewhere_%d" % i)
    holder = f.create_group("attrs", track_order=(label != "earliest"))
    for i in range(60 if label != "earliest" else 20):
        holder.attrs["attribute_%03d" % i] = np.arange(i + 1, dtype="<i4")
    many = 3000
    kinds = {"fixed": ((many, 4), (many, 4)), "unlimited1": ((many, 4), (None, 4)),
             "unlimited2": ((60, 50), (None, None)), "few": ((8, 4), (8, 4))}
    for name, (shape, maxshape) in kinds.items():
        for comp in (None, "gzip"):
            d = f.create_dataset("%s_%s" % (name, comp or "raw"), shape=shape, maxshape=maxshape, dtype="<i2",
                                 chunks=(1, 4) if name != "unlimited2" else (1, 1), compression=comp)
            d[...] = (np.arange(int(np.prod(shape))) % 1000).reshape(shape)
    f.create_dataset("single", data=np.arange(12, dtype="<i4").reshape(3, 4), chunks=(3, 4), compression="gzip")
    f.create_dataset("contiguous", data=np.arange(5))


def main(out):
    os.makedirs(out, exist_ok=True)
    for label, lib in (("earliest", "earliest"), ("v108", ("v108", "v108")), ("latest", "latest")):
        with h5py.File(os.path.join(out, "structures_%s.h5" % label), "w", libver=lib) as f:
            fill(f, label)


if __name__ == "__main__":
    main(sys.argv[1])
