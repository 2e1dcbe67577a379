package org.h5vds.format;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.h5vds.testing.Python;

/**
 * Files written by h5py (libhdf5 1.10.8) at test time, and what libhdf5 itself reports about them.
 */
final class H5pyFixtures {
    private H5pyFixtures() {
    }

    /** Runs {@code body} (Python, with {@code h5py}, {@code np} and {@code path} = argv[1] defined) to write a file. */
    static Path write(Path dir, String name, String body) {
        Path file = dir.resolve(name);
        Python.run("import sys, h5py, numpy as np\npath = sys.argv[1]\n" + body + "\n", file);
        return file;
    }

    /** Object path to object header address (relative), as H5Oget_info reports, for every object in the file. */
    static Map<String, Long> addresses(Path file) {
        String out = Python.run("""
                import sys, h5py
                f = h5py.File(sys.argv[1], 'r')
                print('/', h5py.h5o.get_info(f.id).addr)
                def visit(name, obj):
                    print('/' + name, h5py.h5o.get_info(obj.id).addr)
                f.visititems(visit)
                """, file);
        Map<String, Long> m = new LinkedHashMap<>();
        for (String line : out.strip().split("\n")) {
            int sp = line.lastIndexOf(' ');
            m.put(line.substring(0, sp), Long.parseLong(line.substring(sp + 1)));
        }
        return m;
    }

    /** What {@code h5debug FILE ADDRESS} prints about the structure at a relative address. */
    static String h5debug(Path file, long address) {
        return Python.Processes.run(List.of("/usr/bin/h5debug", file.toString(), Long.toString(address)), 120);
    }
}
