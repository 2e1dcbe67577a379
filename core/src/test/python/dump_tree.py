#!/usr/bin/python3
"""Dumps everything an HDF5 file holds, as h5py (libhdf5 1.10) reads it, as canonical JSON: every
path reachable through hard and soft links (external links are listed, not followed), each
group's links and attributes, each dataset's dtype, shape, maximum shape, chunks, compression,
fill value, attributes and values (flattened in C order; a SHA-1 of the bytes for large ones).

Usage: /usr/bin/python3 dump_tree.py FILE [OUT.json]

The in-place writing tests compare such dumps taken before and after h5vds changed a file,
against a model of what the change should do.
"""
import hashlib
import json
import sys

import numpy as np
import h5py

MAX_VALUES = 20000


def jsonable(v):
    if isinstance(v, (bytes, np.bytes_)):
        return {"bytes": v.decode("utf-8", "replace")}
    if isinstance(v, np.ndarray):
        return [jsonable(x) for x in v.tolist()] if v.ndim else jsonable(v[()])
    if isinstance(v, (list, tuple)):
        return [jsonable(x) for x in v]
    if isinstance(v, (complex, np.complexfloating)):
        return [jsonable(float(v.real)), jsonable(float(v.imag))]
    if isinstance(v, (np.bool_, bool)):
        return bool(v)
    if isinstance(v, np.integer):
        return int(v)
    if isinstance(v, (float, np.floating)):
        f = float(v)
        if f != f:
            return "nan"
        if f in (float("inf"), float("-inf")):
            return "inf" if f > 0 else "-inf"
        return f
    return v


def attr_type(obj, name):
    a = obj.attrs.get_id(name)
    t = a.dtype
    if h5py.check_string_dtype(t) is not None:
        info = h5py.check_string_dtype(t)
        return "str" if info.length is None else "S%d" % info.length
    return t.str


def attributes(obj):
    out = {}
    for name in obj.attrs:
        a = obj.attrs.get_id(name)
        shape = a.shape
        value = obj.attrs[name]
        if isinstance(value, np.ndarray) and value.dtype.kind == "O":
            value = [x.decode("utf-8", "replace") if isinstance(x, bytes) else x for x in value.ravel().tolist()]
        out[name] = {"dtype": attr_type(obj, name), "shape": list(shape) if shape is not None else None, "value": jsonable(value)}
    return out


def dataset(d):
    e = {"kind": "dataset", "dtype": d.dtype.str, "shape": list(d.shape) if d.shape is not None else None,
         "maxshape": list(d.maxshape) if d.maxshape is not None else None, "chunks": list(d.chunks) if d.chunks else None,
         "compression": d.compression, "attrs": attributes(d)}
    if d.dtype.kind in "biufc" and d.shape is not None:
        try:
            e["fill"] = jsonable(d.fillvalue)
            a = d[()]
            if a.size <= MAX_VALUES:
                e["values"] = jsonable(np.asarray(a).ravel())
            else:
                e["sha1"] = hashlib.sha1(np.ascontiguousarray(a).tobytes()).hexdigest()
        except Exception as ex:  # a filter h5py lacks: say so instead of failing the dump
            e["error"] = str(ex)
    return e


def walk(f, group, path, out, seen):
    links = {}
    for name in group:
        link = group.get(name, getlink=True)
        p = path.rstrip("/") + "/" + name
        if isinstance(link, h5py.SoftLink):
            links[name] = {"kind": "soft", "target": link.path}
        elif isinstance(link, h5py.ExternalLink):
            links[name] = {"kind": "external", "target": link.path, "file": link.filename}
            continue
        else:
            links[name] = {"kind": "hard"}
        try:
            obj = group[name]
        except KeyError:
            continue  # a dangling soft link
        addr = h5py.h5o.get_info(obj.id).addr
        if isinstance(obj, h5py.Group):
            if addr in seen:
                out[p] = {"kind": "group", "cycle": True}
                continue
            walk(f, obj, p, out, seen | {addr})
        elif isinstance(obj, h5py.Dataset):
            out[p] = dataset(obj)
        else:
            out[p] = {"kind": "datatype", "dtype": obj.dtype.str, "attrs": attributes(obj)}
    out[path] = {"kind": "group", "links": links, "attrs": attributes(group)}


def dump(path):
    out = {}
    with h5py.File(path, "r") as f:
        walk(f, f, "/", out, {h5py.h5o.get_info(f.id).addr})
    return dict(sorted(out.items()))


if __name__ == "__main__":
    result = json.dumps(dump(sys.argv[1]), sort_keys=True)
    if len(sys.argv) > 2:
        with open(sys.argv[2], "w") as fh:
            fh.write(result)
    else:
        print(result)
