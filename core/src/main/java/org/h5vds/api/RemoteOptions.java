package org.h5vds.api;

import java.time.Duration;
import java.util.Objects;
import org.h5vds.io.Locations;
import org.h5vds.io.RemoteSettings;

/**
 * How files on S3 ({@code s3://bucket/key}) and HTTP(S) ({@code https://host/path}) are reached
 * and read, for {@link ReadOptions#remote(RemoteOptions)} and
 * {@link H5File#create(String, CreateMode, RemoteOptions)}. Immutable: each setter returns a
 * changed copy.
 *
 * <pre>{@code
 * RemoteOptions.defaults().s3Endpoint("http://127.0.0.1:9000").anonymous(true)
 * }</pre>
 *
 * S3 requests are signed with the AWS SDK's default credentials (environment variables, the
 * shared profile, an instance role) unless {@link #anonymous(boolean)}; the endpoint is AWS's
 * unless set here or in {@code AWS_ENDPOINT_URL_S3} (or {@code AWS_ENDPOINT_URL}), and a set
 * endpoint is addressed path-style ({@code endpoint/bucket/key}), as S3-compatible servers expect.
 *
 * <p>Reading: the first {@link #firstRead(int)} bytes of an object come in one request (HDF5
 * metadata sits at the front); then blocks are fetched as reads need them, adjacent ones together,
 * the chunks of one read in parallel ({@link #concurrency(int)} requests at once), kept in a
 * cache of {@link #cacheBytes(long)}; failed requests (5xx, timeouts, dropped connections) are
 * retried with growing waits; an object replaced while open fails the read.
 */
public final class RemoteOptions {
    private final RemoteSettings settings;

    private RemoteOptions(RemoteSettings settings) {
        this.settings = settings;
    }

    /**
     * Whether {@code location} names a remote object (a URI such as {@code s3://bucket/key} or
     * {@code https://host/data.h5}) rather than a local file (a path or a {@code file:} URI).
     *
     * @param location a path or URI, as {@link H5File#open(String)} takes it
     * @return true for a URI of a scheme other than {@code file:}
     */
    public static boolean isRemote(String location) {
        return Locations.isRemote(Objects.requireNonNull(location, "location"));
    }

    /**
     * AWS's endpoint (or the environment's), default credentials, 16 MiB first read, 256 MiB cache, 16 requests at once, 5 attempts.
     *
     * @return the default options
     */
    public static RemoteOptions defaults() {
        return new RemoteOptions(RemoteSettings.defaults());
    }

    /**
     * The S3 endpoint URL ({@code http://127.0.0.1:9000}), addressed path-style.
     *
     * @param url the endpoint's base URL, not null
     * @return new options; these are unchanged
     */
    public RemoteOptions s3Endpoint(String url) {
        return new RemoteOptions(settings.withS3Endpoint(Objects.requireNonNull(url, "url")));
    }

    /**
     * The S3 region (default: {@code AWS_REGION} or the profile's, else us-east-1).
     *
     * @param region the region's name, such as {@code eu-west-1}; not null
     * @return new options; these are unchanged
     */
    public RemoteOptions s3Region(String region) {
        return new RemoteOptions(settings.withS3Region(Objects.requireNonNull(region, "region")));
    }

    /**
     * Unsigned S3 requests, for public buckets (the AWS CLI's {@code --no-sign-request}).
     *
     * @param anonymous true to send requests without credentials
     * @return new options; these are unchanged
     */
    public RemoteOptions anonymous(boolean anonymous) {
        return new RemoteOptions(settings.withS3Anonymous(anonymous));
    }

    /**
     * Path-style addressing ({@code endpoint/bucket/key}) even without an endpoint override.
     *
     * @param pathStyle true for {@code endpoint/bucket/key} URLs, false for virtual-hosted ones
     * @return new options; these are unchanged
     */
    public RemoteOptions pathStyle(boolean pathStyle) {
        return new RemoteOptions(settings.withS3PathStyle(pathStyle));
    }

    /**
     * Bytes read at once when an object is opened (default 16 MiB, as libhdf5 2.0's ros3 caches).
     *
     * @param bytes the size of the first read, in bytes
     * @return new options; these are unchanged
     */
    public RemoteOptions firstRead(int bytes) {
        return new RemoteOptions(settings.withFirstRead(bytes));
    }

    /**
     * The bound of the block cache shared by the objects read with these options (default 256 MiB).
     *
     * @param bytes the cache's bound, in bytes
     * @return new options; these are unchanged
     */
    public RemoteOptions cacheBytes(long bytes) {
        return new RemoteOptions(settings.withCacheBytes(bytes));
    }

    /**
     * The unit of caching and the largest coalesced request (defaults 256 KiB and 8 MiB).
     *
     * @param blockBytes the size of a cached block, in bytes
     * @param largestRequestBytes the most bytes one coalesced request reads
     * @return new options; these are unchanged
     */
    public RemoteOptions blocks(int blockBytes, int largestRequestBytes) {
        return new RemoteOptions(settings.withBlocks(blockBytes, largestRequestBytes));
    }

    /**
     * The most requests in flight at once (default 16).
     *
     * @param requests the most concurrent requests, 1 or more
     * @return new options; these are unchanged
     */
    public RemoteOptions concurrency(int requests) {
        return new RemoteOptions(settings.withConcurrency(requests));
    }

    /**
     * Tries per request, the wait before the first retry (doubled each time), and the longest a request may take.
     *
     * @param attempts the tries per request, 1 or more (1: no retry)
     * @param firstWait the wait before the first retry
     * @param requestTimeout the longest one request may take
     * @return new options; these are unchanged
     */
    public RemoteOptions retries(int attempts, Duration firstWait, Duration requestTimeout) {
        return new RemoteOptions(settings.withRetries(attempts, Objects.requireNonNull(firstWait, "firstWait"),
                Objects.requireNonNull(requestTimeout, "requestTimeout")));
    }

    /**
     * The part size of multipart uploads (default 64 MiB, at least 5 MiB); smaller files are uploaded in one request.
     *
     * @param bytes the part size in bytes, 5 MiB or more
     * @return new options; these are unchanged
     */
    public RemoteOptions partSize(long bytes) {
        return new RemoteOptions(settings.withPartSize(bytes));
    }

    RemoteSettings settings() {
        return settings;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RemoteOptions r && r.settings.equals(settings);
    }

    @Override
    public int hashCode() {
        return settings.hashCode();
    }

    @Override
    public String toString() {
        return "RemoteOptions" + settings;
    }
}
