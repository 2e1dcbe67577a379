package org.h5vds.cli;

import org.h5vds.api.ReadOptions;
import org.h5vds.api.RemoteOptions;
import picocli.CommandLine.Option;

/**
 * How files named by URI are reached: the S3 endpoint, region and unsigned requests (a picocli
 * mixin shared by every command that takes a FILE, which may be a path, {@code s3://bucket/key} or
 * {@code http(s)://host/path}).
 */
final class RemoteFlags {
    @Option(names = "--s3-endpoint", paramLabel = "URL",
            description = "S3-compatible endpoint for s3:// files, addressed path-style (default: AWS_ENDPOINT_URL_S3, else AWS)")
    String endpoint;

    @Option(names = "--s3-region", paramLabel = "REGION", description = "S3 region (default: AWS_REGION or the profile's, else us-east-1)")
    String region;

    @Option(names = "--anonymous", description = "unsigned S3 requests, for public buckets (default: the AWS credential chain)")
    boolean anonymous;

    RemoteOptions options() {
        RemoteOptions r = RemoteOptions.defaults();
        if (endpoint != null) r = r.s3Endpoint(endpoint);
        if (region != null) r = r.s3Region(region);
        if (anonymous) r = r.anonymous(true);
        return r;
    }

    ReadOptions apply(ReadOptions o) {
        return o.remote(options());
    }
}
