package org.h5vds.spark;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.h5vds.api.ByteSource;
import org.h5vds.api.ByteSourceProvider;

/**
 * Files of any Hadoop file system ({@code hdfs:}, {@code webhdfs:}, {@code s3a:}, {@code abfs:},
 * ...) as the library's byte sources: one {@link FSDataInputStream} per file, read with positional
 * reads ({@code readFully(position, ...)}), which HDFS serves from many threads at once. Virtual
 * dataset sources resolve on the same file system with the library's rules (a relative name
 * against the folder of the virtual file's location), and printf sources are found by listing
 * their folder.
 */
final class HadoopFileProvider implements ByteSourceProvider {
    private final Configuration conf;
    private final Set<String> schemes;

    HadoopFileProvider(Configuration conf, Set<String> schemes) {
        this.conf = conf;
        this.schemes = Set.copyOf(schemes);
    }

    @Override
    public Set<String> schemes() {
        return schemes;
    }

    @Override
    public ByteSource open(String location) throws IOException {
        Path p = new Path(location);
        FileSystem fs = p.getFileSystem(conf);
        FileStatus status = fs.getFileStatus(p); // FileNotFoundException when absent: the next candidate is tried
        if (status.isDirectory()) throw new FileNotFoundException(location + " is a directory");
        FSDataInputStream in = fs.open(p);
        return new HadoopSource(location, in, status.getLen(), Long.toString(status.getModificationTime()));
    }

    @Override
    public List<String> list(String folder) throws IOException {
        Path p = new Path(folder);
        List<String> out = new ArrayList<>();
        for (FileStatus s : p.getFileSystem(conf).listStatus(p)) if (s.isFile()) out.add(s.getPath().getName());
        return out;
    }

    @Override
    public void upload(java.nio.file.Path file, String location) throws IOException {
        Path target = new Path(location);
        FileSystem fs = target.getFileSystem(conf);
        Path temporary = new Path(target.getParent(), "." + target.getName() + ".uploading");
        fs.copyFromLocalFile(false, true, new Path(file.toUri()), temporary);
        fs.delete(target, false);
        if (!fs.rename(temporary, target)) {
            fs.delete(temporary, false);
            throw new IOException("cannot rename " + temporary + " to " + target);
        }
    }

    /** One open file: positional reads on its stream. */
    private static final class HadoopSource implements ByteSource {
        private final String location;
        private final FSDataInputStream in;
        private final long size;
        private final String version;

        HadoopSource(String location, FSDataInputStream in, long size, String version) {
            this.location = location;
            this.in = in;
            this.size = size;
            this.version = version;
        }

        @Override
        public String location() {
            return location;
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public void read(long position, ByteBuffer dst) throws IOException {
            int n = dst.remaining();
            if (dst.hasArray()) {
                in.readFully(position, dst.array(), dst.arrayOffset() + dst.position(), n);
                dst.position(dst.limit());
            } else {
                byte[] b = new byte[n];
                in.readFully(position, b, 0, n);
                dst.put(b);
            }
        }

        @Override
        public String version() {
            return version;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
