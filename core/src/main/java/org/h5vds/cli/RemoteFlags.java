package org.h5vds.cli;

import java.util.List;
import org.h5vds.api.ReadOptions;
import org.h5vds.api.RemoteOptions;

/**
 * How files named by URI are reached: the S3 endpoint, region and unsigned requests (options
 * shared by every command that takes a FILE, which may be a path, {@code s3://bucket/key} or
 * {@code http(s)://host/path}).
 */
final class RemoteFlags {
    static final List<OptionSpec> OPTIONS = List.of(
            OptionSpec.value("--s3-endpoint", "URL", Converters.TEXT,
                    "S3-compatible endpoint for s3:// files, addressed path-style (default: AWS_ENDPOINT_URL_S3, else AWS)"),
            OptionSpec.value("--s3-region", "REGION", Converters.TEXT, "S3 region (default: AWS_REGION or the profile's, else us-east-1)"),
            OptionSpec.flag("--anonymous", "unsigned S3 requests, for public buckets (default: the AWS credential chain)"));

    private final String endpoint;
    private final String region;
    private final boolean anonymous;

    RemoteFlags(Arguments line) {
        endpoint = line.get("--s3-endpoint");
        region = line.get("--s3-region");
        anonymous = line.flag("--anonymous");
    }

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
