package org.h5vds.testing;

/**
 * An h5py script that describes a file's creation orders, for tests that compare a file h5vds wrote
 * or changed with a twin libhdf5 wrote or changed: every object's link and attribute creation order
 * flags (tracked | indexed), its links and attributes in h5py's listing order with their creation
 * order (null where not tracked), the root included. Run with {@code Python.run(SCRIPT, file)}.
 */
public final class CreationOrderDump {
    public static final String SCRIPT = """
            import sys, json, h5py
            out = {}
            with h5py.File(sys.argv[1], 'r') as f:
                def seen(name, o):
                    p = o.id.get_create_plist()
                    row = {'attr_flags': p.get_attr_creation_order(),
                           'attrs': [[n, h5py.h5a.get_info(o.id, n.encode()).corder if p.get_attr_creation_order() else None] for n in o.attrs]}
                    if isinstance(o, h5py.Group):
                        tracked = p.get_link_creation_order()
                        row['link_flags'] = tracked
                        row['links'] = [[n, o.id.links.get_info(n.encode()).corder if tracked else None] for n in o]
                    out[name] = row
                seen('/', f['/'])
                f.visititems(seen)
            print(json.dumps(out, sort_keys=True, indent=1))
            """;

    private CreationOrderDump() {
    }
}
