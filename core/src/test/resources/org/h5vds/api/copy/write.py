"""The source files of ObjectCopyTest: src.h5 (every kind of object, link and value a copy meets),
vsrc.h5 (a virtual dataset's source) and ext.h5 (an external link's target), in the folder given."""
import sys, os, h5py, numpy as np
d = sys.argv[1]
with h5py.File(os.path.join(d, 'vsrc.h5'), 'w') as f:
    f['data'] = np.arange(12, dtype='<i4').reshape(3, 4)
with h5py.File(os.path.join(d, 'ext.h5'), 'w') as f:
    f['target/values'] = np.arange(5, dtype='>f8')
    f['target'].attrs['where'] = 'ext'
with h5py.File(os.path.join(d, 'src.h5'), 'w') as f:
    g = f.create_group('g')
    g.attrs['title'] = 'group g'
    g.attrs.create('fixed', np.array([b'ab', b'cde'], dtype='S3'))
    g.attrs['ints'] = np.arange(6, dtype='>i2').reshape(2, 3)
    g.attrs['empty'] = h5py.Empty('f4')
    g.attrs.create('oref', g.ref, dtype=h5py.ref_dtype)
    g.attrs.create('vseq', [np.array([1, 2], 'i4'), np.array([3], 'i4')], dtype=h5py.vlen_dtype('i4'))
    d1 = g.create_dataset('d', data=np.arange(20, dtype='<i8').reshape(4, 5))
    d1.attrs['units'] = 'mm'
    g.create_dataset('z', (100, 30), dtype='<f4', chunks=(10, 7), compression='gzip', compression_opts=6, shuffle=True,
                     fillvalue=-1.5, maxshape=(None, 30))
    g['z'][5:25, 3:20] = np.arange(20 * 17, dtype='f4').reshape(20, 17)
    g.create_dataset('lz', data=np.arange(3000, dtype='u2').reshape(30, 100), chunks=(8, 32), compression='lzf')
    # scale-offset, which h5vds reads but does not write: its chunks are copied as stored
    g.create_dataset('so', data=np.linspace(0, 10, 200).reshape(20, 10), chunks=(5, 10), scaleoffset=3)
    g.create_dataset('fl', data=np.linspace(0, 1, 64).reshape(8, 8), chunks=(4, 4), fletcher32=True)
    compact = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
    compact.set_layout(h5py.h5d.COMPACT)
    g.create_dataset('compact', data=np.arange(4, dtype='u1'), dcpl=compact)
    g['scalar'] = np.float64(2.5)
    g['str_scalar'] = 'hello'
    g.create_dataset('vs', data=['one', 'two', 'three', '', 'ünï'], dtype=h5py.string_dtype(), chunks=(2,), compression='gzip')
    g.create_dataset('vsc', data=['x', 'yy'], dtype=h5py.string_dtype('ascii'))
    vl = g.create_dataset('vl', (3,), dtype=h5py.vlen_dtype('<i2'))
    vl[0] = [1, 2, 3]; vl[2] = [7]
    cmp_t = np.dtype([('id', '<u4'), ('name', h5py.string_dtype()), ('pos', '<f8', (2,))])
    c = np.zeros(3, cmp_t); c['id'] = [1, 2, 3]; c['name'] = ['a', 'bb', 'ccc']; c['pos'] = [[1, 2], [3, 4], [5, 6]]
    g.create_dataset('cmp', data=c)
    g.create_dataset('fs', data=np.array([b'abc', b'de'], 'S4'))
    g.create_dataset('e', data=np.array([0, 1, 1], 'i1'), dtype=h5py.enum_dtype({'OFF': 0, 'ON': 1}, basetype='i1'))
    g.create_dataset('b', data=np.array([True, False]))
    g.create_dataset('cplx', data=np.array([1 + 2j, 3 - 4j], '<c16'))
    g.create_dataset('unwritten', (10, 10), dtype='f8', fillvalue=3.25)
    g.create_dataset('empty', data=h5py.Empty('<u2'))
    g.create_dataset('unwritten_chunked', (10, 10), dtype='i2', chunks=(5, 5), fillvalue=9)
    r = g.create_dataset('refs', (4,), dtype=h5py.ref_dtype)
    r[0] = d1.ref; r[1] = f.ref; r[2] = g['z'].ref
    rr = g.create_dataset('rrefs', (2,), dtype=h5py.regionref_dtype)
    rr[0] = d1.regionref[1:3, 2:4]
    g['hard'] = d1
    g['t'] = np.dtype([('a', '<i2'), ('b', 'S3')])
    g['t'].attrs['about'] = 'a named type'
    g.create_dataset('typed', data=np.array([(1, b'x'), (2, b'yz')], g['t'].dtype), dtype=g['t'])
    g['soft'] = h5py.SoftLink('/outside')
    g['soft_in'] = h5py.SoftLink('/g/d')
    g['dangling'] = h5py.SoftLink('/nowhere')
    g['ext'] = h5py.ExternalLink('ext.h5', '/target')
    g['ext_missing'] = h5py.ExternalLink('missing.h5', '/x')
    g['sub/deep/leaf'] = np.arange(3)
    g['sub'].attrs['level'] = 1
    g['sub/back'] = g  # a hard link back up: a cycle
    f['outside'] = np.arange(4, dtype='f2')
    f['outside'].attrs['is'] = 'outside'
    f['x'] = np.arange(4.0)
    f['img'] = np.zeros((4, 3))
    f['x'].make_scale('x')
    f['img'].dims[0].attach_scale(f['x'])
    lay = h5py.VirtualLayout((2, 3, 4), '<i4')
    lay[0] = h5py.VirtualSource('vsrc.h5', 'data', (3, 4))
    lay[1] = h5py.VirtualSource('.', '/g/d', (4, 5))[0:3, 0:4]
    f.create_virtual_dataset('vds', lay, fillvalue=-7)
    f['vds'].attrs['kind'] = 'virtual'
