package org.h5vds.spark;

import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import org.h5vds.api.H5File;
import org.h5vds.api.ReadOptions;

/** Opens an input file named by a Hadoop path. */
final class FileAccess {
    private FileAccess() {
    }

    static H5File open(String file, ReadOptions options, Configuration conf) {
        URI u = new org.apache.hadoop.fs.Path(file).toUri();
        if (u.getScheme() == null || u.getScheme().equals("file")) return H5File.open(java.nio.file.Path.of(u.getPath()), options);
        throw new UnsupportedOperationException("hdf5: reading " + file + " needs the Hadoop file system provider");
    }
}
