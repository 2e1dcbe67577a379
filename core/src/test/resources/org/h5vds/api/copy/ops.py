"""Copies as ObjectCopyTest asks, with h5py (libhdf5's H5Ocopy): ops.py SOURCE_FILE DEST_FILE OPS, where OPS is
"SRC|DEST|FLAGS|INTO;..." (FLAGS: h5py keyword flags, comma-separated; INTO: a group of the destination to copy
SRC into, under its name). The same file twice copies within it."""
import sys, h5py
# ops: one per line "SRC|DEST|FLAGS|INTO"; SRC: path in the source file; DEST: path; FLAGS: comma list; INTO: group path (dest as group)
def run(src_path, dst_path, ops):
    same = src_path == dst_path
    with h5py.File(dst_path, 'r+' if same else 'a') as dst:
        src = dst if same else h5py.File(src_path, 'r')
        for line in ops:
            s, d, flags, into = line.split('|')
            kw = {k: True for k in flags.split(',') if k}
            if into:
                src.copy(s, dst[into], **kw)
            elif same:
                dst.copy(s, d, **kw)
            else:
                dst.copy(src[s], d, **kw)
        if not same: src.close()
if __name__ == '__main__':
    run(sys.argv[1], sys.argv[2], [l for l in sys.argv[3].split(';') if l])
