"""Prints a file as ObjectCopyTest compares two: every link, object, creation property, attribute and value, with
references as the paths they name (null when they name nothing), each object once (later links: "same as")."""
import sys, json, h5py, numpy as np

def norm(f, v):
    if isinstance(v, h5py.RegionReference):
        if not v:
            return None
        try:
            d = f[v]
            return ['region', d.name, [list(map(int, b)) for b in h5py.h5r.get_region(v, d.id).get_select_bounds()]]
        except Exception:
            return None  # libhdf5's object copy leaves references it cannot update pointing nowhere
    if isinstance(v, h5py.Reference):
        if not v:
            return None
        try:
            return ['ref', f[v].name]
        except Exception:
            return None
    if isinstance(v, h5py.Empty):
        return ['empty', v.dtype.str]
    if isinstance(v, np.ndarray):
        if v.dtype.kind in 'OV' or v.dtype.names:
            return [list(v.shape), [norm(f, x) for x in v.ravel()]]
        return [v.dtype.str, list(v.shape), [norm(f, x) for x in v.ravel().tolist()]]
    if isinstance(v, np.void):
        return [norm(f, x) for x in v.tolist()] if v.dtype.names is None else [norm(f, v[n]) for n in v.dtype.names]
    if isinstance(v, np.generic):
        return norm(f, v.item())
    if isinstance(v, (tuple, list)):
        return [norm(f, x) for x in v]
    if isinstance(v, bytes):
        return ['b', v.hex()]
    if isinstance(v, float) or isinstance(v, complex):
        return repr(v)
    return v

def selected(space):
    if space.get_select_type() == h5py.h5s.SEL_ALL:
        return ['all', list(space.shape)]
    return [list(space.shape), list(map(list, space.get_select_bounds())), space.get_select_npoints()]

def attrs(f, o):
    out = {}
    for k in sorted(o.attrs.keys()):
        a = o.attrs.get_id(k)
        out[k] = [a.get_type().encode().hex(), a.shape, norm(f, o.attrs[k])]
    return out

def dataset(f, d):
    dcpl = d.id.get_create_plist()
    out = {'type': d.id.get_type().encode().hex(), 'committed': d.id.get_type().committed(), 'shape': d.shape, 'maxshape': d.maxshape, 'chunks': d.chunks,
           'layout': dcpl.get_layout(), 'filters': [list(dcpl.get_filter(i)[:3]) for i in range(dcpl.get_nfilters())],
           'fill_defined': dcpl.fill_value_defined(), 'fillvalue': None if d.dtype.hasobject else norm(f, d.fillvalue), 'attrs': attrs(f, d)}
    for i, fl in enumerate(out['filters']):
        fl[2] = list(fl[2])
    if d.is_virtual:
        out['sources'] = [[selected(s.vspace), s.file_name, s.dset_name, selected(s.src_space)] for s in d.virtual_sources()]
    elif d.chunks:
        out['stored_chunks'] = d.id.get_num_chunks()
    elif dcpl.get_layout() == h5py.h5d.CONTIGUOUS:
        out['allocated'] = d.id.get_storage_size() > 0
    out['values'] = norm(f, d[()])
    return out

def walk(f, g, path, seen, out):
    for name in sorted(g.keys()):
        p = path + '/' + name if path != '/' else '/' + name
        link = g.get(name, getlink=True)
        if isinstance(link, h5py.SoftLink):
            out[p] = ['soft', link.path]
            continue
        if isinstance(link, h5py.ExternalLink):
            out[p] = ['external', link.filename, link.path]
            continue
        o = g[name]
        addr = h5py.h5o.get_info(o.id).addr
        if addr in seen:
            out[p] = ['same as', seen[addr]]
            continue
        seen[addr] = p
        rc = h5py.h5o.get_info(o.id).rc  # every hard link counted, as libhdf5 needs to delete safely
        if isinstance(o, h5py.Group):
            out[p] = ['group', rc, attrs(f, o)]
            walk(f, o, p, seen, out)
        elif isinstance(o, h5py.Dataset):
            out[p] = ['dataset', rc, dataset(f, o)]
        else:
            out[p] = ['datatype', rc, o.id.encode().hex(), attrs(f, o)]

with h5py.File(sys.argv[1], 'r') as f:
    out = {}
    seen = {h5py.h5o.get_info(f.id).addr: '/'}
    out['/'] = ['group', attrs(f, f)]
    walk(f, f, '/', seen, out)
    print(json.dumps(out, indent=1, sort_keys=True, default=str))
