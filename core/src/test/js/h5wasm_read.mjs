// Reads datasets (virtual datasets included) with h5wasm -- libhdf5 2.0.0 compiled to WebAssembly --
// and writes their values as NumPy .npy files, or, with --json, describes them as JSON.
//
//   node h5wasm_read.mjs FILE DATASET OUT.npy [--json]
//   node h5wasm_read.mjs --batch LIST.json      LIST: [{"file", "dataset", "out", "json": bool}, ...]
//
// The batch form reads many datasets in one process (h5wasm takes a while to start) and prints a
// JSON array with one {"ok": bool, "error": string|null} per entry into LIST.json.results.
//
// The h5wasm package is found through the H5WASM_MODULE environment variable (its directory, e.g.
// <project>/.oracles/node_modules/h5wasm), since this script lives outside any node_modules tree.
// h5wasm hands every number over little-endian (it reads with the file type set to little-endian
// order), so the .npy holds the dataset's type in little-endian order: '<i4' for a '>i4' dataset.
// Exit status: 0 on success (batch: always, unless the list is unreadable), 2 when h5wasm or
// libhdf5 fails (message on stderr), 64 on bad usage.
import { pathToFileURL } from "node:url";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const args = process.argv.slice(2);
const batch = args[0] === "--batch";
const json = args.includes("--json");
const positional = args.filter((a) => a !== "--json");
if ((!batch && positional.length !== 3) || (batch && args.length !== 2) || !process.env.H5WASM_MODULE) {
  process.stderr.write("usage: H5WASM_MODULE=DIR node h5wasm_read.mjs FILE DATASET OUT [--json] | --batch LIST.json\n");
  process.exit(64);
}

const h5wasm = await import(pathToFileURL(path.join(process.env.H5WASM_MODULE, "dist/node/hdf5_hl.js")).href);
await h5wasm.ready;
const Module = h5wasm.Module;
const H5T = Module.H5T_class_t;

// The NumPy type string of a dataset's (little-endian) memory type, from h5wasm's metadata.
function descr(meta) {
  const order = meta.size === 1 ? "|" : "<";
  if (meta.type === H5T.H5T_INTEGER.value) return order + (meta.signed ? "i" : "u") + meta.size;
  if (meta.type === H5T.H5T_FLOAT.value) return order + "f" + meta.size;
  if (meta.type === H5T.H5T_COMPOUND.value) {
    // h5py's complex numbers: a compound of two floats of equal size named r and i
    const m = meta.compound_type.members;
    if (m.length === 2 && m[0].name === "r" && m[1].name === "i" && m[0].type === H5T.H5T_FLOAT.value
        && m[1].type === H5T.H5T_FLOAT.value && m[0].size === m[1].size && m[1].offset === m[0].size) {
      return "<c" + meta.size;
    }
  }
  if (meta.type === H5T.H5T_ENUM.value) {
    // h5py's bool: an enum over a one-byte integer with FALSE = 0 and TRUE = 1
    const e = meta.enum_type;
    if (meta.size === 1 && e && e.members && e.members.FALSE === 0 && e.members.TRUE === 1) return "|b1";
  }
  throw new Error(`unsupported datatype for .npy output: ${JSON.stringify(meta)}`);
}

// numpy.save's header: dict literal padded with spaces and '\n' to a multiple of 64 bytes (version 1.0).
function npyHeader(d, shape) {
  const tuple = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
  let text = `{'descr': '${d}', 'fortran_order': False, 'shape': ${tuple}, }`;
  if (shape.length > 0) text += " ".repeat(Math.max(0, 21 - String(shape[0]).length));
  const hlen = text.length + 1;
  const pad = 64 - ((10 + hlen) % 64);
  const header = Buffer.alloc(10 + hlen + pad, 0x20);
  Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]).copy(header, 0);
  header.writeUInt16LE(hlen + pad, 8);
  header.write(text, 10, "latin1");
  header[header.length - 1] = 0x0a;
  return header;
}

function jsonSafe(v) {
  if (typeof v === "bigint") return v.toString();
  if (ArrayBuffer.isView(v)) return Array.from(v, jsonSafe);
  if (Array.isArray(v)) return v.map(jsonSafe);
  if (typeof v === "number" && !Number.isFinite(v)) return String(v);
  return v;
}

// Reads one dataset into `out` (.npy, or a JSON description); throws on any failure.
function readOne(file, dataset, out, json) {
  let f;
  try {
    f = new h5wasm.File(file, "r");
    const ds = f.get(dataset);
    if (!ds || !(ds instanceof h5wasm.Dataset)) throw new Error(`${dataset} is not a dataset in ${file}`);
    const meta = ds.metadata;
    if (json) {
      const attrs = {};
      for (const [name, a] of Object.entries(ds.attrs)) attrs[name] = jsonSafe(a.json_value);
      const description = {
        dtype: (() => { try { return descr(meta); } catch { return null; } })(),
        shape: meta.shape, maxshape: meta.maxshape, chunks: meta.chunks,
        filters: ds.filters, attrs,
        virtual_sources: meta.virtual_sources ?? null,
        // the values as h5wasm decodes them (compounds as lists of members, strings as strings)
        value: (() => {
          if (!meta.shape || meta.shape.reduce((a, b) => a * b, 1) > 10000) return null;
          try { return jsonSafe(ds.json_value); } catch (e) { return { error: message(e) }; }
        })(),
      };
      writeFileSync(out, JSON.stringify(jsonSafe(description), null, 1) + "\n");
      return;
    }
    if (!meta.shape) throw new Error(`${dataset} has a null dataspace: no values to write`);
    const d = descr(meta);
    const count = meta.shape.reduce((a, b) => a * b, 1);
    const nbytes = count * meta.size;
    const ptr = Module._malloc(Math.max(nbytes, 1));
    if (!ptr) throw new Error(`cannot allocate ${nbytes} bytes`);
    try {
      // libhdf5 reports a failed H5Dread (a missing filter, say) by status, not by exception
      const status = Module.get_dataset_data(f.file_id, ds.path, null, null, null, BigInt(ptr));
      if (status < 0) throw new Error(`H5Dread of ${dataset} in ${file} failed (status ${status}; HDF5 diagnostics on stdout)`);
      const data = Buffer.from(Module.HEAPU8.slice(ptr, ptr + nbytes));
      writeFileSync(out, Buffer.concat([npyHeader(d, meta.shape), data]));
    } finally {
      Module._free(ptr);
    }
  } finally {
    if (f) f.close();
  }
}

function message(e) {
  return e && e.message ? e.message : String(e);
}

if (batch) {
  const list = JSON.parse(readFileSync(args[1], "utf8"));
  const results = [];
  for (const item of list) {
    try {
      readOne(item.file, item.dataset, item.out, Boolean(item.json));
      results.push({ ok: true, error: null });
    } catch (e) {
      results.push({ ok: false, error: message(e) });
    }
  }
  // stdout also carries libhdf5's diagnostics, so the results go to a file beside the list
  writeFileSync(args[1] + ".results", JSON.stringify(results) + "\n");
} else {
  try {
    readOne(positional[0], positional[1], positional[2], json);
  } catch (e) {
    process.stderr.write(`h5wasm: ${message(e)}\n`);
    process.exitCode = 2;
  }
}
