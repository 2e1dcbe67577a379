// Reads every dataset NAME of a file through h5wasm and the HDF Group filter plugins of
// h5wasm-plugins, and compares it with its unfiltered twin NAME_raw; one JSON line per dataset.
import * as h5wasm from 'h5wasm/node';
import { install_local_plugins } from 'h5wasm-plugins';

const module = await h5wasm.ready;
install_local_plugins(module);
const f = new h5wasm.File(process.argv[2], 'r');
for (const name of f.keys().filter((k) => !k.endsWith('_raw'))) {
  let ok = false;
  let detail = '';
  try {
    const a = f.get(name).value;
    const b = f.get(`${name}_raw`).value;
    ok = a.length === b.length && a.every((v, i) => v === b[i]);
    if (!ok) detail = `values differ (lengths ${a.length} and ${b.length})`;
  } catch (e) {
    detail = String(e);
  }
  console.log(JSON.stringify({ name, ok, detail, filters: f.get(name).filters }));
}
f.close();
