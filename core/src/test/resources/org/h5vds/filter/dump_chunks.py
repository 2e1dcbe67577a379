"""Writes chunked datasets through libhdf5's filters and the Debian filter plugins, then dumps every
stored chunk (bytes and filter mask), the pipeline's client data and the decoded chunk bytes numpy
expects, for FilterOracleTest. Usage: dump_chunks.py OUTDIR"""
import json
import os
import sys

import h5py
import hdf5plugin
import numpy as np

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(20240611)


def smooth(n, dtype):
    """Compressible but not trivial: a slow ramp plus small noise."""
    dt = np.dtype(dtype)
    base = np.arange(n) // 7 + rng.integers(0, 40, n)
    if dt.kind == 'f':
        return (base / 3.0 + np.sin(np.arange(n) / 50.0)).astype(dt)
    info = np.iinfo(dt)
    return np.clip(base % (int(info.max) + 1) + (info.min if info.min < 0 and n > 1000 else 0), info.min, info.max).astype(dt)


def noise(n, dtype):
    dt = np.dtype(dtype)
    return np.frombuffer(rng.bytes(n * dt.itemsize), dtype=dt).copy()


cases = []


def case(name, data, chunks, fillvalue=None, **opts):
    cases.append((name, data, chunks, fillvalue, opts))


# built-in filters, several dtypes, 2-D with edge chunks
for dt in ['<u1', '<i2', '<u2', '<i4', '>i4', '<f4', '<f8', '<i8']:
    d2 = smooth(37 * 23, dt).reshape(37, 23)
    tag = dt.replace('<', 'le').replace('>', 'be')
    case(f'gzip4_{tag}', d2, (8, 10), compression='gzip', compression_opts=4)
    case(f'shuffle_{tag}', d2, (8, 10), shuffle=True)
    case(f'fletcher32_{tag}', d2, (8, 10), fletcher32=True)
    case(f'shuf_gzip_f32_{tag}', d2, (8, 10), shuffle=True, compression='gzip', fletcher32=True)
    case(f'lzf_{tag}', d2, (8, 10), compression='lzf')
    case(f'lzf_shuf_{tag}', d2, (16, 23), compression='lzf', shuffle=True)
    case(f'bzip2_{tag}', d2, (8, 10), **hdf5plugin.BZip2())
    case(f'lz4_{tag}', d2, (8, 10), **hdf5plugin.LZ4())
for level in [1, 9]:
    case(f'gzip{level}', smooth(5000, '<i4'), (1000,), compression='gzip', compression_opts=level)
case('gzip_noise', noise(3000, '<u2'), (1000,), compression='gzip')
case('fletcher32_odd', smooth(7, '<u1'), (7,), fletcher32=True)
case('lzf_noise', noise(3000, '<u2'), (1000,), compression='lzf')
case('bzip2_block1', smooth(4000, '<i2'), (4000,), **hdf5plugin.BZip2(blocksize=1))
case('lz4_blocks', smooth(6000, '<i4'), (6000,), **hdf5plugin.LZ4(nbytes=1024))
case('lz4_noise', noise(6000, '<i4'), (6000,), **hdf5plugin.LZ4(nbytes=4000))

# scale-offset: integers (auto and fixed minbits, fill values, full precision), floats (D-scale)
for dt in ['<u1', '<i1', '<i2', '<u2', '<i4', '>i4', '<u4', '<i8', '>u8']:
    tag = dt.replace('<', 'le').replace('>', 'be')
    d = smooth(997, dt)
    case(f'so_auto_{tag}', d, (100,), scaleoffset=True)
    case(f'so_bits6_{tag}', d & 63 if np.dtype(dt).kind == 'u' else d % 30, (100,), scaleoffset=6)
    withfill = d.copy()
    withfill[::13] = 5
    case(f'so_fill_{tag}', withfill, (100,), fillvalue=5, scaleoffset=True)
    case(f'so_wide_{tag}', noise(997, dt), (100,), scaleoffset=True)
    case(f'so_const_{tag}', np.full(300, 9, dtype=dt), (100,), scaleoffset=True)
for dt in ['<f4', '<f8', '>f8']:
    tag = dt.replace('<', 'le').replace('>', 'be')
    d = smooth(997, dt)
    for digits in [0, 2, 3]:
        case(f'so_d{digits}_{tag}', d, (100,), scaleoffset=digits)
    withfill = d.copy()
    withfill[::11] = -1.5
    case(f'so_fill_{tag}', withfill, (100,), fillvalue=-1.5, scaleoffset=2)

# bitshuffle: element sizes 1..8, leftovers (chunk not a multiple of 8), default and set block sizes
for dt in ['<u1', '<u2', '<i4', '<f8', '>i2']:
    tag = dt.replace('<', 'le').replace('>', 'be')
    d = smooth(11000, dt)
    for cname in ['none', 'lz4', 'zstd']:
        case(f'bs_{cname}_{tag}', d, (5003,), **hdf5plugin.Bitshuffle(cname=cname))
        case(f'bs_{cname}_64_{tag}', d, (1001,), **hdf5plugin.Bitshuffle(nelems=64, cname=cname))
    case(f'bs_lz4_2d_{tag}', smooth(37 * 23, dt).reshape(37, 23), (7, 5), **hdf5plugin.Bitshuffle(cname='lz4'))
rec = np.zeros(500, dtype=[('a', '<i4'), ('b', '<i2'), ('c', 'u1')])
rec['a'] = smooth(500, '<i4')
rec['b'] = smooth(500, '<i2')
rec['c'] = smooth(500, '<u1')
case('bs_lz4_rec7', rec, (203,), **hdf5plugin.Bitshuffle(cname='lz4'))
case('bs_noise', noise(5000, '<u2'), (5000,), **hdf5plugin.Bitshuffle(cname='lz4'))

# blosc: every codec and shuffle mode; 1.2 MB chunks span several blosc blocks with a leftover
for cname in ['blosclz', 'lz4', 'lz4hc', 'snappy', 'zlib', 'zstd']:
    for shuf, stag in [(hdf5plugin.Blosc.NOSHUFFLE, 'noshuf'), (hdf5plugin.Blosc.SHUFFLE, 'shuf'),
                       (hdf5plugin.Blosc.BITSHUFFLE, 'bitshuf')]:
        case(f'blosc_{cname}_{stag}_big', smooth(700000, '<i4'), (300001,), **hdf5plugin.Blosc(cname=cname, clevel=5, shuffle=shuf))
        case(f'blosc_{cname}_{stag}_u2', smooth(37 * 23, '<u2').reshape(37, 23), (8, 10), **hdf5plugin.Blosc(cname=cname, clevel=9, shuffle=shuf))
    case(f'blosc_{cname}_f8', smooth(5000, '<f8'), (1003,), **hdf5plugin.Blosc(cname=cname, clevel=1, shuffle=hdf5plugin.Blosc.SHUFFLE))
    case(f'blosc_{cname}_noise', noise(5000, '<i4'), (5000,), **hdf5plugin.Blosc(cname=cname, shuffle=hdf5plugin.Blosc.SHUFFLE))
case('blosc_tiny', smooth(30, '<i4'), (30,), **hdf5plugin.Blosc(cname='lz4'))
case('blosc_rec7', rec, (203,), **hdf5plugin.Blosc(cname='lz4', shuffle=hdf5plugin.Blosc.BITSHUFFLE))

path = os.path.join(out, 'filters.h5')
manifest = []
with h5py.File(path, 'w') as f:
    for name, data, chunks, fillvalue, opts in cases:
        kw = {} if fillvalue is None else {'fillvalue': fillvalue}
        f.create_dataset(name, data=data, chunks=chunks, **kw, **opts)
with h5py.File(path, 'r') as f:
    for name, data, chunks, fillvalue, opts in cases:
        d = f[name]
        plist = d.id.get_create_plist()
        filters = []
        for i in range(plist.get_nfilters()):
            fid, flags, cd, fname = plist.get_filter(i)
            filters.append([int(fid), int(flags), [int(v) for v in cd], fname.decode('latin-1')])
        entry = {'name': name, 'itemsize': d.dtype.itemsize, 'chunks': list(d.chunks), 'filters': filters, 'chunk_list': []}
        for i in range(d.id.get_num_chunks()):
            info = d.id.get_chunk_info(i)
            mask, stored = d.id.read_direct_chunk(info.chunk_offset)
            sel = tuple(slice(o, min(o + c, s)) for o, c, s in zip(info.chunk_offset, d.chunks, d.shape))
            full = np.full(d.chunks, d.fillvalue, dtype=d.dtype)
            full[tuple(slice(0, s.stop - s.start) for s in sel)] = d[sel]
            base = os.path.join(out, f'{name}.{i}')
            with open(base + '.stored', 'wb') as o:
                o.write(stored)
            with open(base + '.expected', 'wb') as o:
                o.write(full.tobytes())
            entry['chunk_list'].append({'stored': base + '.stored', 'expected': base + '.expected',
                                        'mask': int(mask), 'address': int(info.byte_offset)})
        manifest.append(entry)
with open(os.path.join(out, 'manifest.json'), 'w') as o:
    json.dump({'file': path, 'datasets': manifest}, o, indent=1)
print(len(manifest))
