package org.h5vds.io;

import java.time.Duration;

/**
 * How remote objects (S3, HTTP) are read and written.
 *
 * @param s3Endpoint      the S3 endpoint URL, or null for AWS (then {@code AWS_ENDPOINT_URL_S3} or
 *                        {@code AWS_ENDPOINT_URL} from the environment, as libhdf5 2.0's ros3 and the
 *                        AWS SDKs take it)
 * @param s3Region        the region, or null for the default chain ({@code AWS_REGION}, profile),
 *                        falling back to us-east-1
 * @param s3Anonymous     true to send unsigned requests (public buckets), false for the default
 *                        credential chain (environment, profile, instance role)
 * @param s3PathStyle     true for path-style addressing ({@code endpoint/bucket/key}), which
 *                        S3-compatible servers need; used whenever an endpoint is set
 * @param firstRead       bytes read at once when an object is opened (metadata sits at the front;
 *                        libhdf5 2.0 caches 16 MiB the same way)
 * @param blockSize       the unit of caching: a read fetches the blocks it touches
 * @param maxRequest      the most bytes one ranged GET asks for when adjacent blocks are coalesced
 * @param cacheBytes      the block cache's bound, shared by every object of one provider
 * @param concurrency     the most requests in flight at once for one provider
 * @param attempts        tries per request on 5xx answers, timeouts and dropped connections
 * @param backoff         the wait before the first retry, doubled before each next one (with jitter)
 * @param requestTimeout  the longest a request may take before it is retried
 * @param partSize        the part size of multipart uploads; smaller files go up in one request
 */
public record RemoteSettings(String s3Endpoint, String s3Region, boolean s3Anonymous, boolean s3PathStyle,
                             int firstRead, int blockSize, int maxRequest, long cacheBytes, int concurrency,
                             int attempts, Duration backoff, Duration requestTimeout, long partSize) {
    public static final int MIB = 1 << 20;

    public RemoteSettings {
        if (firstRead < 0) throw new IllegalArgumentException("first read must be >= 0 bytes, got " + firstRead);
        if (blockSize < 4096) throw new IllegalArgumentException("block size must be >= 4096 bytes, got " + blockSize);
        if (maxRequest < blockSize) throw new IllegalArgumentException("largest request (" + maxRequest + ") must be >= the block size (" + blockSize + ")");
        if (cacheBytes < 4L * maxRequest) throw new IllegalArgumentException("cache of " + cacheBytes + " bytes must hold 4 requests of " + maxRequest);
        if (concurrency < 1) throw new IllegalArgumentException("concurrency must be >= 1, got " + concurrency);
        if (attempts < 1) throw new IllegalArgumentException("attempts must be >= 1, got " + attempts);
        if (partSize < 5L * MIB) throw new IllegalArgumentException("multipart parts must be >= 5 MiB (S3's minimum), got " + partSize);
    }

    /** 16 MiB first read, 256 KiB blocks, requests up to 8 MiB, a 256 MiB cache, 16 requests at once, 5 attempts. */
    public static RemoteSettings defaults() {
        return new RemoteSettings(null, null, false, false, 16 * MIB, 256 * 1024, 8 * MIB, 256L * MIB, 16,
                5, Duration.ofMillis(100), Duration.ofSeconds(60), 64L * MIB);
    }

    public RemoteSettings withS3Endpoint(String endpoint) {
        return new RemoteSettings(endpoint, s3Region, s3Anonymous, s3PathStyle, firstRead, blockSize, maxRequest, cacheBytes, concurrency,
                attempts, backoff, requestTimeout, partSize);
    }

    public RemoteSettings withS3Region(String region) {
        return new RemoteSettings(s3Endpoint, region, s3Anonymous, s3PathStyle, firstRead, blockSize, maxRequest, cacheBytes, concurrency,
                attempts, backoff, requestTimeout, partSize);
    }

    public RemoteSettings withS3Anonymous(boolean anonymous) {
        return new RemoteSettings(s3Endpoint, s3Region, anonymous, s3PathStyle, firstRead, blockSize, maxRequest, cacheBytes, concurrency,
                attempts, backoff, requestTimeout, partSize);
    }

    public RemoteSettings withS3PathStyle(boolean pathStyle) {
        return new RemoteSettings(s3Endpoint, s3Region, s3Anonymous, pathStyle, firstRead, blockSize, maxRequest, cacheBytes, concurrency,
                attempts, backoff, requestTimeout, partSize);
    }

    public RemoteSettings withFirstRead(int bytes) {
        return new RemoteSettings(s3Endpoint, s3Region, s3Anonymous, s3PathStyle, bytes, blockSize, maxRequest, cacheBytes, concurrency,
                attempts, backoff, requestTimeout, partSize);
    }

    public RemoteSettings withBlocks(int block, int largestRequest) {
        return new RemoteSettings(s3Endpoint, s3Region, s3Anonymous, s3PathStyle, firstRead, block, largestRequest, cacheBytes, concurrency,
                attempts, backoff, requestTimeout, partSize);
    }

    public RemoteSettings withCacheBytes(long bytes) {
        return new RemoteSettings(s3Endpoint, s3Region, s3Anonymous, s3PathStyle, firstRead, blockSize, maxRequest, bytes, concurrency,
                attempts, backoff, requestTimeout, partSize);
    }

    public RemoteSettings withConcurrency(int n) {
        return new RemoteSettings(s3Endpoint, s3Region, s3Anonymous, s3PathStyle, firstRead, blockSize, maxRequest, cacheBytes, n,
                attempts, backoff, requestTimeout, partSize);
    }

    public RemoteSettings withRetries(int tries, Duration firstBackoff, Duration timeout) {
        return new RemoteSettings(s3Endpoint, s3Region, s3Anonymous, s3PathStyle, firstRead, blockSize, maxRequest, cacheBytes, concurrency,
                tries, firstBackoff, timeout, partSize);
    }

    public RemoteSettings withPartSize(long bytes) {
        return new RemoteSettings(s3Endpoint, s3Region, s3Anonymous, s3PathStyle, firstRead, blockSize, maxRequest, cacheBytes, concurrency,
                attempts, backoff, requestTimeout, bytes);
    }

    /** The endpoint to use: the configured one, else the environment's, else null (AWS). */
    public String effectiveS3Endpoint() {
        if (s3Endpoint != null && !s3Endpoint.isEmpty()) return s3Endpoint;
        String env = System.getenv("AWS_ENDPOINT_URL_S3");
        if (env == null || env.isEmpty()) env = System.getenv("AWS_ENDPOINT_URL");
        return env == null || env.isEmpty() ? null : env;
    }

    // equals and hashCode written out: every open looks its stores up by these settings, and a
    // record's generated versions bootstrap method handles on first use (~20 ms of a command
    // line's start-up, spent before the first byte is read)
    @Override
    public boolean equals(Object o) {
        return o instanceof RemoteSettings r && java.util.Objects.equals(s3Endpoint, r.s3Endpoint)
                && java.util.Objects.equals(s3Region, r.s3Region) && s3Anonymous == r.s3Anonymous
                && s3PathStyle == r.s3PathStyle && firstRead == r.firstRead && blockSize == r.blockSize
                && maxRequest == r.maxRequest && cacheBytes == r.cacheBytes && concurrency == r.concurrency
                && attempts == r.attempts && java.util.Objects.equals(backoff, r.backoff)
                && java.util.Objects.equals(requestTimeout, r.requestTimeout) && partSize == r.partSize;
    }

    @Override
    public int hashCode() {
        int h = java.util.Objects.hashCode(s3Endpoint);
        h = 31 * h + java.util.Objects.hashCode(s3Region);
        h = 31 * h + (s3Anonymous ? 1 : 0) + (s3PathStyle ? 2 : 0);
        h = 31 * h + firstRead;
        h = 31 * h + blockSize;
        h = 31 * h + maxRequest;
        h = 31 * h + Long.hashCode(cacheBytes);
        h = 31 * h + concurrency;
        h = 31 * h + attempts;
        h = 31 * h + java.util.Objects.hashCode(backoff);
        h = 31 * h + java.util.Objects.hashCode(requestTimeout);
        return 31 * h + Long.hashCode(partSize);
    }
}
