#!/usr/bin/python3
"""Opens kerchunk reference sets as a Python user does -- fsspec's ReferenceFileSystem, then zarr
(or xarray) -- and compares every array with what h5py reads from the HDF5 file (or with values
saved earlier as .npy, for datasets h5py cannot decode here).

Usage: check_refs.py CASES.json
CASES: a list of {"refs": REFS.json, "key": zarr path, and either "h5file" + "dataset" [+ "select"]
       or "npy"; optional "xarray_group": open with xarray.open_dataset(engine="zarr") instead}
Prints one line per case; exits non-zero at the first difference.

Chunks left out of a reference set read as the fill value. fsspec 2022.11 (Debian's) fails a
batched read (zarr's FSStore.getitems) that meets such a key with a KeyError instead of leaving it
out, so arrays are read through zarr.storage.KVStore, which asks for one key at a time; an array
whose every chunk is referenced is read through the plain mapper (batched) as well."""
import json
import sys

import fsspec
import h5py
import numpy as np
import zarr


def read_zarr(case):
    if "xarray_group" in case:
        import xarray as xr
        ds = xr.open_dataset("reference://", engine="zarr", group=case["xarray_group"],
                             backend_kwargs={"consolidated": False, "storage_options": {"fo": case["refs"]}},
                             mask_and_scale=False)
        name = case["key"].split("/")[-1]
        return ds[name].values, None
    fs = fsspec.filesystem("reference", fo=case["refs"])
    z = zarr.open(zarr.storage.KVStore(fs.get_mapper("")), mode="r")[case["key"]]
    values = z[...]
    if z.nchunks_initialized == z.nchunks:
        batched = zarr.open(fs.get_mapper(""), mode="r")[case["key"]][...]
        assert np.array_equal(batched, values, equal_nan=values.dtype.kind in "fc"), case
    return values, z.fill_value


def main():
    cases = json.load(open(sys.argv[1]))
    for case in cases:
        got, fill = read_zarr(case)
        if "npy" in case:
            want = np.load(case["npy"])
        else:
            with h5py.File(case["h5file"], "r") as f:
                d = f[case["dataset"]]
                want = eval("d[" + case["select"] + "]") if case.get("select") else d[()]
                if fill is not None and d.fillvalue is not None:
                    # each element of an array type's fill value is Zarr's one
                    want_fill = np.asarray(d.fillvalue)
                    same = bool(np.all((want_fill == fill) | (np.isnan(want_fill) & np.isnan(fill)) if want_fill.dtype.kind in "fc"
                                       else want_fill == fill))
                    assert same, (case, "fill", fill, d.fillvalue)
        want = np.asarray(want)
        got = np.asarray(got)
        assert got.dtype == want.dtype, (case, got.dtype, want.dtype)
        assert got.shape == want.shape, (case, got.shape, want.shape)
        nan = want.dtype.kind in "fc"
        if not np.array_equal(got, want, equal_nan=nan):
            diff = np.argwhere(~((got == want) | ((got != got) & (want != want)) if nan else got == want))
            raise AssertionError("%s: %d elements differ, first at %s: zarr %r, h5py %r"
                                 % (case, len(diff), diff[0], got[tuple(diff[0])], want[tuple(diff[0])]))
        print("ok", case["refs"], case["key"], got.shape, got.dtype)


main()
