/**
 * h5vds: HDF5 files and virtual datasets in pure Java. A program uses {@code org.h5vds.api}, the
 * one exported package; everything below it (io, format, select, filter, storage, node, vds, npy)
 * and the command line above it ({@code org.h5vds.cli}, with {@code picture} and {@code examples})
 * stay inside the module. ArchitectureTest keeps the same rule for the classpath.
 */
module org.h5vds {
    exports org.h5vds.api;

    requires java.net.http;                       // io.HttpObjects
    requires jdk.unsupported;                     // sun.misc.Signal: the CLI's follow mode ends on Ctrl-C

    // codecs
    requires aircompressor;                       // no module descriptor nor Automatic-Module-Name: named from the file
    requires com.ning.compress.lzf;
    requires org.apache.commons.compress;
    // S3 (io.S3Objects), automatic modules named by the SDK's manifests
    requires software.amazon.awssdk.services.s3;
    requires software.amazon.awssdk.core;
    requires software.amazon.awssdk.awscore;
    requires software.amazon.awssdk.auth;
    requires software.amazon.awssdk.regions;
    requires software.amazon.awssdk.http;
    requires software.amazon.awssdk.http.urlconnection;
    // the command line and the JSON it (and ZarrReferences) writes
    requires com.fasterxml.jackson.core;
    requires com.fasterxml.jackson.databind;
    requires me.tongfei.progressbar;

    // filters: found by FilterRegistry, the built-in set provided here (as META-INF/services lists them for the classpath)
    uses org.h5vds.filter.Filter;
    provides org.h5vds.filter.Filter with
            org.h5vds.filter.codec.DeflateFilter,
            org.h5vds.filter.codec.ShuffleFilter,
            org.h5vds.filter.codec.Fletcher32Filter,
            org.h5vds.filter.codec.ScaleOffsetFilter,
            org.h5vds.filter.codec.Bzip2Filter,
            org.h5vds.filter.codec.LzfFilter,
            org.h5vds.filter.codec.BloscFilter,
            org.h5vds.filter.codec.Lz4Filter,
            org.h5vds.filter.codec.BitshuffleFilter,
            org.h5vds.filter.codec.ZstdFilter,
            org.h5vds.filter.codec.NbitFilter,
            org.h5vds.filter.codec.SzipFilter;
    // file systems users plug in (ReadOptions.provider, or found through the service loader)
    uses org.h5vds.api.ByteSourceProvider;
}
