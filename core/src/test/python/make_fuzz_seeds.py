#!/usr/bin/python3
"""Writes the seed corpus of HostileFileFuzzTest: small HDF5 files written by libhdf5 (h5py 3.7 on
libhdf5 1.10.8, filters from hdf5plugin and Debian's plugins), one per structure the reader decodes,
so that the fuzzer starts from every superblock version, group storage, chunk index, filter,
datatype and virtual dataset form and mutates from there.

Usage: /usr/bin/python3 make_fuzz_seeds.py OUTDIR

Files are kept small (most under 8 KiB: libFuzzer mutates short inputs faster and reaches more
structure per execution); each file's name says what it holds. The files are committed under
src/test/resources/org/h5vds/api/HostileFileFuzzTestInputs/readEverything, so the corpus stays
the same from run to run; run this again only to change it.
"""
import ctypes
import ctypes.util
import os
import sys

import numpy as np

os.environ.setdefault("HDF5_PLUGIN_PATH", "/usr/lib/x86_64-linux-gnu/hdf5/serial/plugins")
import h5py  # noqa: E402
import hdf5plugin  # noqa: E402
import zstandard  # noqa: E402
from h5py import h5d, h5f, h5p, h5s, h5t  # noqa: E402

OUT = sys.argv[1]
LIB = ctypes.CDLL(ctypes.util.find_library("hdf5_serial") or "libhdf5_serial.so.103")
RNG = np.random.default_rng(16)


def path(name):
    return os.path.join(OUT, name)


def new(name, libver="latest", **kw):
    return h5py.File(path(name), "w", libver=libver, **kw)


def smooth(dtype, shape):
    """Values that compress (so filtered chunks hold real codec streams, not stored blocks)."""
    n = int(np.prod(shape))
    return (np.arange(n) % 50).reshape(shape).astype(dtype)


def low_level_file(name, fcpl_setup, libver=(h5f.LIBVER_EARLIEST, h5f.LIBVER_LATEST)):
    fcpl = h5p.create(h5p.FILE_CREATE)
    fcpl_setup(fcpl)
    fapl = h5p.create(h5p.FILE_ACCESS)
    fapl.set_libver_bounds(*libver)
    return h5py.File(h5f.create(path(name).encode(), h5f.ACC_TRUNC, fcpl=fcpl, fapl=fapl))


def superblock_and_groups():
    # superblock v0, object header v1, symbol-table groups with a local heap and a B-tree of symbol nodes
    with new("sb0_symbol_table_groups.h5", libver="earliest") as f:
        g = f.create_group("a/b")
        for k in range(12):                        # more than one symbol table node (8 entries each)
            f.create_group(f"g{k:02d}")
        g.create_dataset("contiguous", data=np.arange(6, dtype="<i4"))
        f["soft"] = h5py.SoftLink("/a/b/contiguous")
        f["dangling"] = h5py.SoftLink("/nowhere")
        f["external"] = h5py.ExternalLink("other.h5", "/x")
        f["a/hard_again"] = g
        f.attrs["int"] = np.int32(7)
        f.attrs["fixed_string"] = np.bytes_("NXentry")
        f.attrs["vlen_string"] = "unicode ✓"
        f.attrs["array"] = np.arange(4, dtype=">f4")
        f["named_type"] = np.dtype("<u2")
    # superblock v1: a non-default chunk B-tree K (libhdf5's H5Pset_istore_k)
    def istore(fcpl):
        LIB.H5Pset_istore_k.argtypes = [ctypes.c_int64, ctypes.c_uint]
        assert LIB.H5Pset_istore_k(fcpl.id, 4) >= 0
    with low_level_file("sb1_istore_k4_btree1.h5", istore) as f:
        f.create_dataset("chunked", data=smooth("<i2", (12, 10)), chunks=(2, 2))
    # superblock v2 (1.8 format): compact links, layout message v3
    with h5py.File(path("sb2_v108_compact_links.h5"), "w", libver=("v108", "v108")) as f:
        f.create_group("g").create_dataset("x", data=np.arange(5, dtype="<i2"))
        f.create_dataset("chunked", data=smooth("<f8", (12,)), chunks=(5,), maxshape=(None,))
    # superblock v3: compact and dense links (fractal heap + v2 B-tree of name hashes), creation order
    with new("sb3_dense_links.h5", track_order=True) as f:
        for k in range(20):
            f.create_group(f"member_{k:02d}")
        f.create_dataset("member_20", data=np.arange(3, dtype="<u1"))
        f["member_21"] = h5py.SoftLink("/member_20")
    with new("sb3_compact_links.h5") as f:
        f.create_group("g")
        f.create_dataset("g/x", data=np.arange(4, dtype="<i8"))
        f["g/soft"] = h5py.SoftLink("x")
    # a 512-byte user block before the superblock, both formats
    for libver in ("earliest", "latest"):
        with new(f"userblock_{libver}.h5", libver=libver, userblock_size=512) as f:
            f.create_dataset("data", data=np.arange(6, dtype="<f4"), chunks=(3,))
        with open(path(f"userblock_{libver}.h5"), "r+b") as fh:
            fh.write(b"not HDF5 bytes\n")


def attributes():
    # compact attributes in a v1 header that overflows into continuation blocks
    with new("attrs_earliest_continuation.h5", libver="earliest") as f:
        d = f.create_dataset("d", data=np.arange(3, dtype="<i4"))
        for k in range(10):
            d.attrs[f"a{k}"] = np.arange(k + 1, dtype="<i2")
        d.attrs["s"] = [b"ab", b"cde"]
        d.attrs["vlen"] = ["x", "yz"]
        d.attrs["empty"] = h5py.Empty("<f8")
    # dense attributes (fractal heap + v2 B-tree) and creation order
    with new("attrs_dense.h5", track_order=True) as f:
        g = f.create_group("g", track_order=True)
        for k in range(12):
            g.attrs[f"attr_{k:02d}"] = np.float64(k)
        g.attrs["big"] = np.arange(300, dtype="<i4")
        f.attrs["scalar"] = np.uint64(2 ** 63)


def layouts():
    # every chunk index libhdf5 1.10 writes, plus compact and contiguous
    with new("chunk_indexes_latest.h5") as f:
        f.create_dataset("compact", data=np.arange(4, dtype="<i2"),
                         **{})
        dcpl = h5p.create(h5p.DATASET_CREATE)
        dcpl.set_layout(h5d.COMPACT)
        h5d.create(f.id, b"compact_ll", h5t.STD_I16LE, h5s.create_simple((5,)), dcpl=dcpl)
        f.create_dataset("single", data=smooth("<i4", (4, 5)), chunks=(4, 5))
        f.create_dataset("single_gzip", data=smooth("<i4", (4, 5)), chunks=(4, 5), compression="gzip")
        dcpl = h5p.create(h5p.DATASET_CREATE)
        dcpl.set_chunk((3, 2))
        dcpl.set_alloc_time(h5d.ALLOC_TIME_EARLY)
        dcpl.set_fill_value(np.array(-1, dtype="<i2"))
        ds = h5py.Dataset(h5d.create(f.id, b"implicit", h5t.STD_I16LE, h5s.create_simple((7, 5)), dcpl=dcpl))
        ds[1:3] = 9
        f.create_dataset("fixed", data=smooth("<u2", (9, 7)), chunks=(4, 3))
        f.create_dataset("fixed_gzip", data=smooth("<u2", (9, 7)), chunks=(4, 3), compression="gzip")
        f.create_dataset("extensible", data=smooth("<i4", (30,)), chunks=(2,), maxshape=(None,))
        f.create_dataset("extensible_gzip", data=smooth("<i4", (10, 3)), chunks=(2, 3), maxshape=(None, 3),
                         compression="gzip")
        f.create_dataset("btree2", data=smooth("<i1", (6, 8)), chunks=(2, 3), maxshape=(None, None))
        f.create_dataset("btree2_gzip", data=smooth("<i1", (6, 8)), chunks=(2, 3), maxshape=(None, None),
                         compression="gzip")
        d = f.create_dataset("partial", shape=(10, 10), dtype="<f4", chunks=(3, 3), fillvalue=2.5)
        d[4:6, 4:6] = 1
    # a paged fixed array (more than 1024 chunks), almost all unallocated
    with new("fixed_array_paged.h5") as f:
        d = f.create_dataset("paged", shape=(1100,), dtype="<u1", chunks=(1,))
        d[0] = 1
        d[1099] = 2
    # an extensible array with data blocks and a super block
    with new("extensible_array_blocks.h5") as f:
        f.create_dataset("many", data=smooth("<u1", (120,)), chunks=(1,), maxshape=(None,))
    # a v1 B-tree of two levels, and the earliest format's chunked layouts
    with new("btree1_two_levels.h5", libver="earliest") as f:
        f.create_dataset("deep", data=smooth("<i2", (90,)), chunks=(1,))
        f.create_dataset("gzip_2d", data=smooth("<i4", (7, 9)), chunks=(3, 4), compression="gzip", shuffle=True,
                         fletcher32=True, maxshape=(None, 9))
        d = f.create_dataset("sparse", shape=(20,), dtype="<i8", chunks=(4,), fillvalue=-3)
        d[9] = 5


def filters():
    shape, chunks = (10, 12), (4, 5)
    cases = {
        "gzip_shuffle_fletcher32": dict(compression="gzip", shuffle=True, fletcher32=True),
        "lzf": dict(compression="lzf"),
        "lz4": dict(**hdf5plugin.LZ4(nbytes=64)),
        "bitshuffle_lz4": dict(**hdf5plugin.Bitshuffle(cname="lz4")),
        "bitshuffle_zstd": dict(**hdf5plugin.Bitshuffle(cname="zstd")),
        "blosc_lz4_shuffle": dict(**hdf5plugin.Blosc(cname="lz4", shuffle=hdf5plugin.Blosc.SHUFFLE)),
        "blosc_zstd_bitshuffle": dict(**hdf5plugin.Blosc(cname="zstd", shuffle=hdf5plugin.Blosc.BITSHUFFLE)),
        "blosc_blosclz": dict(**hdf5plugin.Blosc(cname="blosclz", shuffle=hdf5plugin.Blosc.NOSHUFFLE)),
        "bzip2": dict(**hdf5plugin.BZip2(blocksize=1)),
        "scaleoffset_int": dict(scaleoffset=0),
        "scaleoffset_float": dict(scaleoffset=2),
    }
    for name, kw in cases.items():
        dtype = "<f4" if name == "scaleoffset_float" else "<i4"
        with new(f"filter_{name}.h5") as f:
            f.create_dataset("d", data=smooth(dtype, shape), chunks=chunks, **kw)
    # zstd (32015): no plugin writes it here, so the chunks are compressed with the zstandard module
    with new("filter_zstd.h5") as f:
        d = f.create_dataset("d", shape=shape, dtype="<i4", chunks=chunks, compression=32015,
                             compression_opts=(3,), allow_unknown_filter=True)
        data = smooth("<i4", shape)
        for r in range(0, shape[0], chunks[0]):
            for c in range(0, shape[1], chunks[1]):
                block = np.zeros(chunks, dtype="<i4")
                part = data[r:r + chunks[0], c:c + chunks[1]]
                block[:part.shape[0], :part.shape[1]] = part
                d.id.write_direct_chunk((r, c), zstandard.ZstdCompressor(level=3).compress(block.tobytes()))


def datatypes():
    numeric = ["i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8", "f2", "f4", "f8", "c8", "c16"]
    with new("dtypes_numeric.h5") as f:
        for n in numeric:
            for o in "<>":
                f.create_dataset(f"{n}{'le' if o == '<' else 'be'}", data=(np.arange(3) + 1).astype(o + n))
        f.create_dataset("bool", data=np.array([True, False]))
        f.create_dataset("scalar", data=np.float64(1.5))
        f.create_dataset("empty", shape=(0, 3), dtype="<i4")
        f.create_dataset("null", data=h5py.Empty("<i2"))
    with new("dtypes_other.h5") as f:
        f.create_dataset("fixed_string", data=np.array([b"ab", b"c"], dtype="S3"))
        f.create_dataset("vlen_string", data=["one", "two"], dtype=h5py.string_dtype())
        f.create_dataset("compound", data=np.array([(1, 2.0)], dtype=[("a", "<i4"), ("b", "<f8")]))
        f.create_dataset("enum", data=np.array([0, 1], dtype=h5py.enum_dtype({"R": 0, "G": 1}, basetype="u1")))
        f.create_dataset("array", data=np.zeros(2, dtype=np.dtype(("<i2", (2,)))))
        f.create_dataset("opaque", data=np.array([b"\x01\x02"], dtype="V2"))
        f.create_dataset("vlen_ints", data=np.array([np.arange(2), np.arange(3)], dtype=object),
                         dtype=h5py.vlen_dtype("<i4"))
        f.create_dataset("refs", data=[f["enum"].ref], dtype=h5py.ref_dtype)
        f.create_dataset("bitfield_like", data=np.arange(2, dtype=">u2"))
    with new("dtypes_earliest.h5", libver="earliest") as f:
        f.create_dataset("be_f8", data=np.arange(4, dtype=">f8"))
        f.create_dataset("be_i2_chunked", data=smooth(">i2", (5, 3)), chunks=(2, 2), compression="gzip")


def shared_messages():
    def sohm(fcpl):
        LIB.H5Pset_shared_mesg_nindexes.argtypes = [ctypes.c_int64, ctypes.c_uint]
        LIB.H5Pset_shared_mesg_index.argtypes = [ctypes.c_int64, ctypes.c_uint, ctypes.c_uint, ctypes.c_uint]
        assert LIB.H5Pset_shared_mesg_nindexes(fcpl.id, 1) >= 0
        # dataspace, datatype, fill value, filter pipeline, attribute messages, shared from 1 byte up
        assert LIB.H5Pset_shared_mesg_index(fcpl.id, 0, 2 | 4 | 8 | 16 | 32, 1) >= 0
    with low_level_file("shared_messages.h5", sohm, libver=(h5f.LIBVER_LATEST, h5f.LIBVER_LATEST)) as f:
        for k in range(3):
            d = f.create_dataset(f"d{k}", data=smooth("<i4", (6,)), chunks=(3,), compression="gzip")
            d.attrs["units"] = "m"


def virtual():
    # sources in the same file ("."), ALL and hyperslab selections (regular: v2, irregular: v1), a fill value
    with new("vds_same_file.h5") as f:
        for k in range(3):
            f.create_dataset(f"src{k}", data=np.arange(10, dtype="<i4") + 10 * k)
        layout = h5py.VirtualLayout((4, 10), "<i4")
        layout[0] = h5py.VirtualSource(".", "src0", (10,))
        layout[1, :5] = h5py.VirtualSource(".", "src1", (10,))[::2]
        layout[2, [1, 3, 4]] = h5py.VirtualSource(".", "src2", (10,))[[0, 5, 9]]
        layout[3, 2:8:3] = h5py.VirtualSource(".", "src0", (10,))[h5py.MultiBlockSlice(0, 4, 2, 1)]
        f.create_virtual_dataset("vds", layout, fillvalue=-5)
    # an unlimited mapping and a source in another file that is missing (read as the fill value)
    with new("vds_unlimited_missing.h5") as f:
        f.create_dataset("src", data=np.arange(6, dtype="<f8").reshape(2, 3), maxshape=(None, 3), chunks=(1, 3))
        layout = h5py.VirtualLayout((2, 3), "<f8", maxshape=(None, 3))
        layout[:, :] = h5py.VirtualSource(".", "src", (2, 3), maxshape=(None, 3))[:, :]
        f.create_virtual_dataset("unlimited", layout, fillvalue=0.5)
        layout = h5py.VirtualLayout((3,), "<u2")
        layout[:] = h5py.VirtualSource("missing.h5", "data", (3,))
        f.create_virtual_dataset("missing", layout, fillvalue=7)
    # printf %b source names with an unlimited block count (libhdf5's H5Pset_virtual rules)
    with new("vds_printf.h5") as f:
        f.create_dataset("src_0", data=np.arange(4, dtype="<i2"))
        # h5py's VirtualLayout cannot take an unlimited count: the low-level H5Pset_virtual call
        vspace = h5s.create_simple((4,), (h5s.UNLIMITED,))
        vspace.select_hyperslab((0,), (h5s.UNLIMITED,), stride=(2,), block=(2,))
        dcpl = h5p.create(h5p.DATASET_CREATE)
        dcpl.set_fill_value(np.array(-1, dtype="<i2"))
        dcpl.set_virtual(vspace, b"part_%b.h5", b"data", h5s.create_simple((2,), (2,)))
        h5d.create(f.id, b"printf", h5t.STD_I16LE, vspace, dcpl=dcpl)


def dimension_scales():
    # libhdf5's H5DS bookkeeping (added in session 24): CLASS/NAME, DIMENSION_LIST (vlen of object references),
    # REFERENCE_LIST (compound with a reference), DIMENSION_LABELS (vlen strings, one NULL), creation order tracked
    with new("dimension_scales.h5", track_order=True) as f:
        d = f.create_dataset("data", data=np.arange(6, dtype="<i2").reshape(2, 3), track_order=True)
        x = f.create_dataset("x", data=np.arange(2, dtype="<i2"))
        y = f.create_dataset("y", data=np.arange(3, dtype="<i2"))
        x.make_scale("x")
        d.dims[0].attach_scale(x)
        d.dims[1].attach_scale(y)
        d.dims[1].label = "columns"


def main():
    os.makedirs(OUT, exist_ok=True)
    superblock_and_groups()
    attributes()
    layouts()
    filters()
    datatypes()
    shared_messages()
    virtual()
    dimension_scales()
    for name in sorted(os.listdir(OUT)):
        print(f"{os.path.getsize(path(name)):7d} {name}")


if __name__ == "__main__":
    main()
