#!/usr/bin/python3
"""Writes the bad files of the h5vds fixture matrix into OUTDIR/corrupt and lists them under "corrupt" in
OUTDIR/manifest.json (make_fixtures.py calls this; run alone it adds to an existing manifest).

Usage: /usr/bin/python3 make_corrupt.py OUTDIR

Each entry: {file, case, kind, target, detail, h5py_error}
  kind    the error h5vds must raise: not_hdf5, truncated, checksum, corrupt_header, bad_dataspace, beyond_eof
  target  "open" when opening the file must fail, else the path of the dataset whose read must fail
  detail  what was changed (byte offsets)
  h5py_error  what libhdf5 1.10.8 says when h5py does the same (null if it did not fail)

Bytes are located with libhdf5's own tools (h5py's object and chunk addresses, h5debug), never with a
format parser of our own, so the script stays independent of the code it tests.
"""
import json
import os
import re
import shutil
import struct
import subprocess
import sys

import numpy as np

os.environ.setdefault("HDF5_PLUGIN_PATH", "/usr/lib/x86_64-linux-gnu/hdf5/serial/plugins")
import h5py  # noqa: E402
from h5py import h5o  # noqa: E402


def h5debug(file, addr):
    r = subprocess.run(["h5debug", file, str(addr)], capture_output=True, text=True, timeout=60)
    if r.returncode != 0:
        raise RuntimeError(f"h5debug {file} {addr} failed: {r.stderr}")
    return r.stdout


def base_files(d):
    """Two small healthy files, latest and earliest format, that the corruptions start from."""
    latest, earliest = os.path.join(d, "base_latest.h5"), os.path.join(d, "base_earliest.h5")
    with h5py.File(latest, "w", libver="latest") as f:
        f.create_dataset("chunked", data=np.arange(600, dtype="<i4").reshape(20, 30), chunks=(5, 7))
        f.create_dataset("contiguous", data=np.arange(50, dtype="<f8"))
        f.create_group("group").attrs["note"] = "healthy"
    with h5py.File(earliest, "w", libver="earliest") as f:
        f.create_dataset("chunked", data=np.arange(600, dtype="<i4").reshape(20, 30), chunks=(5, 7))
        f.create_dataset("contiguous", data=np.arange(50, dtype="<f8"))
        f.create_dataset("odd_shape", data=np.zeros((12345, 3), dtype="<i1"))
        f.create_group("group")
    return latest, earliest


def object_address(file, path):
    with h5py.File(file, "r") as f:
        return h5o.get_info(f[path].id).addr


def header_extent(file, addr):
    """(address, size) of chunk 0 of the object header at addr, as h5debug reports it."""
    text = h5debug(file, addr)
    m = re.search(r"Chunk 0\.\.\.\s+Address:\s+(\d+)\s+Size in bytes:\s+(\d+)", text)
    return int(m.group(1)), int(m.group(2))


def h5py_outcome(file, target):
    """libhdf5's own verdict: None if it opens (and reads target) fine, else its message."""
    try:
        with h5py.File(file, "r") as f:
            if target != "open":
                f[target][()]
        return None
    except Exception as e:  # noqa: BLE001 - any failure is the answer
        return f"{type(e).__name__}: {e}"


def replace_unique(data, old, new, lo=0, hi=None, what=""):
    hi = len(data) if hi is None else hi
    at = data.find(old, lo, hi)
    assert at >= 0, f"{what}: pattern not found"
    assert data.find(old, at + 1, hi) < 0, f"{what}: pattern not unique"
    data[at:at + len(old)] = new
    return at


def make(out):
    d = os.path.join(out, "corrupt")
    if os.path.exists(d):
        shutil.rmtree(d)
    os.makedirs(d)
    latest, earliest = base_files(d)
    entries = []

    def emit(name, data, case, kind, target, detail):
        path = os.path.join(d, name)
        with open(path, "wb") as fh:
            fh.write(bytes(data))
        entries.append({"file": f"corrupt/{name}", "case": case, "kind": kind, "target": target, "detail": detail,
                        "h5py_error": h5py_outcome(path, target)})

    good_latest = bytearray(open(latest, "rb").read())
    good_earliest = bytearray(open(earliest, "rb").read())

    emit("not_hdf5.h5", b"this is a text file, not HDF5\n" * 20, "plain text", "not_hdf5", "open", "no signature")
    emit("empty.h5", b"", "zero bytes", "not_hdf5", "open", "empty file")
    emit("signature_only.h5", good_latest[:8], "the 8-byte signature and nothing else", "truncated", "open",
         "truncated to 8 bytes")
    for label, good in (("latest", good_latest), ("earliest", good_earliest)):
        n = len(good)
        for cut in (5, 30, n // 2, n - 1):
            kind = "not_hdf5" if cut < 8 else "truncated"
            emit(f"truncated_{label}_{cut}.h5", good[:cut], f"{label} file truncated to {cut} of {n} bytes", kind,
                 "open", f"truncated at byte {cut}")

    # superblock v3: the last 4 of its 48 bytes are a lookup3 checksum of the first 44
    bad = bytearray(good_latest)
    bad[44] ^= 0x01
    emit("superblock_checksum.h5", bad, "superblock v3 checksum byte flipped", "checksum", "open",
         "flipped bit 0 of byte 44")
    bad = bytearray(good_latest)
    bad[20] ^= 0x10
    emit("superblock_field_flipped.h5", bad, "superblock v3 field byte flipped (checksum no longer matches)",
         "checksum", "open", "flipped bit 4 of byte 20 (extension address)")

    # a dataset's v2 object header: flip one byte in the middle of chunk 0 (covered by its checksum)
    addr, size = header_extent(latest, object_address(latest, "/chunked"))
    bad = bytearray(good_latest)
    at = addr + size // 2
    bad[at] ^= 0x40
    emit("ohdr_checksum.h5", bad, "v2 object header byte flipped", "checksum", "/chunked",
         f"flipped bit 6 of byte {at} in the OHDR at {addr}")

    # the fixed array header of the chunk index (FAHD, checksummed)
    layout = h5debug(latest, object_address(latest, "/chunked"))
    index = int(re.search(r"Index address:\s+(\d+)", layout).group(1))
    assert bytes(good_latest[index:index + 4]) == b"FAHD", good_latest[index:index + 4]
    bad = bytearray(good_latest)
    bad[index + 8] ^= 0x01
    emit("fixed_array_checksum.h5", bad, "fixed array header byte flipped", "checksum", "/chunked",
         f"flipped bit 0 of byte {index + 8} in the FAHD at {index}")

    # a v1 object header (no checksum) with its messages overwritten by garbage
    addr = object_address(earliest, "/contiguous")
    bad = bytearray(good_earliest)
    rng = np.random.default_rng(99)
    bad[addr + 16:addr + 80] = rng.integers(0, 256, 64, dtype=np.uint8).tobytes()
    emit("v1_header_garbage.h5", bad, "v1 object header messages replaced by random bytes", "corrupt_header",
         "/contiguous", f"bytes {addr + 16}..{addr + 79} of the header at {addr} randomised")
    bad = bytearray(good_earliest)
    bad[addr:addr + 16] = b"\xff" * 16
    emit("v1_header_prefix_garbage.h5", bad, "v1 object header prefix all ones (absurd message count and size)",
         "corrupt_header", "/contiguous", f"bytes {addr}..{addr + 15} set to 0xff")

    # absurd dataspaces: the (12345, 3) dims of /odd_shape rewritten in its v1 header
    addr, size = header_extent(earliest, object_address(earliest, "/odd_shape"))
    dims = struct.pack("<QQ", 12345, 3)
    for label, new, case in (("huge", struct.pack("<QQ", 1 << 60, 3), "dims (2^60, 3): far beyond the storage"),
                             ("overflow", struct.pack("<QQ", 1 << 40, 1 << 40), "dims (2^40, 2^40): element count overflows")):
        bad = bytearray(good_earliest)
        at = bad.find(dims, addr, addr + size)
        assert at >= 0, "dataspace dims not found"
        bad[at:at + 16] = new
        # the maximum dimensions, when present, follow the dims and must stay >= them
        if bad[at + 16:at + 32] == dims:
            bad[at + 16:at + 32] = new
        assert bad.find(dims, addr, addr + size) < 0, "dims found elsewhere in the header"
        emit(f"dataspace_{label}.h5", bad, case, "bad_dataspace", "/odd_shape", f"dims at byte {at} rewritten")

    # addresses past the end of the file: a chunk in the v1 B-tree, and contiguous storage
    with h5py.File(earliest, "r") as f:
        chunk0 = f["chunked"].id.get_chunk_info(0).byte_offset
        contiguous = f["contiguous"].id.get_offset()
    far = len(good_earliest) + 1_000_000
    bad = bytearray(good_earliest)
    at = replace_unique(bad, struct.pack("<Q", chunk0), struct.pack("<Q", far), what="chunk address")
    emit("chunk_beyond_eof.h5", bad, "v1 B-tree chunk address past the end of the file", "beyond_eof", "/chunked",
         f"chunk 0 address at byte {at} set to {far}")
    addr, size = header_extent(earliest, object_address(earliest, "/contiguous"))
    bad = bytearray(good_earliest)
    at = replace_unique(bad, struct.pack("<Q", contiguous), struct.pack("<Q", far), addr, addr + size,
                        "contiguous address")
    emit("contiguous_beyond_eof.h5", bad, "contiguous data address past the end of the file", "beyond_eof",
         "/contiguous", f"data address at byte {at} set to {far}")

    os.remove(latest)
    os.remove(earliest)
    return entries


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make_corrupt.py OUTDIR")
    out = os.path.abspath(sys.argv[1])
    manifest = os.path.join(out, "manifest.json")
    m = json.load(open(manifest)) if os.path.exists(manifest) else {"corrupt": []}
    m["corrupt"] = make(out)
    with open(manifest, "w") as fh:
        json.dump(m, fh, indent=1)
        fh.write("\n")
    print(f"{len(m['corrupt'])} corrupt files")


if __name__ == "__main__":
    main()
