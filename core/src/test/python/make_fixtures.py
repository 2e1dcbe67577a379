#!/usr/bin/python3
"""Writes the h5vds fixture matrix: many small HDF5 files written by libhdf5 (h5py 3.7 on libhdf5
1.10.8, filters from hdf5plugin and Debian's plugins) and OUTDIR/manifest.json describing what is in
them, so that every h5vds test can compare its reading with what the real library wrote and read.

Usage: /usr/bin/python3 make_fixtures.py OUTDIR

Every expected value is h5py's own read of the dataset, saved as .npy (for the zstd filter, which no
reader here has, the array written with write_direct_chunk). Structural expectations (chunk index
type, group storage, object header version and chunk count) are derived from libhdf5's rules and then
checked against h5debug, so the manifest never states something the file does not hold.

Manifest (JSON):
  generator   versions of h5py, libhdf5, numpy, hdf5plugin
  files       [{file, case, libver, superblock, userblock}]
  datasets    [{file, path, case, expected (.npy path or null), dtype (numpy str), shape (null for a
                null dataspace), maxshape (null for unlimited axes), chunks, layout (compact/contiguous/
                chunked/virtual), index (single/implicit/fixed/fixed-paged/extensible/btree2/btree1 or
                null), filters [{id, name, flags, values}], fill {defined, value, alloc_time, fill_time},
                allocated_chunks, chunk_filter_masks, storage_size, object_header {version, chunks},
                readable_by_h5py}]
  groups      [{file, path, case, storage (symbol_table/compact/dense), object_header,
                members [{name, kind (group/dataset/datatype/soft/external), target, file}]}]
  attributes  [{file, object, name, case, dtype, shape, string {vlen, encoding, length} or null,
                value (JSON) or null, expected (.npy) or null}]
  corrupt     bad files made by make_corrupt.py, with the error kind h5vds must raise (see there)
  typed       datasets of every other datatype made by make_types.py, with h5py's read (see there)
"""
import ctypes
import ctypes.util
import json
import os
import re
import shutil
import subprocess
import sys

import numpy as np

os.environ.setdefault("HDF5_PLUGIN_PATH", "/usr/lib/x86_64-linux-gnu/hdf5/serial/plugins")
import h5py  # noqa: E402
import hdf5plugin  # noqa: E402
import zstandard  # noqa: E402

sys.dont_write_bytecode = True   # keep the source tree free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_corrupt  # noqa: E402
import make_types  # noqa: E402

from h5py import h5d, h5p, h5s, h5t, h5z, h5f, h5g, h5o  # noqa: E402

SEED = 20240611
NUMERIC = ["int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
           "float16", "float32", "float64", "complex64", "complex128", "bool"]
ZSTD_ID = 32015

LAYOUTS = {h5d.COMPACT: "compact", h5d.CONTIGUOUS: "contiguous", h5d.CHUNKED: "chunked", h5d.VIRTUAL: "virtual"}
ALLOC = {h5d.ALLOC_TIME_DEFAULT: "default", h5d.ALLOC_TIME_EARLY: "early", h5d.ALLOC_TIME_INCR: "incr",
         h5d.ALLOC_TIME_LATE: "late"}
FILL_TIME = {h5d.FILL_TIME_ALLOC: "alloc", h5d.FILL_TIME_NEVER: "never", h5d.FILL_TIME_IFSET: "ifset"}
FILL_DEFINED = {h5d.FILL_VALUE_UNDEFINED: "undefined", h5d.FILL_VALUE_DEFAULT: "default",
                h5d.FILL_VALUE_USER_DEFINED: "user"}
H5DEBUG_INDEX = {"v1 B-tree": "btree1", "Single Chunk": "single", "Implicit": "implicit", "Fixed Array": "fixed",
                 "Extensible Array": "extensible", "v2 B-tree": "btree2"}


def jsonable(v):
    """A NumPy or h5py value as plain JSON: complex as [re, im], non-finite floats as strings, bytes decoded."""
    if isinstance(v, (bytes, np.bytes_)):
        return v.decode("utf-8", "replace")
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


def values(dtype, shape, rng, smooth=False):
    """Deterministic data of a dtype: full-range integers, normal floats (with NaN/inf/-0 when not smooth),
    or compressible ramps when smooth."""
    dt = np.dtype(dtype)
    n = int(np.prod(shape, dtype=np.int64))
    if smooth:
        base = (np.arange(n) % 251) + rng.integers(0, 3, n)
        if dt.kind == "b":
            return (base % 3 == 0).reshape(shape)
        if dt.kind == "c":
            return (base + 1j * base[::-1]).astype(dt).reshape(shape)
        if dt.kind == "f":
            return (base * 0.25).astype(dt).reshape(shape)
        return base.astype(dt).reshape(shape)
    if dt.kind == "b":
        return rng.integers(0, 2, n).astype(bool).reshape(shape)
    if dt.kind in "iu":
        info = np.iinfo(dt)
        return rng.integers(info.min, info.max, n, dtype=dt.newbyteorder("="), endpoint=True).astype(dt).reshape(shape)
    if dt.kind == "f":
        a = (rng.normal(size=n) * 100).astype(dt)
        specials = np.array([np.nan, np.inf, -np.inf, -0.0], dtype=dt)
        a[:min(n, 4)] = specials[:min(n, 4)]
        return a.reshape(shape)
    return (rng.normal(size=n) + 1j * rng.normal(size=n)).astype(dt).reshape(shape)


class Matrix:
    def __init__(self, out):
        self.out = out
        self.rng = np.random.default_rng(SEED)
        self.m = {"generator": {"script": "make_fixtures.py", "h5py": h5py.version.version,
                                "hdf5": h5py.version.hdf5_version, "numpy": np.__version__,
                                "hdf5plugin": hdf5plugin.version},
                  "files": [], "datasets": [], "groups": [], "attributes": [], "corrupt": [], "typed": []}

    # ---- files -------------------------------------------------------------------------------

    def path(self, name):
        return os.path.join(self.out, name)

    def file(self, name, case, libver=None, userblock=0, **kw):
        superblock = {"earliest": 0, "latest": 3, ("v108", "v108"): 2}[libver]
        self.m["files"].append({"file": name, "case": case, "libver": libver, "userblock": userblock,
                                "superblock": superblock})
        args = dict(kw)
        if libver is not None:
            args["libver"] = libver
        if userblock:
            args["userblock_size"] = userblock
        return h5py.File(self.path(name), "w", **args)

    def finish_file_info(self):
        for f in self.m["files"]:
            with open(self.path(f["file"]), "rb") as fh:
                data = fh.read(4096 * 4)
            at = 0
            while at < len(data) and data[at:at + 8] != b"\x89HDF\r\n\x1a\n":
                at = 512 if at == 0 else at * 2
            assert at == f["userblock"], (f["file"], at)
            assert data[at + 8] == f["superblock"], (f["file"], data[at + 8], f["superblock"])

    # ---- recording ---------------------------------------------------------------------------

    def expected_name(self, file, path, suffix=""):
        stem = os.path.splitext(file)[0]
        name = path.strip("/").replace("/", "__") or "root"
        rel = os.path.join("expected", stem, name + suffix + ".npy")
        os.makedirs(os.path.dirname(self.path(rel)), exist_ok=True)
        return rel

    def dataset(self, file, path, case, index=None, expected=None):
        """Records a dataset of a closed file, reading it back with h5py; `index` is the chunk index type
        libhdf5's rules give, checked against h5debug; `expected` overrides h5py's read (unreadable filters)."""
        with h5py.File(self.path(file), "r") as f:
            ds = f[path]
            dcpl = ds.id.get_create_plist()
            layout = LAYOUTS[dcpl.get_layout()]
            filters = []
            for i in range(dcpl.get_nfilters()):
                code, flags, vals, name = dcpl.get_filter(i)
                filters.append({"id": code, "name": name.decode("ascii", "replace"), "flags": flags, "values": list(vals)})
            readable = all(h5z.filter_avail(flt["id"]) for flt in filters)
            shape = ds.shape
            rel = None
            if shape is not None:
                rel = self.expected_name(file, path)
                arr = expected if expected is not None else ds[...] if shape == () else ds[()]
                assert arr.shape == shape and arr.dtype == ds.dtype, (file, path, arr.shape, arr.dtype)
                np.save(self.path(rel), arr)
            fill = {"defined": FILL_DEFINED[dcpl.fill_value_defined()], "alloc_time": ALLOC[dcpl.get_alloc_time()],
                    "fill_time": FILL_TIME[dcpl.get_fill_time()],
                    "value": jsonable(ds.fillvalue) if ds.dtype.kind in "biufc" else None}
            masks, nchunks = [], None
            if layout == "chunked" and shape is not None:
                nchunks = ds.id.get_num_chunks()
                masks = sorted({ds.id.get_chunk_info(i).filter_mask for i in range(nchunks)})
            entry = {"file": file, "path": path, "case": case, "expected": rel, "dtype": ds.dtype.str,
                     "shape": list(shape) if shape is not None else None,
                     "maxshape": list(ds.maxshape) if ds.maxshape is not None else None,
                     "chunks": list(ds.chunks) if ds.chunks else None, "layout": layout, "index": index,
                     "filters": filters, "fill": fill, "allocated_chunks": nchunks, "chunk_filter_masks": masks,
                     "storage_size": ds.id.get_storage_size(), "readable_by_h5py": readable}
            addr = h5o.get_info(ds.id).addr
        header = h5debug(self.path(file), addr)
        entry["object_header"] = header_summary(header)
        if layout == "chunked":
            found = re.search(r"Index Type:\s+(.+)", header)
            kind = H5DEBUG_INDEX[found.group(1).strip()]
            assert index is not None and index.startswith(kind), f"{file}:{path}: h5debug says {kind}, expected {index}"
        else:
            assert index is None, (file, path, index)
        self.m["datasets"].append(entry)
        return entry

    def group(self, file, path, case, storage):
        with h5py.File(self.path(file), "r") as f:
            g = f[path]
            members = []
            # in the order h5py lists them: creation order where the group tracks it, else by name
            for name in g.keys():
                link = g.get(name, getlink=True)
                if isinstance(link, h5py.SoftLink):
                    members.append({"name": name, "kind": "soft", "target": link.path})
                elif isinstance(link, h5py.ExternalLink):
                    members.append({"name": name, "kind": "external", "target": link.path, "file": link.filename})
                else:
                    cls = g.get(name, getclass=True)
                    kind = {h5py.Group: "group", h5py.Dataset: "dataset", h5py.Datatype: "datatype"}[cls]
                    members.append({"name": name, "kind": kind})
            addr = h5o.get_info(g.id).addr
        header = h5debug(self.path(file), addr)
        if "`stab'" in header:
            found = "symbol_table"
        else:
            heap = re.search(r"'Dense' link storage fractal heap address:\s+(\S+)", header)
            found = "dense" if heap and heap.group(1) not in ("UNDEF", "18446744073709551615") else "compact"
        assert found == storage, f"{file}:{path}: h5debug shows {found} storage, expected {storage}"
        self.m["groups"].append({"file": file, "path": path, "case": case, "storage": storage, "members": members,
                                 "object_header": header_summary(header)})

    def attributes(self, file, obj, case):
        """Records every attribute of an object."""
        with h5py.File(self.path(file), "r") as f:
            o = f[obj]
            for name in o.attrs:
                aid = h5py.h5a.open(o.id, name.encode("utf-8"))
                tid = aid.get_type()
                string = None
                if isinstance(tid, h5t.TypeStringID):
                    string = {"vlen": bool(tid.is_variable_str()),
                              "encoding": "utf-8" if tid.get_cset() == h5t.CSET_UTF8 else "ascii",
                              "length": None if tid.is_variable_str() else tid.get_size()}
                space = aid.get_space()
                null = space.get_simple_extent_type() == h5s.NULL
                v = o.attrs[name]
                entry = {"file": file, "object": obj, "name": name, "case": case, "string": string,
                         "dtype": None if string else np.dtype(aid.dtype).str,
                         "shape": None if null else list(aid.shape), "value": None, "expected": None}
                if null:
                    pass
                elif string is not None:
                    entry["value"] = jsonable(v)
                elif np.asarray(v).size <= 16:
                    entry["value"] = jsonable(np.asarray(v))
                else:
                    rel = self.expected_name(file, obj, "@" + name)
                    np.save(self.path(rel), np.asarray(v))
                    entry["expected"] = rel
                self.m["attributes"].append(entry)

    def save(self):
        self.finish_file_info()
        with open(self.path("manifest.json"), "w") as fh:
            json.dump(self.m, fh, indent=1, sort_keys=False)
            fh.write("\n")


def h5debug(file, addr):
    r = subprocess.run(["h5debug", file, str(addr)], capture_output=True, text=True, timeout=60)
    if r.returncode != 0:
        raise RuntimeError(f"h5debug {file} {addr} failed: {r.stderr}")
    return r.stdout


def header_summary(text):
    version = int(re.search(r"^Version:\s+(\d+)", text, re.M).group(1))
    chunks = int(re.search(r"Number of chunks \(allocated\):\s+(\d+)", text).group(1))
    return {"version": version, "chunks": chunks}


# ---- the cases --------------------------------------------------------------------------------

def set_istore_k(fcpl, k):
    """H5Pset_istore_k, which h5py does not wrap, called in the libhdf5 h5py itself loaded (the same handle)."""
    lib = ctypes.CDLL(ctypes.util.find_library("hdf5_serial") or "libhdf5_serial.so.103")
    lib.H5Pset_istore_k.argtypes = [ctypes.c_int64, ctypes.c_uint]
    lib.H5Pset_istore_k.restype = ctypes.c_int
    if lib.H5Pset_istore_k(fcpl.id, k) < 0:
        raise RuntimeError("H5Pset_istore_k failed")


def chunked_low_level(f, name, data, chunks, maxshape=None, alloc=None, fill=None):
    """A chunked dataset through the low-level API, for the properties h5py's create_dataset lacks."""
    dcpl = h5p.create(h5p.DATASET_CREATE)
    dcpl.set_chunk(chunks)
    if alloc is not None:
        dcpl.set_alloc_time(alloc)
    if fill is not None:
        dcpl.set_fill_value(np.array(fill, dtype=data.dtype))
    space = h5s.create_simple(data.shape, maxshape or data.shape)
    dsid = h5d.create(f.id, name.encode(), h5t.py_create(data.dtype), space, dcpl=dcpl)
    ds = h5py.Dataset(dsid)
    ds[...] = data
    return ds


def layouts_latest(mx):
    """libver latest (superblock v3, layout v4): every chunk index type, compact and contiguous."""
    rng = mx.rng
    name = "layouts_latest.h5"
    with mx.file(name, "layouts, latest format: every chunk index", libver="latest") as f:
        f.create_dataset("contiguous", data=values("<i4", (20, 30), rng))
        f.create_dataset("contiguous_unwritten", shape=(10, 10), dtype="<f8", fillvalue=-2.5)
        dcpl = h5p.create(h5p.DATASET_CREATE)
        dcpl.set_layout(h5d.COMPACT)
        f.create_dataset("compact", data=values("<i2", (6, 7), rng), dcpl=dcpl)
        f.create_dataset("single_chunk", data=values("<i4", (10, 12), rng), chunks=(10, 12))
        f.create_dataset("single_chunk_gzip", data=values("<f4", (10, 12), rng, smooth=True), chunks=(10, 12),
                         compression="gzip")
        f.create_dataset("single_chunk_unwritten", shape=(8, 8), dtype="<i4", chunks=(8, 8), fillvalue=42)
        chunked_low_level(f, "implicit", values("<u2", (20, 30), rng), (6, 7), alloc=h5d.ALLOC_TIME_EARLY)
        f.create_dataset("fixed", data=values("<i8", (40, 50), rng), chunks=(7, 9))
        f.create_dataset("fixed_gzip", data=values("<i4", (40, 50), rng, smooth=True), chunks=(7, 9),
                         compression="gzip", compression_opts=4)
        d = f.create_dataset("fixed_partial", shape=(40, 50), dtype="<i4", chunks=(8, 10))
        d[0:8, 0:10] = values("<i4", (8, 10), rng)
        d[17:30, 33:50] = values("<i4", (13, 17), rng)
        f.create_dataset("fixed_paged", data=values("<i2", (100, 110), rng), chunks=(3, 3))
        d = f.create_dataset("fixed_paged_partial", shape=(100, 110), dtype="<f4", chunks=(3, 3), fillvalue=1.5)
        d[50:99, 3:40] = values("<f4", (49, 37), rng, smooth=True)
        f.create_dataset("extensible", data=values("<i4", (50, 20), rng), chunks=(4, 20), maxshape=(None, 20))
        f.create_dataset("extensible_many", data=values("<i1", (3000,), rng), chunks=(2,), maxshape=(None,))
        d = f.create_dataset("extensible_gzip", data=values("<f8", (64, 16), rng, smooth=True), chunks=(5, 16),
                             maxshape=(None, 16), compression="gzip", shuffle=True)
        d = f.create_dataset("extensible_appended", shape=(0, 8), dtype="<u4", chunks=(3, 8), maxshape=(None, 8),
                             fillvalue=7)
        for step in range(10):
            d.resize(d.shape[0] + 5, axis=0)
            if step % 3 != 1:
                d[-5:] = values("<u4", (5, 8), rng)
        d = f.create_dataset("extensible_middle_axis", shape=(4, 30, 5), dtype="<i2", chunks=(2, 4, 5),
                             maxshape=(4, None, 5))
        d[:, :13] = values("<i2", (4, 13, 5), rng)
        f.create_dataset("btree2", data=values("<i4", (30, 40), rng), chunks=(4, 5), maxshape=(None, None))
        f.create_dataset("btree2_deep", data=values("<u1", (60, 80), rng), chunks=(2, 2), maxshape=(None, None))
        f.create_dataset("btree2_gzip", data=values("<f4", (30, 40), rng, smooth=True), chunks=(4, 5),
                         maxshape=(None, None), compression="gzip")
        d = f.create_dataset("btree2_partial", shape=(30, 40), dtype="<i8", chunks=(4, 5), maxshape=(None, None),
                             fillvalue=-9)
        d[5:13, 7:21] = values("<i8", (8, 14), rng)
    for path, idx in [("contiguous", None), ("contiguous_unwritten", None), ("compact", None),
                      ("single_chunk", "single"), ("single_chunk_gzip", "single"), ("single_chunk_unwritten", "single"),
                      ("implicit", "implicit"), ("fixed", "fixed"), ("fixed_gzip", "fixed"), ("fixed_partial", "fixed"),
                      ("fixed_paged", "fixed-paged"), ("fixed_paged_partial", "fixed-paged"),
                      ("extensible", "extensible"), ("extensible_many", "extensible"),
                      ("extensible_gzip", "extensible"), ("extensible_appended", "extensible"),
                      ("extensible_middle_axis", "extensible"), ("btree2", "btree2"), ("btree2_deep", "btree2"),
                      ("btree2_gzip", "btree2"), ("btree2_partial", "btree2")]:
        mx.dataset(name, "/" + path, "latest " + path, idx)


def layouts_earliest(mx):
    """libver earliest (superblock v0, object header v1, layout v3): v1 B-tree chunk index."""
    rng = mx.rng
    name = "layouts_earliest.h5"
    with mx.file(name, "layouts, earliest format", libver="earliest") as f:
        f.create_dataset("contiguous", data=values("<f8", (25, 4), rng))
        f.create_dataset("contiguous_unwritten", shape=(5, 5), dtype="<i2", fillvalue=-3)
        dcpl = h5p.create(h5p.DATASET_CREATE)
        dcpl.set_layout(h5d.COMPACT)
        f.create_dataset("compact", data=values("<u1", (10, 3), rng), dcpl=dcpl)
        f.create_dataset("btree1", data=values("<i4", (30, 40), rng), chunks=(4, 5))
        f.create_dataset("btree1_deep", data=values("<i2", (90, 90), rng), chunks=(3, 3))
        f.create_dataset("btree1_gzip", data=values("<f4", (30, 40), rng, smooth=True), chunks=(7, 6),
                         compression="gzip", compression_opts=9)
        f.create_dataset("btree1_unlimited", data=values("<i8", (33,), rng), chunks=(8,), maxshape=(None,))
        d = f.create_dataset("btree1_partial", shape=(30, 40), dtype="<u2", chunks=(4, 5), fillvalue=999)
        d[10:20, 0:6] = values("<u2", (10, 6), rng)
        f.create_dataset("btree1_unwritten", shape=(10,), dtype="<f4", chunks=(4,))
        f.create_dataset("btree1_3d", data=values("<i4", (5, 6, 7), rng), chunks=(2, 3, 4))
    for path, idx in [("contiguous", None), ("contiguous_unwritten", None), ("compact", None),
                      ("btree1", "btree1"), ("btree1_deep", "btree1"), ("btree1_gzip", "btree1"),
                      ("btree1_unlimited", "btree1"), ("btree1_partial", "btree1"), ("btree1_unwritten", "btree1"),
                      ("btree1_3d", "btree1")]:
        mx.dataset(name, "/" + path, "earliest " + path, idx)


def superblocks(mx):
    """Superblock v2 (libver v108), v1 (non-default istore_k) and a file behind a user block."""
    rng = mx.rng
    with mx.file("superblock_v2.h5", "libver v108: superblock v2", libver=("v108", "v108")) as f:
        f.create_dataset("data", data=values("<i4", (10, 10), rng), chunks=(5, 5))
        f.create_dataset("extensible", data=values("<f8", (12,), rng), chunks=(5,), maxshape=(None,))
        f.create_group("group").create_dataset("x", data=np.arange(5, dtype="<i2"))
    # the 1.8 format has layout message version 3: every chunked dataset uses a v1 B-tree
    mx.dataset("superblock_v2.h5", "/data", "v108 chunked", "btree1")
    mx.dataset("superblock_v2.h5", "/extensible", "v108 chunked unlimited", "btree1")
    mx.dataset("superblock_v2.h5", "/group/x", "v108 contiguous in a group")

    fcpl = h5p.create(h5p.FILE_CREATE)
    set_istore_k(fcpl, 64)
    fapl = h5p.create(h5p.FILE_ACCESS)
    fapl.set_libver_bounds(h5f.LIBVER_EARLIEST, h5f.LIBVER_LATEST)
    fid = h5f.create(mx.path("superblock_v1.h5").encode(), h5f.ACC_TRUNC, fcpl=fcpl, fapl=fapl)
    mx.m["files"].append({"file": "superblock_v1.h5", "case": "istore_k 64: superblock v1", "libver": "earliest",
                          "userblock": 0, "superblock": 1})
    with h5py.File(fid) as f:
        f.create_dataset("chunked", data=values("<i4", (40, 40), rng), chunks=(2, 5))
        f.create_dataset("contiguous", data=values("<u8", (7,), rng))
    mx.dataset("superblock_v1.h5", "/chunked", "superblock v1, istore_k 64", "btree1")
    mx.dataset("superblock_v1.h5", "/contiguous", "superblock v1 contiguous")

    for libver, label in [("earliest", "earliest"), ("latest", "latest")]:
        fname = f"userblock_{label}.h5"
        with mx.file(fname, f"512-byte user block, {label}", libver=libver, userblock=512) as f:
            f.create_dataset("data", data=values("<f4", (6, 9), rng), chunks=(3, 3))
            f.create_dataset("contiguous", data=values("<i2", (11,), rng))
        with open(mx.path(fname), "r+b") as fh:
            fh.write(b"h5vds user block: not HDF5 bytes\n")
        mx.dataset(fname, "/data", f"user block {label}", "btree1" if label == "earliest" else "fixed")
        mx.dataset(fname, "/contiguous", f"user block {label} contiguous")


def filters(mx):
    """Every filter the oracles can write, alone and combined, on chunks with partial edges."""
    rng = mx.rng
    name = "filters.h5"
    shape, chunks = (20, 30), (8, 16)
    cases = []
    with mx.file(name, "every filter", libver="latest") as f:
        def add(path, dtype, **kw):
            f.create_dataset(path, data=values(dtype, shape, rng, smooth=True), chunks=chunks, **kw)
            cases.append(path)

        for level in (1, 4, 9):
            add(f"gzip_{level}", "<i4", compression="gzip", compression_opts=level)
        add("shuffle", "<i2", shuffle=True)
        add("shuffle_gzip", "<f8", shuffle=True, compression="gzip")
        add("fletcher32", "<u4", fletcher32=True)
        add("shuffle_gzip_fletcher32", ">i4", shuffle=True, compression="gzip", fletcher32=True)
        add("lzf", "<f4", compression="lzf")
        add("lzf_fletcher32", "<i8", compression="lzf", fletcher32=True)
        add("lz4", "<i4", **hdf5plugin.LZ4())
        add("lz4_blocks", "<i8", **hdf5plugin.LZ4(nbytes=256))
        add("shuffle_lz4", "<u2", shuffle=True, **hdf5plugin.LZ4())
        for cname in ("none", "lz4", "zstd"):
            add(f"bitshuffle_{cname}", "<u2", **hdf5plugin.Bitshuffle(cname=cname))
        add("bitshuffle_lz4_f8", "<f8", **hdf5plugin.Bitshuffle(cname="lz4"))
        blosc_shuffles = {"noshuffle": hdf5plugin.Blosc.NOSHUFFLE, "shuffle": hdf5plugin.Blosc.SHUFFLE,
                          "bitshuffle": hdf5plugin.Blosc.BITSHUFFLE}
        for cname in ("blosclz", "lz4", "lz4hc", "snappy", "zlib", "zstd"):
            for sname, mode in blosc_shuffles.items():
                add(f"blosc_{cname}_{sname}", "<i4", **hdf5plugin.Blosc(cname=cname, clevel=5, shuffle=mode))
        add("bzip2", "<f4", **hdf5plugin.BZip2(blocksize=9))
        add("bzip2_small_blocks", "<i2", **hdf5plugin.BZip2(blocksize=1))
        add("scaleoffset_int", "<i4", scaleoffset=0)
        add("scaleoffset_int_bits", "<u2", scaleoffset=5)
        add("scaleoffset_float", "<f4", scaleoffset=2)
        add("scaleoffset_double", "<f8", scaleoffset=3)
        add("scaleoffset_gzip", "<i2", scaleoffset=0, compression="gzip")
        add("gzip_bigendian", ">f8", compression="gzip", shuffle=True)
        # zstd (32015): no writer here, so the chunks are compressed with the zstandard module and
        # stored with write_direct_chunk; h5py cannot read them back, the input array is the expectation
        zstd_data = {}
        for level in (1, 19):
            data = values("<i4", shape, rng, smooth=True)
            d = f.create_dataset(f"zstd_{level}", shape=shape, dtype="<i4", chunks=chunks, compression=ZSTD_ID,
                                 compression_opts=(level,), allow_unknown_filter=True)
            cctx = zstandard.ZstdCompressor(level=level)
            for r in range(0, shape[0], chunks[0]):
                for c in range(0, shape[1], chunks[1]):
                    block = np.zeros(chunks, dtype="<i4")
                    part = data[r:r + chunks[0], c:c + chunks[1]]
                    block[:part.shape[0], :part.shape[1]] = part
                    d.id.write_direct_chunk((r, c), cctx.compress(block.tobytes()))
            zstd_data[f"zstd_{level}"] = data
    for path in cases:
        mx.dataset(name, "/" + path, "filter " + path, "fixed")
    for path, data in zstd_data.items():
        mx.dataset(name, "/" + path, "filter " + path + " (written with write_direct_chunk)", "fixed", expected=data)

    # the v1 B-tree index stores per-chunk sizes and filter masks differently: a few filters there too
    name = "filters_earliest.h5"
    with mx.file(name, "filters under a v1 B-tree", libver="earliest") as f:
        f.create_dataset("gzip", data=values("<i4", shape, rng, smooth=True), chunks=chunks, compression="gzip")
        f.create_dataset("shuffle_lzf", data=values("<f4", shape, rng, smooth=True), chunks=chunks,
                         compression="lzf", shuffle=True)
        f.create_dataset("fletcher32_bitshuffle_lz4", data=values("<u2", shape, rng, smooth=True), chunks=chunks,
                         fletcher32=True, **hdf5plugin.Bitshuffle(cname="lz4"))
    for path in ("gzip", "shuffle_lzf", "fletcher32_bitshuffle_lz4"):
        mx.dataset(name, "/" + path, "earliest filter " + path, "btree1")


def dtypes(mx):
    """The 14 numeric dtypes in both byte orders; scalar, empty and null-dataspace datasets."""
    rng = mx.rng
    name = "dtypes.h5"
    recorded = []
    with mx.file(name, "numeric dtypes, both byte orders", libver="latest") as f:
        for n in NUMERIC:
            orders = "<>" if np.dtype(n).itemsize > 1 else "|"
            for o in orders:
                dt = np.dtype(n) if o == "|" else np.dtype(n).newbyteorder(o)
                label = f"{n}_{'le' if o == '<' else 'be' if o == '>' else 'na'}"
                f.create_dataset(label, data=values(dt, (4, 5), rng))
                f.create_dataset("chunked_" + label, data=values(dt, (9, 5), rng), chunks=(4, 5),
                                 compression="gzip", shuffle=True)
                f.create_dataset("scalar_" + label, data=values(dt, (), rng))
                recorded += [(label, None), ("chunked_" + label, "fixed"), ("scalar_" + label, None)]
        f.create_dataset("empty_1d", shape=(0,), dtype="<f4")
        f.create_dataset("empty_2d", shape=(5, 0), dtype=">i4")
        f.create_dataset("empty_chunked", shape=(0, 4), dtype="<u2", chunks=(2, 4), maxshape=(None, 4))
        f.create_dataset("null", data=h5py.Empty("<f8"))
        f.create_dataset("null_int", data=h5py.Empty(">i2"))
        recorded += [("empty_1d", None), ("empty_2d", None), ("empty_chunked", "extensible"), ("null", None),
                     ("null_int", None)]
    for path, idx in recorded:
        mx.dataset(name, "/" + path, "dtype " + path, idx)

    name = "dtypes_earliest.h5"
    with mx.file(name, "big-endian and unsigned data, earliest format", libver="earliest") as f:
        f.create_dataset("be_f8", data=values(">f8", (6, 5), rng))
        f.create_dataset("be_i2_chunked", data=values(">i2", (13, 7), rng), chunks=(4, 4), compression="gzip")
        f.create_dataset("be_u8", data=values(">u8", (10,), rng))
        f.create_dataset("scalar_be_f4", data=values(">f4", (), rng))
    for path, idx in [("be_f8", None), ("be_i2_chunked", "btree1"), ("be_u8", None), ("scalar_be_f4", None)]:
        mx.dataset(name, "/" + path, "earliest " + path, idx)


def groups(mx):
    """Symbol-table, compact and dense groups; soft, external and hard links; a committed datatype."""
    rng = mx.rng
    with mx.file("external_target.h5", "target of external links", libver="latest") as f:
        f.create_dataset("target_data", data=values("<i4", (3, 4), rng))
        f.create_group("target_group").create_dataset("inner", data=np.arange(6, dtype="<f8"))
    mx.dataset("external_target.h5", "/target_data", "external link target")
    mx.dataset("external_target.h5", "/target_group/inner", "external link target in a group")
    mx.group("external_target.h5", "/", "external target root", "compact")

    name = "groups_latest.h5"
    with mx.file(name, "groups in the latest format", libver="latest") as f:
        c = f.create_group("compact")
        for i in range(5):
            c.create_dataset(f"d{i}", data=np.full((2,), i, dtype="<i4"))
        c.create_group("sub")
        d = f.create_group("dense")
        for i in range(20):
            d.create_group(f"member_{i:02d}")
        many = f.create_group("many")
        for i in range(320):
            many.create_dataset(f"item{i:04d}", data=np.array([i], dtype="<i2"))
        n = f.create_group("nested/a/b/c")
        n.create_dataset("leaf", data=np.arange(4, dtype="<u1"))
        links = f.create_group("links")
        links["soft_to_data"] = h5py.SoftLink("/compact/d1")
        links["soft_to_group"] = h5py.SoftLink("/nested/a")
        links["dangling"] = h5py.SoftLink("/no/such/object")
        links["external_data"] = h5py.ExternalLink("external_target.h5", "/target_data")
        links["external_group"] = h5py.ExternalLink("external_target.h5", "/target_group")
        links["hard_to_data"] = f["compact/d2"]
        utf = f.create_group("unicode")
        utf.create_dataset("α-β", data=np.arange(3, dtype="<i4"))
        utf.create_group("データ")
        o = f.create_group("ordered", track_order=True)
        for nm in ("zeta", "alpha", "mid"):
            o.create_dataset(nm, data=np.zeros(1, dtype="<i4"))
        f["committed_i2"] = np.dtype(">i2")
        f.create_dataset("uses_committed", data=np.arange(10, dtype=">i2"), dtype=f["committed_i2"])
    for path, storage in [("/", "dense"), ("/compact", "compact"), ("/dense", "dense"), ("/many", "dense"),
                          ("/nested/a/b/c", "compact"), ("/nested", "compact"), ("/links", "compact"),
                          ("/unicode", "compact"), ("/ordered", "compact")]:
        mx.group(name, path, "latest group " + path, storage)
    mx.dataset(name, "/many/item0319", "dataset in a dense group")
    mx.dataset(name, "/nested/a/b/c/leaf", "nested dataset")
    mx.dataset(name, "/unicode/α-β", "UTF-8 link name")
    mx.dataset(name, "/uses_committed", "committed datatype")

    name = "groups_earliest.h5"
    with mx.file(name, "symbol-table groups", libver="earliest") as f:
        s = f.create_group("small")
        for i in range(3):
            s.create_dataset(f"d{i}", data=np.full((2,), i, dtype="<i4"))
        big = f.create_group("big")
        for i in range(330):
            big.create_group(f"g{i:04d}")
        big.create_dataset("data", data=np.arange(7, dtype="<i8"))
        f.create_group("nested/x/y").create_dataset("leaf", data=np.arange(3, dtype="<f4"))
        links = f.create_group("links")
        links["soft"] = h5py.SoftLink("/small/d0")
        links["dangling"] = h5py.SoftLink("/nowhere")
        f.create_group("with_external")["external_data"] = h5py.ExternalLink("external_target.h5", "/target_data")
    for path, storage in [("/", "symbol_table"), ("/small", "symbol_table"), ("/big", "symbol_table"),
                          ("/nested/x/y", "symbol_table"), ("/links", "symbol_table"),
                          # an external link needs a link message: libhdf5 converts the group to the new format
                          ("/with_external", "compact")]:
        mx.group(name, path, "earliest group " + path, storage)
    mx.dataset(name, "/big/data", "dataset in a large symbol-table group")
    mx.dataset(name, "/nested/x/y/leaf", "nested dataset, earliest")


def attributes(mx):
    """Attributes of every kind; object headers grown into continuation blocks after creation."""
    rng = mx.rng
    for libver, label in [("latest", "latest"), ("earliest", "earliest")]:
        name = f"attributes_{label}.h5"
        with mx.file(name, f"attributes, {label} format", libver=libver) as f:
            g = f.create_group("entry")
            g.attrs["NX_class"] = "NXentry"
            g.attrs["i32"] = np.int32(-7)
            g.attrs["u8"] = np.uint8(200)
            g.attrs["f64"] = 2.5
            g.attrs["f32_be"] = np.array(1.25, dtype=">f4")
            g.attrs["c128"] = np.complex128(1 - 2j)
            g.attrs["bool"] = np.bool_(True)
            g.attrs["i16_array"] = np.arange(6, dtype="<i2").reshape(2, 3)
            g.attrs["f64_big_array"] = values("<f8", (5, 7), rng)
            g.attrs["u64_be_array"] = values(">u8", (4,), rng)
            g.attrs["fixed_ascii"] = np.bytes_("fixed text")
            g.attrs.create("fixed_utf8", "grüße".encode("utf-8"), dtype=h5py.string_dtype("utf-8", 12))
            g.attrs.create("vlen_ascii", "variable ascii", dtype=h5py.string_dtype("ascii"))
            g.attrs["vlen_utf8"] = "ünïcødé ✓"
            g.attrs["vlen_array"] = np.array(["a", "bc", "défg"], dtype=h5py.string_dtype())
            g.attrs["fixed_array"] = np.array([b"x", b"yz", b"abc"], dtype="S3")
            g.attrs["empty"] = h5py.Empty("<i4")
            d = g.create_dataset("data", data=values("<i4", (3, 3), rng))
            d.attrs["NX_class"] = "NXdata"
            d.attrs["units"] = "counts"
            d.attrs["scale"] = np.float32(0.5)
            # attributes added one by one after creation: the header grows continuation blocks
            # (v1 always; v2 because the phase change keeps them compact instead of dense)
            dcpl = h5p.create(h5p.DATASET_CREATE)
            if libver == "latest":
                dcpl.set_attr_phase_change(500, 400)
            grown = g.create_dataset("grown", data=np.arange(5, dtype="<i4"), dcpl=dcpl)
            gcpl = h5p.create(h5p.GROUP_CREATE)
            if libver == "latest":
                gcpl.set_attr_phase_change(500, 400)
            grown_group = h5py.Group(h5g.create(f.id, b"grown_group", gcpl=gcpl))
            # data allocated after both headers, so neither can be extended in place at the end of the file
            f.create_dataset("after", data=np.zeros(64, dtype="<i8"))
            for i in range(60):
                grown.attrs[f"attr_{i:02d}"] = np.arange(i % 7 + 1, dtype="<f8") * i
                grown_group.attrs[f"note_{i:02d}"] = f"note number {i} " * 3
            if libver == "latest":
                dense = f.create_group("dense_attributes")
                for i in range(40):
                    dense.attrs[f"a{i:02d}"] = np.int64(i * 1000)
        for obj in ["/entry", "/entry/data", "/entry/grown", "/grown_group"] + (
                ["/dense_attributes"] if libver == "latest" else []):
            mx.attributes(name, obj, f"{label} attributes on {obj}")
        entry = mx.dataset(name, "/entry/grown", f"{label} object header with continuation blocks")
        assert entry["object_header"]["chunks"] > 1, entry
        assert entry["object_header"]["version"] == (2 if libver == "latest" else 1), entry
        mx.group(name, "/grown_group", f"{label} group header with continuation blocks",
                 "compact" if libver == "latest" else "symbol_table")
        assert mx.m["groups"][-1]["object_header"]["chunks"] > 1
        mx.dataset(name, "/entry/data", f"{label} dataset with attributes")


def virtual(mx):
    """Small virtual datasets as h5py's documentation builds them (more VDS fixtures belong to the vds tests)."""
    rng = mx.rng
    for i in range(4):
        with mx.file(f"vds_source_{i}.h5", f"VDS source {i}", libver="latest") as f:
            f.create_dataset("data", data=np.arange(100, dtype="<i4") + 1000 * i)
    name = "vds.h5"
    with mx.file(name, "virtual datasets", libver="latest") as f:
        layout = h5py.VirtualLayout(shape=(4, 100), dtype="<i4")
        for i in range(4):
            layout[i] = h5py.VirtualSource(f"vds_source_{i}.h5", "data", shape=(100,))
        f.create_virtual_dataset("stacked", layout, fillvalue=-1)
        f.create_dataset("local", data=values("<f8", (10,), rng))
        layout = h5py.VirtualLayout(shape=(5,), dtype="<f8")
        layout[:] = h5py.VirtualSource(".", "local", shape=(10,))[::2]
        f.create_virtual_dataset("same_file_strided", layout, fillvalue=0)
        layout = h5py.VirtualLayout(shape=(3, 100), dtype="<i4")
        layout[0] = h5py.VirtualSource("vds_source_0.h5", "data", shape=(100,))
        layout[2] = h5py.VirtualSource("missing_source.h5", "data", shape=(100,))
        f.create_virtual_dataset("with_gaps", layout, fillvalue=-5)
    for path in ("stacked", "same_file_strided", "with_gaps"):
        mx.dataset(name, "/" + path, "virtual " + path)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make_fixtures.py OUTDIR")
    out = os.path.abspath(sys.argv[1])
    if os.path.exists(out):
        shutil.rmtree(out)
    os.makedirs(out)
    # virtual datasets name their sources relative to the working directory when libhdf5 resolves them
    os.chdir(out)
    mx = Matrix(out)
    layouts_latest(mx)
    layouts_earliest(mx)
    superblocks(mx)
    filters(mx)
    dtypes(mx)
    groups(mx)
    attributes(mx)
    virtual(mx)
    mx.m["typed"] = make_types.make(mx)
    mx.m["corrupt"] = make_corrupt.make(out)
    mx.save()
    print(f"{len(mx.m['datasets'])} datasets, {len(mx.m['groups'])} groups, {len(mx.m['attributes'])} attributes "
          f"in {len(mx.m['files'])} files; {len(mx.m['corrupt'])} corrupt files")


if __name__ == "__main__":
    main()
