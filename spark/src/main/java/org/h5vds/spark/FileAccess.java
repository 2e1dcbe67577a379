package org.h5vds.spark;

import java.net.URI;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.h5vds.api.H5File;
import org.h5vds.api.ReadOptions;

/**
 * Opens an input file named by a Hadoop path. Local files ({@code file:} or no scheme) are opened
 * by the library itself, which maps them into memory; every other scheme goes through Hadoop's
 * FileSystem ({@link HadoopFileProvider}), as do the virtual dataset sources on it.
 */
final class FileAccess {
    private FileAccess() {
    }

    static H5File open(String file, ReadOptions options, Configuration conf) {
        URI u = new org.apache.hadoop.fs.Path(file).toUri();
        String scheme = u.getScheme();
        if (scheme == null || scheme.equals("file")) return H5File.open(java.nio.file.Path.of(u.getPath()), options);
        return H5File.open(file, options.provider(new HadoopFileProvider(conf, Set.of(scheme.toLowerCase(java.util.Locale.ROOT)))));
    }
}
