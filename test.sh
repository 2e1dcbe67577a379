#!/usr/bin/env bash
# Runs every test. First installs the oracles the interoperability tests need when they are missing:
# h5py/libhdf5 1.10, h5dump/h5debug, the filter plugins, python3-zstandard (the fixture script
# writes zstd chunks with it), zarr, fsspec, numcodecs and xarray (which read h5vds refs' reference
# sets) and nginx (the HTTP range server of the remote tests) from Debian, and h5wasm 0.10.3 (libhdf5 2.0.0)
# from npm. Maven fetches the libhdf5 1.14.3 JNI oracle (org.bytedeco:hdf5) itself.
# The tests fail, rather than skip, when an oracle is absent.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

debs=(python3-h5py python3-numpy hdf5-tools hdf5-filter-plugin bitshuffle hdf5-filter-plugin-blosc-serial python3-hdf5plugin
      python3-zstandard python3-zarr python3-fsspec python3-numcodecs python3-xarray nginx-light)
missing=()
for p in "${debs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
# node may come from elsewhere than Debian (it bundles npm then): install Debian's only when absent
command -v node >/dev/null && command -v npm >/dev/null || missing+=(nodejs npm)
if (( ${#missing[@]} )); then
  echo "test.sh: installing ${missing[*]}" >&2
  sudo_cmd=(); [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [[ ! -d .oracles/node_modules/h5wasm ]]; then
  echo "test.sh: installing h5wasm into .oracles" >&2
  mkdir -p .oracles
  (cd .oracles && [[ -f package.json ]] || echo '{"private":true}' > package.json; npm install --silent --no-audit --no-fund h5wasm@0.10.3 >/dev/null)
fi

# The HDF Group's zstd plugin and a bitshuffle with zstd, which Debian lacks, built for h5wasm.
if [[ ! -d .oracles/node_modules/h5wasm-plugins ]]; then
  echo "test.sh: installing h5wasm-plugins into .oracles" >&2
  (cd .oracles && npm install --silent --no-audit --no-fund --legacy-peer-deps h5wasm-plugins@0.2.1 >/dev/null)
fi

export HDF5_PLUGIN_PATH=/usr/lib/x86_64-linux-gnu/hdf5/serial/plugins
exec mvn -B -ntp test "$@"
