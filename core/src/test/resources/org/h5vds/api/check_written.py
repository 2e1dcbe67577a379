# Checks files written by h5vds against a manifest, with h5py (libhdf5 1.10.8) and h5debug:
# values and dtype (byte order included) of every dataset, its storage properties (layout, chunk
# shape, maximum shape, filters with their flags, fill value, chunk index type as libhdf5 decodes
# it, number of allocated chunks) and its attributes. Prints one JSON object per check that
# failed, then a summary line {"checked": N}.
#
#   python3 check_written.py MANIFEST.json
import json, re, subprocess, sys
import numpy as np
import h5py
import hdf5plugin  # registers the plugin filters (lz4, bitshuffle, blosc, bzip2) in this libhdf5

LAYOUTS = {h5py.h5d.COMPACT: "compact", h5py.h5d.CONTIGUOUS: "contiguous", h5py.h5d.CHUNKED: "chunked"}
failures = []
checked = 0

def fail(where, what):
    failures.append({"where": where, "what": what})

def index_type(fname, dset):
    addr = h5py.h5o.get_info(dset.id).addr
    out = subprocess.run(["h5debug", fname, str(addr)], capture_output=True, text=True).stdout
    m = re.search(r"Index Type:\s+(.+)", out)
    return m.group(1).strip() if m else None

def check_dataset(fname, f, c):
    global checked
    where = fname + ":" + c["path"]
    d = f[c["path"]]
    expected = np.load(c["expected"])
    # a scalar reads as a NumPy scalar in native order, so the dtype is the dataset's
    a = np.asarray(d[()])
    if d.dtype != expected.dtype:
        fail(where, f"dtype {d.dtype.str}, expected {expected.dtype.str}")
    elif a.shape != expected.shape:
        fail(where, f"shape {a.shape}, expected {expected.shape}")
    elif not np.array_equal(a, expected):
        bad = np.argwhere(a != expected)
        fail(where, f"{len(bad)} values differ, first at {bad[0].tolist()}: {a[tuple(bad[0])]!r} != {expected[tuple(bad[0])]!r}")
    dcpl = d.id.get_create_plist()
    layout = LAYOUTS.get(dcpl.get_layout())
    if layout != c["layout"]:
        fail(where, f"layout {layout}, expected {c['layout']}")
    chunks = list(d.chunks) if d.chunks is not None else None
    if chunks != c["chunks"]:
        fail(where, f"chunks {chunks}, expected {c['chunks']}")
    maxshape = list(d.maxshape) if d.maxshape is not None else None
    if maxshape != c["maxshape"]:
        fail(where, f"maxshape {maxshape}, expected {c['maxshape']}")
    filters = [[dcpl.get_filter(i)[0], dcpl.get_filter(i)[1]] for i in range(dcpl.get_nfilters())]
    if filters != c["filters"]:
        fail(where, f"filters {filters}, expected {c['filters']}")
    if c.get("fill") is not None:
        fill = np.load(c["fill"])
        got = np.array(d.fillvalue, dtype=d.dtype)
        if got.tobytes() != fill.astype(d.dtype).tobytes():
            fail(where, f"fill value {got!r}, expected {fill!r}")
    if c.get("index") is not None:
        it = index_type(fname, d)
        if it != c["index"]:
            fail(where, f"chunk index {it}, expected {c['index']}")
    if c.get("nchunks") is not None:
        n = d.id.get_num_chunks()
        if n != c["nchunks"]:
            fail(where, f"{n} chunks allocated, expected {c['nchunks']}")
        for i in range(n):
            info = d.id.get_chunk_info(i)
            if info.byte_offset is None or info.size == 0:
                fail(where, f"chunk {i} at {info.chunk_offset} has no storage")
    checked += 1

def check_attribute(fname, f, c):
    global checked
    where = fname + ":" + c["object"] + "@" + c["name"]
    o = f[c["object"]]
    if c["name"] not in o.attrs:
        fail(where, "attribute missing")
        return
    v = o.attrs[c["name"]]
    aid = o.attrs.get_id(c["name"])
    kind = c["kind"]
    if kind == "numeric":
        e = np.load(c["expected"])
        v = np.asarray(v)
        if aid.dtype != e.dtype or v.shape != e.shape or not np.array_equal(v, e):
            fail(where, f"{v!r} ({aid.dtype.str} {v.shape}), expected {e!r} ({e.dtype.str} {e.shape})")
    else:
        info = h5py.check_string_dtype(aid.dtype)
        length = None if kind == "vlen" else c["length"]
        if info is None or info.encoding != "utf-8" and kind == "vlen" or info.length != length:
            fail(where, f"string dtype {info}, expected {kind} of length {length}")
        expected = c["value"]
        if kind == "fixed":
            got = v.decode("utf-8") if isinstance(v, bytes) else [x.decode("utf-8") for x in v.tolist()]
        else:
            got = v if isinstance(v, str) else list(v)
        if got != expected:
            fail(where, f"{got!r}, expected {expected!r}")
        if aid.shape != tuple(c["shape"]):
            fail(where, f"shape {aid.shape}, expected {tuple(c['shape'])}")
    checked += 1

def check_group(fname, f, c):
    global checked
    where = fname + ":" + c["path"]
    g = f[c["path"]]
    keys = list(g.keys())
    if keys != c["keys"]:
        fail(where, f"keys {keys[:10]}..., expected {c['keys'][:10]}...")
    for name, link in c.get("links", {}).items():
        l = g.get(name, getlink=True)
        got = [type(l).__name__] + ([l.path] if hasattr(l, "path") else []) + ([l.filename] if hasattr(l, "filename") else [])
        if got != link:
            fail(where + "/" + name, f"link {got}, expected {link}")
    checked += 1

manifest = json.load(open(sys.argv[1]))
for entry in manifest:
    fname = entry["file"]
    with h5py.File(fname, "r") as f:
        for c in entry.get("datasets", []):
            try:
                check_dataset(fname, f, c)
            except Exception as e:
                fail(fname + ":" + c["path"], repr(e))
        for c in entry.get("attributes", []):
            try:
                check_attribute(fname, f, c)
            except Exception as e:
                fail(fname + ":" + c["object"] + "@" + c["name"], repr(e))
        for c in entry.get("groups", []):
            try:
                check_group(fname, f, c)
            except Exception as e:
                fail(fname + ":" + c["path"], repr(e))
for x in failures:
    print(json.dumps(x))
print(json.dumps({"checked": checked}))
