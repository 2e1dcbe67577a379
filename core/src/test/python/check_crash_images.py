#!/usr/bin/python3
"""Checks files a writer left behind when it stopped mid-commit (killed, or with unsynced writes
lost): after `h5clear -s` (as for libhdf5's own writers), h5py must open each file and read every
object, and each object must be as one of the two commits around the stop left it: every link,
attribute and dataset property as before or as after, every element of every dataset as before or
as after (raw data overwritten in place may mix), nothing that existed at the earlier commit gone
unless the later one removed it.

Usage: /usr/bin/python3 check_crash_images.py CASES.json
CASES.json: {"states": [dump0, dump1, ...], "images": [{"file": path, "after": k}, ...]}, where
image i stopped between state k and state k+1 (the last state: at or after it). Prints one line
per problem; exit status 1 when there are problems.
"""
import json
import subprocess
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, __import__("os").path.dirname(__import__("os").path.abspath(__file__)))
import dump_tree  # noqa: E402
import h5py  # noqa: E402
import numpy as np  # noqa: E402


def same(a, b):
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


MISSING = object()


def one_of(x, a, b):
    """Whether x equals a or b, either of which may be MISSING (no such state)."""
    return (a is not MISSING and same(x, a)) or (b is not MISSING and same(x, b))


def field(state, key):
    return MISSING if state is None or key not in state else state[key]


def check_dataset(path, got, a, b, problems):
    for key in got:
        if key == "values":
            continue
        if not one_of(got.get(key), field(a, key), field(b, key)):
            problems.append("%s: %s is %s, neither %s nor %s" % (path, key, got.get(key), field(a, key), field(b, key)))
    if "values" not in got:
        if "error" in got:
            problems.append("%s: unreadable: %s" % (path, got["error"]))
        return
    candidates = [s for s in (a, b) if s is not None and "values" in s and s.get("shape") is not None]
    if not any(c.get("shape") == got.get("shape") for c in candidates):
        problems.append("%s: shape %s matches neither state" % (path, got.get("shape")))
        return
    shape = got["shape"]
    for i, v in enumerate(got["values"]):
        coords, rest = [], i
        for n in reversed(shape):
            coords.append(rest % n)
            rest //= n
        coords.reverse()
        seen = []
        for c in candidates:
            cs = c["shape"]
            if len(cs) != len(coords) or any(x >= n for x, n in zip(coords, cs)):
                continue
            j = 0
            for x, n in zip(coords, cs):
                j = j * n + x
            seen.append(c["values"][j])
            if same(v, c["values"][j]):
                break
        else:
            # an element outside the earlier extent reads as the fill value until written
            if not any(same(v, c.get("fill")) for c in candidates):
                problems.append("%s: element %s is %s, in no state (%s)" % (path, coords, v, seen))
                return


def check_group(path, got, a, b, problems):
    la = (a or {}).get("links", {})
    lb = (b or {}).get("links", {})
    for name, link in got.get("links", {}).items():
        if not one_of(link, field(la, name), field(lb, name)):
            problems.append("%s: link %s is %s, in no state" % (path, name, link))
    for name in la:
        if name in lb and name not in got.get("links", {}):
            problems.append("%s: link %s is gone though both states have it" % (path, name))


def check(image, states, k, libhdf5_writes=False):
    a = states[k]
    b = states[k + 1] if k + 1 < len(states) else None
    problems = []
    r = subprocess.run(["h5clear", "-s", image], capture_output=True, text=True)
    if r.returncode != 0:
        return ["h5clear -s failed: " + r.stderr.strip()]
    try:
        got = dump_tree.dump(image)
    except Exception as e:  # noqa: BLE001 - any failure to read is the finding
        return ["h5py cannot read it: %s" % e]
    for path, entry in got.items():
        ea = a.get(path)
        eb = b.get(path) if b is not None else None
        if ea is None and eb is None:
            problems.append("%s: in no state" % path)
            continue
        attrs_a = (ea or {}).get("attrs", {})
        attrs_b = (eb or {}).get("attrs", {})
        for name, attr in entry.get("attrs", {}).items():
            if not one_of(attr, field(attrs_a, name), field(attrs_b, name)):
                problems.append("%s: attribute %s is %s, in no state" % (path, name, attr))
        for name in attrs_a:
            if name in attrs_b and name not in entry.get("attrs", {}):
                problems.append("%s: attribute %s is gone though both states have it" % (path, name))
        if entry.get("kind") == "dataset":
            check_dataset(path, entry, ea, eb, problems)
        elif entry.get("kind") == "group":
            check_group(path, entry, ea, eb, problems)
    for path in a:
        if path not in got and (b is None or path in b):
            problems.append("%s: lost (it was there before and after)" % path)
    if libhdf5_writes and not problems:
        # libhdf5 goes on writing the survivor: allocating and freeing is where inconsistent
        # free-space records (File Space Info message, managers) show — a manager listing space
        # in use would have libhdf5 write over an object, which then reads differently
        try:
            with h5py.File(image, "a") as f:
                f.create_dataset("after_crash", data=np.arange(2000))
                f.create_group("after_crash_group").attrs["n"] = np.arange(300)
                f.attrs["after_crash"] = 1
            with h5py.File(image, "a") as f:
                del f["after_crash"]
            written = dump_tree.dump(image)
            for path, entry in got.items():
                if path != "/" and not same(written.get(path), entry):
                    problems.append("%s changed when libhdf5 wrote into the file" % path)
            for name, link in got["/"].get("links", {}).items():
                if not same(written["/"].get("links", {}).get(name), link):
                    problems.append("/: link %s changed when libhdf5 wrote into the file" % name)
        except Exception as e:  # noqa: BLE001 - any failure to write is the finding
            problems.append("libhdf5 cannot write it: %s" % e)
    return problems


def main():
    with open(sys.argv[1]) as fh:
        cases = json.load(fh)
    states = cases["states"]
    bad = 0
    for image in cases["images"]:
        for p in check(image["file"], states, image["after"], cases.get("libhdf5_writes", False))[:5]:
            print("%s (after state %d): %s" % (image["file"], image["after"], p))
            bad += 1
    print("checked %d images" % len(cases["images"]))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
