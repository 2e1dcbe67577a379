// Writes and changes files with h5wasm (libhdf5 2.0.0) in its newest format (libver v200): chunked datasets get
// layout message version 5, whose chunk indexes give a filtered chunk's size 8 bytes.
//
//   node h5wasm_layout_v5.mjs make FILE      the datasets below, values i * 7 (int32), plain and gzip
//   node h5wasm_layout_v5.mjs change FILE    every dataset: rows 0-1 (axis 0) set to -1; unlimited ones grow
//                                            by 3 along axis 0, the new rows set to 5
//
// Datasets (name: shape, maxshape, chunks, index libhdf5 picks): ea (1000) (None) (100) extensible array;
// fa (10,100) fixed (5,20) fixed array; bt2 (10,100) (None,None) (4,30) v2 B-tree; single (10,100) fixed
// (10,100) single chunk; each also with _gzip. The H5WASM_MODULE environment variable names h5wasm's folder.
import { pathToFileURL } from "node:url";
import path from "node:path";

const h5wasm = await import(pathToFileURL(path.join(process.env.H5WASM_MODULE, "dist/node/hdf5_hl.js")).href);
await h5wasm.ready;
const [mode, file] = process.argv.slice(2);
const names = ["ea", "fa", "bt2", "single"].flatMap((n) => [n, n + "_gzip"]);

if (mode === "make") {
  const f = new h5wasm.File(file, "w", { libver: "v200" });
  const values = new Int32Array(1000).map((_, i) => i * 7);
  for (const gz of [false, true]) {
    const opt = gz ? { compression: "gzip", compression_opts: 4 } : {};
    const s = gz ? "_gzip" : "";
    f.create_dataset({ name: "ea" + s, data: values, shape: [1000], maxshape: [null], chunks: [100], dtype: "<i4", ...opt });
    f.create_dataset({ name: "fa" + s, data: values, shape: [10, 100], chunks: [5, 20], dtype: "<i4", ...opt });
    f.create_dataset({ name: "bt2" + s, data: values, shape: [10, 100], maxshape: [null, null], chunks: [4, 30], dtype: "<i4", ...opt });
    f.create_dataset({ name: "single" + s, data: values, shape: [10, 100], chunks: [10, 100], dtype: "<i4", ...opt });
  }
  f.close();
} else if (mode === "change") {
  const f = new h5wasm.File(file, "a");
  for (const name of names) {
    const d = f.get(name);
    const shape = d.shape;
    const row = shape.length === 1 ? 1 : shape[1];
    d.write_slice([[0, 2]], new Int32Array(2 * row).fill(-1));
    const max = d.metadata.maxshape[0];
    if (max === null || max > 1e18) {   // h5wasm reports H5S_UNLIMITED as a number near 2^64
      const grown = [shape[0] + 3, ...shape.slice(1)];
      d.resize(grown);
      d.write_slice([[shape[0], shape[0] + 3]], new Int32Array(3 * row).fill(5));
    }
  }
  f.close();
} else {
  process.stderr.write("usage: node h5wasm_layout_v5.mjs make|change FILE\n");
  process.exit(64);
}
