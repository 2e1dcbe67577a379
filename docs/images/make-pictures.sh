#!/usr/bin/env bash
# Remakes the pictures of VDS mappings in this folder (they illustrate the README):
#   excalibur.png      6 detector stripes of 256 rows with 10-row gaps over a 1536-wide frame
#   percival.png       4 files interleaved frame by frame along axis 0, drawn on axes 0 and 1
#   many-mappings.png  100,000 mappings from 100 files, aggregated
# The layouts are built with h5py's VirtualLayout (Debian's /usr/bin/python3: h5py 3.7, libhdf5
# 1.10.8), drawn with `h5vds mappings FILE DATASET --svg OUT`, and rendered to PNG with rsvg-convert
# (Debian package librsvg2-bin). Sources are created but left unwritten, so the files stay tiny.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
command -v rsvg-convert >/dev/null || { echo "make-pictures.sh: needs rsvg-convert (apt-get install librsvg2-bin)" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"

/usr/bin/python3 - <<'PY'
import h5py

# Excalibur (h5py examples/excalibur_detector_modules.py): 6 stripes, 10-row gaps, fill value 1
for i in range(1, 7):
    with h5py.File(f'stripe_{i}.h5', 'w') as f:
        f.create_dataset('data', shape=(5, 256, 1536), dtype='uint16', chunks=(1, 256, 1536))
layout = h5py.VirtualLayout((5, 6 * 256 + 5 * 10, 1536), 'uint16')
for i in range(6):
    layout[:, 266 * i:266 * i + 256, :] = h5py.VirtualSource(f'stripe_{i + 1}.h5', 'data', shape=(5, 256, 1536))
with h5py.File('full_detector.h5', 'w', libver='latest') as f:
    f.create_virtual_dataset('full_frame', layout, fillvalue=1)

# Percival (h5py examples/percival_use_case.py): frames 0, 4, 8, ... from raw_file_1, 1, 5, 9, ... from raw_file_2, ...
frames = [200, 200, 200, 199]
for i, n in enumerate(frames):
    with h5py.File(f'raw_file_{i + 1}.h5', 'w') as f:
        f.create_dataset('data', shape=(n, 2000, 2000), dtype='uint16')
layout = h5py.VirtualLayout((799, 2000, 2000), 'uint16')
for i, n in enumerate(frames):
    layout[i:799:4] = h5py.VirtualSource(f'raw_file_{i + 1}.h5', 'data', shape=(n, 2000, 2000))
with h5py.File('full_time_series.h5', 'w', libver='latest') as f:
    f.create_virtual_dataset('data', layout, fillvalue=1)

# 100,000 mappings: a 1000 x 1000 plane tiled with 1 x 10 pieces, piece (r, c) from file (r * 7 + c) % 100
sources = []
for j in range(100):
    with h5py.File(f'src_{j:02d}.h5', 'w') as f:
        f.create_dataset('data', shape=(1000, 10), dtype='int16')
    sources.append(h5py.VirtualSource(f'src_{j:02d}.h5', 'data', shape=(1000, 10)))
layout = h5py.VirtualLayout((1000, 1000), 'int16')
for r in range(1000):
    for c in range(100):
        layout[r, 10 * c:10 * c + 10] = sources[(r * 7 + c) % 100][r]
with h5py.File('many.h5', 'w', libver='latest') as f:
    f.create_virtual_dataset('v', layout, fillvalue=-1)
PY

"$root/h5vds" mappings full_detector.h5 full_frame --svg excalibur.svg | tail -n 1
"$root/h5vds" mappings full_time_series.h5 data --axes 0,1 --svg percival.svg | tail -n 1
"$root/h5vds" mappings many.h5 v --svg many-mappings.svg | tail -n 1
rsvg-convert excalibur.svg -o "$here/excalibur.png"
rsvg-convert percival.svg -o "$here/percival.png"
rsvg-convert many-mappings.svg -o "$here/many-mappings.png"
echo "make-pictures.sh: wrote $here/{excalibur,percival,many-mappings}.png"
