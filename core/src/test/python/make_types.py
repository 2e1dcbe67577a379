"""Every HDF5 datatype h5py writes, for make_fixtures.py: strings (fixed and variable length, every padding and
character set), compounds (packed, padded, nested, with subarray, string, bool, complex and vlen members), enums,
array types, variable-length sequences, opaque, bit fields, object and region references, long doubles, the time
class; the n-bit and szip filters, unfiltered partial edge chunks, external raw data files; fill values of these
types; virtual datasets of compound, string and enum types whose sources differ; attributes of these types.

Each dataset is recorded in manifest["typed"] with what h5py reads: `descr` (NumPy's .npy description) and an
`expected` .npy where .npy holds the type without pickling, always `json` (the value by h5vds's JSON rules, written
here from h5py's read) and `text` (NumPy's str() of h5py's read, variable-length strings decoded as str), or
`error` when h5py cannot read it."""
import ctypes
import ctypes.util
import os

import numpy as np
import h5py
from h5py import h5d, h5p, h5s, h5t

TYPES_FILE = "types.h5"


def js(v, dt, f):
    """h5vds's JSON of value v of dtype dt (h5py's read): see JsonArray."""
    enum = h5py.check_enum_dtype(dt)
    vlen_str = h5py.check_string_dtype(dt)
    ref = h5py.check_ref_dtype(dt)
    seq = h5py.check_vlen_dtype(dt)
    if dt.subdtype is not None:
        base, _ = dt.subdtype
        return nested(np.asarray(v), base, f)
    if dt.names:
        return {n: sub(v[n], dt.fields[n][0], f) for n in dt.names}
    if ref is not None:
        if not v:
            return None
        name = f[v].name
        if ref is h5py.RegionReference:
            return {"path": name}  # the region's values are checked through regions()
        return name
    if vlen_str is not None and vlen_str.length is None:
        b = v if isinstance(v, bytes) else v.encode("utf-8")
        return b.decode("utf-8", "backslashreplace")
    if seq is not None:
        return [js(x, seq, f) for x in v]
    if enum is not None:
        names = {int(val): k for k, val in enum.items()}
        return names.get(int(v), int(v))
    if dt.kind == "S":
        return bytes(v).rstrip(b"\0").decode("utf-8", "backslashreplace")
    if dt.kind == "V":
        return bytes(v).hex()
    if dt.kind == "b":
        return bool(v)
    if dt.kind in "iu":
        return int(v)
    if dt.kind == "c":
        return [fl(v.real), fl(v.imag)]
    if dt.kind == "f":
        return fl(v)
    raise TypeError(f"no JSON rule for {dt}")


def sub(v, dt, f):
    """A field value: subarray fields are arrays of their base type."""
    if dt.subdtype is not None:
        return nested(np.asarray(v), dt.subdtype[0], f)
    return js(v, dt, f)


def nested(a, dt, f, idx=()):
    """Nested lists along the axes of ndarray a (elements that are arrays themselves stay elements)."""
    if len(idx) == a.ndim:
        return js(a[idx], dt, f)
    return [nested(a, dt, f, idx + (i,)) for i in range(a.shape[len(idx)])]


def fl(x):
    x = float(x)
    if x != x:
        return "nan"
    if x in (float("inf"), float("-inf")):
        return "inf" if x > 0 else "-inf"
    return x


def text(ds, v):
    """NumPy's str() of what h5py reads, variable-length strings (compound members too) as str."""
    vs = h5py.check_string_dtype(ds.dtype)
    if vs is not None and vs.length is None:
        return str(ds.asstr('utf-8', 'surrogateescape')[()])
    if ds.dtype.names:
        v = np.array(v, copy=True)
        for n in ds.dtype.names:
            fs = h5py.check_string_dtype(ds.dtype.fields[n][0])
            if fs is not None and fs.length is None:
                flat = v[n].reshape(-1)
                for i in range(flat.size):
                    flat[i] = flat[i].decode("utf-8", "surrogateescape")
    return str(v)


def plain(dt):
    """dt without h5py's metadata (enum names, string encodings), fields and subarrays included."""
    if dt.names:
        return np.dtype({"names": list(dt.names), "formats": [plain(dt.fields[n][0]) for n in dt.names],
                         "offsets": [dt.fields[n][1] for n in dt.names], "itemsize": dt.itemsize})
    if dt.subdtype is not None:
        return np.dtype((plain(dt.subdtype[0]), dt.subdtype[1]))
    return np.dtype(dt.str)


def descr(dt):
    """NumPy's .npy description, or None when .npy needs pickling or cannot describe it."""
    if dt.hasobject:
        return None
    try:
        return repr(np.lib.format.dtype_to_descr(plain(dt)))
    except ValueError:
        return None


# h5py 3.7 reads variable-length sequences of big-endian floats without swapping them (h5dump prints what was
# written): what h5vds must read is what was written
KNOWN_H5PY_BUGS = {"/vlen/f8_be": np.array([np.array([0.5, np.nan], dtype=">f8"), np.array([1e300], dtype=">f8")], dtype=object)}


def record(mx, entries, file, path, case, expect_error=None):
    with h5py.File(mx.path(file), "r") as f:
        ds = f[path]
        e = {"file": file, "path": path, "case": case, "descr": None, "expected": None, "json": None, "text": None, "error": None,
             "h5vds_reads": expect_error != "refused"}
        if expect_error:
            try:
                ds[()]
                raise AssertionError(f"{path}: h5py read a dataset expected to fail")
            except (TypeError, ValueError, OSError) as ex:
                e["error"] = str(ex)
            entries.append(e)
            return
        v = ds[()]
        if path in KNOWN_H5PY_BUGS:
            v = KNOWN_H5PY_BUGS[path]
        dt = ds.dtype.subdtype[0] if ds.dtype.subdtype is not None else ds.dtype  # an array type reads as more axes
        e["json"] = nested(v, dt, f) if isinstance(v, np.ndarray) else js(v, dt, f)
        e["text"] = text(ds, v) if path not in KNOWN_H5PY_BUGS else str(v)
        a = np.asarray(v)
        d = None if ds.dtype.hasobject else descr(a.dtype)
        if d is not None:
            e["descr"] = d
            rel = mx.expected_name(file, path, ".typed")
            # without h5py's metadata (enum names, string encodings): .npy holds the base types
            np.save(mx.path(rel), np.frombuffer(a.tobytes(), dtype=plain(a.dtype)).reshape(a.shape))
            e["expected"] = rel
        entries.append(e)


def libhdf5():
    """The libhdf5 h5py itself loaded, for the calls h5py 3.7 does not wrap."""
    return ctypes.CDLL(ctypes.util.find_library("hdf5_serial") or "libhdf5_serial.so.103")


def set_chunk_opts(dcpl, opts):
    lib = libhdf5()
    lib.H5Pset_chunk_opts.argtypes = [ctypes.c_int64, ctypes.c_uint]
    lib.H5Pset_chunk_opts.restype = ctypes.c_int
    if lib.H5Pset_chunk_opts(dcpl.id, opts) < 0:
        raise RuntimeError("H5Pset_chunk_opts failed")


def set_nbit(dcpl):
    lib = libhdf5()
    lib.H5Pset_nbit.argtypes = [ctypes.c_int64]
    lib.H5Pset_nbit.restype = ctypes.c_int
    if lib.H5Pset_nbit(dcpl.id) < 0:
        raise RuntimeError("H5Pset_nbit failed")


def low_level(f, name, tid, shape, data, mtype=None, dcpl=None):
    if "/" in name:
        f.require_group(name.rsplit("/", 1)[0])
    sid = h5s.create_simple(shape)
    ds = h5d.create(f.id, name.encode(), tid, sid, dcpl=dcpl)
    ds.write(h5s.ALL, h5s.ALL, data, mtype=mtype if mtype is not None else tid)


def make(mx):
    entries = []
    rng = np.random.default_rng(7)
    name = TYPES_FILE
    with mx.file(name, "every datatype h5py writes", libver="latest") as f:
        # ---- fixed-length strings: paddings and character sets
        f["str/S5"] = np.array([b"ab", b"abcde", b"", b"x\xff"], dtype="S5")
        utf8 = h5py.string_dtype("utf-8", 12)
        f.create_dataset("str/utf8_fixed", shape=(2,), dtype=utf8)[...] = np.array(["grüße".encode(), b"ok"], dtype=utf8)
        for pad, label in [(h5t.STR_NULLTERM, "nullterm"), (h5t.STR_SPACEPAD, "spacepad"), (h5t.STR_NULLPAD, "nullpad")]:
            tid = h5t.C_S1.copy()
            tid.set_size(6)
            tid.set_strpad(pad)
            low_level(f, "str/" + label, tid, (3,), np.array([b"ab    ", b"abcdef", b"a\0c   "], dtype="S6"))
        # ---- variable-length strings
        f["vstr/utf8"] = np.array(["a", "ünïcødé ✓", "", "a longer string of text"], dtype=h5py.string_dtype())
        f.create_dataset("vstr/ascii", data=np.array([b"x", b"yz"], dtype=object), dtype=h5py.string_dtype("ascii"))
        f.create_dataset("vstr/not_utf8", data=np.array([b"ok", b"\xff\xfe!"], dtype=object), dtype=h5py.string_dtype("ascii"))
        f["vstr/2d"] = np.array([["a", "bb"], ["ccc", ""]], dtype=h5py.string_dtype())
        f["vstr/scalar"] = "NeXus title"
        f.create_dataset("vstr/chunked", data=np.array([f"row {i}" for i in range(50)], dtype=h5py.string_dtype()),
                         chunks=(7,), compression="gzip")
        f.create_dataset("vstr/unwritten", shape=(3,), dtype=h5py.string_dtype())
        # ---- compounds
        packed = np.dtype([("x", "<i4"), ("y", "<f8")])
        f["cmp/packed"] = np.array([(1, 2.5), (-3, 4.25)], dtype=packed)
        padded = np.dtype({"names": ["a", "b"], "formats": ["<i2", ">f4"], "offsets": [0, 8], "itemsize": 16})
        f["cmp/padded"] = np.array([(7, 1.5), (8, -2.0)], dtype=padded)
        inner = np.dtype([("u", "<u2"), ("v", "S3")])
        nest = np.dtype([("id", "<i8"), ("inner", inner), ("arr", "<i2", (2, 3)), ("ok", "?"), ("z", "<c16")])
        val = np.zeros(3, dtype=nest)
        val["id"] = [1, 2, 3]
        val["inner"]["u"] = [10, 20, 30]
        val["inner"]["v"] = [b"ab", b"cde", b""]
        val["arr"] = np.arange(18).reshape(3, 2, 3)
        val["ok"] = [True, False, True]
        val["z"] = [1 + 2j, -1j, 3]
        f.create_dataset("cmp/nested", data=val, chunks=(2,), compression="gzip")
        vl = np.dtype([("name", h5py.string_dtype()), ("value", "<f8")])
        f["cmp/with_vlen"] = np.array([("alpha", 1.0), ("β", 2.0)], dtype=vl)
        f["cmp/scalar"] = np.array((5, 6.5), dtype=packed)
        f.create_dataset("cmp/filled", shape=(4,), dtype=packed, fillvalue=np.array((-1, 9.5), dtype=packed))
        # ---- enums
        colours = h5py.enum_dtype({"RED": 0, "GREEN": 1, "BLUE": 42}, basetype="i1")
        f.create_dataset("enum/i1", data=np.array([0, 1, 42, 1], dtype="i1"), dtype=colours)
        states = h5py.enum_dtype({"OFF": 0, "ON": 1000, "FAULT": 65535}, basetype=">u2")
        f.create_dataset("enum/u2_be", data=np.array([0, 1000, 65535, 7], dtype=">u2"), dtype=states)
        # written with the enumeration as memory type, so that 7 (no name) is stored as it is, not converted to all ones
        f.create_dataset("enum/unnamed", data=np.array([2, 0, 7], dtype=h5py.enum_dtype({"A": 0, "B": 2}, basetype="<i2")))
        # ---- array type
        f.create_dataset("array/i4_2x3", shape=(2,), dtype=np.dtype(("<i4", (2, 3))))[...] = np.arange(12, dtype="<i4").reshape(2, 2, 3)
        # ---- variable-length sequences
        seq = f.create_dataset("vlen/i4", (3,), dtype=h5py.vlen_dtype("<i4"))
        seq[0] = [1, 2, 3]
        seq[1] = []
        seq[2] = [-7]
        seqf = f.create_dataset("vlen/f8_be", (2,), dtype=h5py.vlen_dtype(">f8"))
        seqf[0] = [0.5, float("nan")]
        seqf[1] = [1e300]
        # ---- opaque and bit fields
        f["opaque/v3"] = np.array([b"\x01\x02\x03", b"abc"], dtype="V3")
        tid = h5t.create(h5t.OPAQUE, 4)
        tid.set_tag(b"jpeg")
        low_level(f, "opaque/tagged", tid, (2,), np.frombuffer(b"\x00\x01\x02\x03\xff\xfe\xfd\xfc", dtype="V4"))
        low_level(f, "bitfield/b16", h5t.STD_B16LE.copy(), (3,), np.array([1, 2, 65535], dtype="<u2"), mtype=h5t.NATIVE_B16)
        low_level(f, "bitfield/b8_be", h5t.STD_B8BE.copy(), (2,), np.array([5, 250], dtype="u1"), mtype=h5t.NATIVE_B8)
        # ---- long double
        f["float/longdouble"] = np.array([1 / np.longdouble(3), 2.5, -np.longdouble(10) ** 300, np.inf], dtype=np.longdouble)
        # ---- references
        target = f.create_group("refs/target")
        target.attrs["NX_class"] = "NXcollection"
        data = f.create_dataset("refs/data", data=np.arange(20, dtype="<i4").reshape(4, 5))
        f["refs/object"] = np.array([data.ref, target.ref, f["/"].ref, h5py.Reference()], dtype=h5py.ref_dtype)
        f["refs/region"] = np.array([data.regionref[1:3, ::2], data.regionref[0, 4]], dtype=h5py.regionref_dtype)
        # ---- the n-bit filter: 12-bit integers at bit offset 2, and a compound of them
        tid = h5t.STD_I16LE.copy()
        tid.set_precision(12)
        tid.set_offset(2)
        dcpl = h5p.create(h5p.DATASET_CREATE)
        dcpl.set_chunk((5,))
        set_nbit(dcpl)
        low_level(f, "nbit/i12", tid, (12,), np.arange(-6, 6, dtype="<i2"), mtype=h5t.NATIVE_INT16, dcpl=dcpl)
        u = h5t.STD_U32BE.copy()
        u.set_precision(20)
        u.set_offset(5)
        ct = h5t.create(h5t.COMPOUND, 8)
        ct.insert(b"a", 0, u)
        ct.insert(b"b", 4, tid)
        dcpl = h5p.create(h5p.DATASET_CREATE)
        dcpl.set_chunk((4,))
        set_nbit(dcpl)
        mt = h5t.create(h5t.COMPOUND, 8)
        mt.insert(b"a", 0, h5t.NATIVE_UINT32)
        mt.insert(b"b", 4, h5t.NATIVE_INT16)
        rows = np.zeros(6, dtype=np.dtype({"names": ["a", "b"], "formats": ["<u4", "<i2"], "offsets": [0, 4], "itemsize": 8}))
        rows["a"] = np.arange(6) * 1000
        rows["b"] = np.arange(6) - 3
        low_level(f, "nbit/compound", ct, (6,), rows, mtype=mt, dcpl=dcpl)
        # ---- szip
        f.create_dataset("szip/i4", data=rng.integers(-1000, 1000, (40, 7)).astype("<i4"), chunks=(8, 7), compression="szip")
        f.create_dataset("szip/f4", data=rng.normal(size=(33,)).astype("<f4"), chunks=(16,), compression="szip",
                         compression_opts=("ec", 8))
        f.create_dataset("szip/u2_be", data=rng.integers(0, 60000, (20, 20)).astype(">u2"), chunks=(10, 10), compression="szip",
                         compression_opts=("nn", 16))
        # ---- edge chunks stored unfiltered
        dcpl = h5p.create(h5p.DATASET_CREATE)
        dcpl.set_chunk((4, 4))
        dcpl.set_deflate(6)
        set_chunk_opts(dcpl, 0x0002)  # H5D_CHUNK_DONT_FILTER_PARTIAL_CHUNKS
        low_level(f, "partial/gzip", h5t.STD_I32LE.copy(), (10, 7), np.arange(70, dtype="<i4").reshape(10, 7), dcpl=dcpl)
        # ---- fixed-string and vlen-string fill values
        f.create_dataset("fill/S4", shape=(3,), dtype="S4", fillvalue=b"ab")
        # ---- virtual datasets converting their sources: compound members by name (subset, other order, types and
        # byte order), fixed strings by length, n-bit packed integers by value, variable-length strings
        lay = h5py.VirtualLayout((2,), np.dtype([("b", "<f8"), ("a", ">i4")]))
        lay[:] = h5py.VirtualSource(".", "cmp/padded", shape=(2,))
        f.create_virtual_dataset("vds/cmp_subset", lay)
        lay = h5py.VirtualLayout((4,), "S8")
        lay[:] = h5py.VirtualSource(".", "str/S5", shape=(4,))
        f.create_virtual_dataset("vds/S8", lay)
        lay = h5py.VirtualLayout((3,), "S2")
        lay[:] = h5py.VirtualSource(".", "str/nullterm", shape=(3,))
        f.create_virtual_dataset("vds/S2_from_nullterm", lay)
        lay = h5py.VirtualLayout((12,), "<i4")
        lay[:] = h5py.VirtualSource(".", "nbit/i12", shape=(12,))
        f.create_virtual_dataset("vds/from_nbit", lay)
        lay = h5py.VirtualLayout((5,), h5py.string_dtype())
        lay[1:5] = h5py.VirtualSource(".", "vstr/utf8", shape=(4,))
        f.create_virtual_dataset("vds/vlen", lay)
        lay = h5py.VirtualLayout((4,), colours)
        lay[:] = h5py.VirtualSource(".", "enum/i1", shape=(4,))
        f.create_virtual_dataset("vds/enum", lay)
    # ---- external raw data (after the file: the segment files sit beside it)
    ext = "types_external.h5"
    raw = np.arange(30, dtype="<i2")
    with open(mx.path("external_a.raw"), "wb") as fh:
        fh.write(b"\xAA" * 16 + raw[:10].tobytes())
    with open(mx.path("external_b.raw"), "wb") as fh:
        fh.write(raw[10:].tobytes())
    with mx.file(ext, "external raw data files", libver="latest") as f:
        dcpl = h5p.create(h5p.DATASET_CREATE)
        dcpl.set_external(b"external_a.raw", 16, 20)
        dcpl.set_external(b"external_b.raw", 0, 40)
        low_level(f, "data", h5t.STD_I16LE.copy(), (30,), raw, dcpl=dcpl)
    # ---- the time class (libhdf5 writes it; nobody reads it)
    tm = "types_time.h5"
    with mx.file(tm, "the time class", libver="latest") as f:
        tid = h5t.UNIX_D32LE.copy() if hasattr(h5t, "UNIX_D32LE") else None
        if tid is not None:
            low_level(f, "time", tid, (2,), np.array([1, 2], dtype="<i4"))

    for path in ["/str/S5", "/str/utf8_fixed", "/str/nullterm", "/str/spacepad", "/str/nullpad", "/vstr/utf8", "/vstr/ascii",
                 "/vstr/not_utf8", "/vstr/2d", "/vstr/scalar", "/vstr/chunked", "/vstr/unwritten", "/cmp/packed", "/cmp/padded",
                 "/cmp/nested", "/cmp/with_vlen", "/cmp/scalar", "/cmp/filled", "/enum/i1", "/enum/u2_be", "/enum/unnamed", "/array/i4_2x3",
                 "/vlen/i4", "/vlen/f8_be", "/opaque/v3", "/bitfield/b16",
                 "/float/longdouble", "/refs/object", "/refs/region", "/nbit/i12", "/nbit/compound", "/szip/i4", "/szip/f4",
                 "/szip/u2_be", "/partial/gzip", "/fill/S4", "/vds/cmp_subset", "/vds/S8", "/vds/S2_from_nullterm",
                 "/vds/from_nbit", "/vds/vlen", "/vds/enum"]:
        record(mx, entries, name, path, "typed " + path)
    # h5py has no memory type these convert to (libhdf5 converts opaque types only with the same tag, and no bit field into
    # h5py's big-endian 1-byte type); h5vds reads them as they are
    for path in ["/opaque/tagged", "/bitfield/b8_be"]:
        record(mx, entries, name, path, "typed " + path + " (h5py cannot read it)", expect_error="h5py")
    record(mx, entries, ext, "/data", "external raw data")
    with h5py.File(mx.path(tm), "r") as f:
        if "time" in f:
            record(mx, entries, tm, "/time", "time class", expect_error="refused")
    return entries
