// Lists a file as h5wasm (libhdf5 2.0.0 in WebAssembly) sees it: for every object reached from the
// root, its member names (groups) and attribute names, each in the order h5wasm gives them (creation
// order where the object tracks it), as JSON {path: {"links": [...] | null, "attrs": [...]}}.
//
//   H5WASM_MODULE=DIR node h5wasm_listing.mjs FILE
//
// Exit status: 0 on success, 2 when h5wasm or libhdf5 fails (message on stderr), 64 on bad usage.
import { pathToFileURL } from "node:url";
import path from "node:path";

if (process.argv.length !== 3 || !process.env.H5WASM_MODULE) {
  process.stderr.write("usage: H5WASM_MODULE=DIR node h5wasm_listing.mjs FILE\n");
  process.exit(64);
}
const h5wasm = await import(pathToFileURL(path.join(process.env.H5WASM_MODULE, "dist/node/hdf5_hl.js")).href);
await h5wasm.ready;
try {
  const f = new h5wasm.File(process.argv[2], "r");
  const out = {};
  const todo = ["/"];
  while (todo.length > 0) {
    const p = todo.shift();
    const o = f.get(p);
    const isGroup = typeof o.keys === "function";
    const links = isGroup ? o.keys() : null;
    out[p] = { links, attrs: Object.keys(o.attrs) };
    if (isGroup) for (const name of links) todo.push(p === "/" ? "/" + name : p + "/" + name);
  }
  f.close();
  const sorted = {};
  for (const k of Object.keys(out).sort()) sorted[k] = out[k];
  process.stdout.write(JSON.stringify(sorted, null, 1) + "\n");
} catch (e) {
  process.stderr.write(String(e && e.stack ? e.stack : e) + "\n");
  process.exit(2);
}
