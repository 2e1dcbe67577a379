// h5wasm (libhdf5 2.0.0) writes into an existing file: opens FILE with mode "a", adds the int32 dataset NAME of
// N elements (values 3 * i) and a group NAME_group with an int32 attribute n = N, closes it.
//
//   node h5wasm_append.mjs FILE NAME N          (the H5WASM_MODULE environment variable names h5wasm's folder)
import { pathToFileURL } from "node:url";
import path from "node:path";

const h5wasm = await import(pathToFileURL(path.join(process.env.H5WASM_MODULE, "dist/node/hdf5_hl.js")).href);
await h5wasm.ready;
const [file, name, count] = process.argv.slice(2);
const n = Number(count);
const f = new h5wasm.File(file, "a");
f.create_dataset({ name, data: new Int32Array(n).map((_, i) => 3 * i), shape: [n], dtype: "<i4" });
const g = f.create_group(name + "_group");
g.create_attribute("n", new Int32Array([n]), [], "<i4");
f.close();
