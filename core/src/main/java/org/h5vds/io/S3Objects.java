package org.h5vds.io;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The built-in provider of {@code s3://bucket/key} locations, through the AWS SDK v2's S3 client
 * (with the light URL-connection HTTP client): ranged GETs under a {@link RemoteStore}, the
 * default credential chain (environment, profile, instance role) or anonymous requests, an
 * endpoint override ({@code AWS_ENDPOINT_URL_S3}, as libhdf5 2.0's ros3 takes it, or the
 * option) with path-style addressing for S3-compatible servers, prefix listing for printf
 * sources, and uploads (multipart beyond the part size).
 *
 * <p>Only this class names the SDK; {@link Stores#remote} loads it by name on the first
 * {@code s3://} location, so a program that never reads S3 never loads the SDK. Retries are ours
 * ({@link RemoteIo}), the SDK's are off.
 */
final class S3Objects implements StoreProvider {
    private final S3Client client;
    private final RemoteIo io;
    private final RemoteSettings settings;

    S3Objects(RemoteSettings settings) {
        this.settings = settings;
        this.io = new RemoteIo(settings, "s3");
        String endpoint = settings.effectiveS3Endpoint();
        AwsCredentialsProvider credentials = settings.s3Anonymous() ? AnonymousCredentialsProvider.create()
                : DefaultCredentialsProvider.builder().build();
        var builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(java.time.Duration.ofSeconds(10))
                        .socketTimeout(settings.requestTimeout()))
                .region(region(settings))
                .credentialsProvider(credentials)
                .forcePathStyle(settings.s3PathStyle() || endpoint != null)
                // S3-compatible servers may not know the newer default checksums
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()));
        if (endpoint != null) builder.endpointOverride(URI.create(endpoint));
        this.client = builder.build();
    }

    private static Region region(RemoteSettings settings) {
        if (settings.s3Region() != null) return Region.of(settings.s3Region());
        try {
            return new DefaultAwsRegionProviderChain().getRegion();
        } catch (SdkClientException e) {
            return Region.US_EAST_1; // no region configured: S3 redirects nothing for path-style servers, and AWS accepts it for most buckets
        }
    }

    /** Bucket and key of {@code s3://bucket/key}. */
    record Address(String bucket, String key) {
        static Address of(String location) {
            String rest = location.substring(location.indexOf("://") + 3);
            int slash = rest.indexOf('/');
            String bucket = slash < 0 ? rest : rest.substring(0, slash);
            String key = slash < 0 ? "" : rest.substring(slash + 1);
            if (bucket.isEmpty()) throw new H5Exception(location + ": no bucket in the S3 location (expected s3://bucket/key)");
            return new Address(bucket, key);
        }
    }

    @Override
    public Store open(String location) {
        Address a = Address.of(location);
        if (a.key().isEmpty() || a.key().endsWith("/")) throw new H5Exception(location + ": names a bucket or prefix, not an object");
        return RemoteStore.open(new Range(location, a), io);
    }

    @Override
    public String identify(String location) {
        return Locations.normalizeRemote(location);
    }

    /** The objects directly under the prefix {@code folder/} (S3 has no folders: a listing with delimiter "/"). */
    @Override
    public List<String> list(String folder) {
        Address a = Address.of(folder);
        String prefix = a.key().isEmpty() || a.key().endsWith("/") ? a.key() : a.key() + "/";
        List<String> names = new ArrayList<>();
        String token = null;
        do {
            ListObjectsV2Request.Builder req = ListObjectsV2Request.builder().bucket(a.bucket()).prefix(prefix).delimiter("/");
            if (token != null) req.continuationToken(token);
            ListObjectsV2Response r;
            try {
                r = client.listObjectsV2(req.build());
                RemoteStats.request(0);
            } catch (SdkException e) {
                throw new H5Exception(folder + ": cannot list: " + classify(e).getMessage(), e);
            }
            for (S3Object o : r.contents()) names.add(o.key().substring(prefix.length()));
            token = Boolean.TRUE.equals(r.isTruncated()) ? r.nextContinuationToken() : null;
        } while (token != null);
        return names;
    }

    /**
     * Uploads {@code file} to {@code location}: one PUT up to the part size, else a multipart
     * upload (parts in parallel, at most the concurrency at once), aborted on failure. S3 shows an
     * object only once its upload is complete.
     */
    @Override
    public void upload(Path file, String location) {
        Address a = Address.of(location);
        try {
            long size = Files.size(file);
            if (size <= settings.partSize()) {
                client.putObject(b -> b.bucket(a.bucket()).key(a.key()), RequestBody.fromFile(file));
                RemoteStats.request(0);
                return;
            }
            String upload = client.createMultipartUpload(b -> b.bucket(a.bucket()).key(a.key())).uploadId();
            try {
                int parts = (int) ((size + settings.partSize() - 1) / settings.partSize());
                List<CompletableFuture<CompletedPart>> done = new ArrayList<>();
                java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(Math.max(1, Math.min(settings.concurrency(), 4)));
                for (int p = 1; p <= parts; p++) {
                    int part = p;
                    long from = (long) (p - 1) * settings.partSize();
                    long length = Math.min(settings.partSize(), size - from);
                    slots.acquireUninterruptibly();
                    CompletableFuture<CompletedPart> f = new CompletableFuture<>();
                    done.add(f);
                    io.submit(() -> {
                        try {
                            byte[] bytes = readPart(file, from, (int) length);
                            String etag = client.uploadPart(b -> b.bucket(a.bucket()).key(a.key()).uploadId(upload).partNumber(part),
                                    RequestBody.fromBytes(bytes)).eTag();
                            RemoteStats.request(0);
                            f.complete(CompletedPart.builder().partNumber(part).eTag(etag).build());
                        } catch (Throwable t) {
                            f.completeExceptionally(t);
                        } finally {
                            slots.release();
                        }
                    });
                }
                List<CompletedPart> completed = new ArrayList<>();
                for (CompletableFuture<CompletedPart> f : done) completed.add(f.join());
                client.completeMultipartUpload(b -> b.bucket(a.bucket()).key(a.key()).uploadId(upload)
                        .multipartUpload(m -> m.parts(completed)));
            } catch (RuntimeException e) {
                try {
                    client.abortMultipartUpload(b -> b.bucket(a.bucket()).key(a.key()).uploadId(upload));
                } catch (SdkException ignored) {
                    // the upload failed already; an unfinished upload shows no object either
                }
                throw e;
            }
        } catch (IOException e) {
            throw new H5Exception(location + ": cannot upload " + file + ": " + e.getMessage(), e);
        } catch (CompletionException e) {
            Throwable c = e.getCause();
            throw new H5Exception(location + ": upload failed: " + (c instanceof SdkException s ? classify(s).getMessage() : String.valueOf(c)), c);
        } catch (SdkException e) {
            throw new H5Exception(location + ": upload failed: " + classify(e).getMessage(), e);
        }
    }

    private static byte[] readPart(Path file, long from, int length) throws IOException {
        byte[] b = new byte[length];
        try (var ch = java.nio.channels.FileChannel.open(file)) {
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(b);
            while (buf.hasRemaining()) {
                if (ch.read(buf, from + buf.position()) < 0) throw new IOException(file + " ended early");
            }
        }
        return b;
    }

    /** An SDK failure as a classified one: what S3 said (code, status) or why it could not be asked. */
    RemoteFailure classify(SdkException e) {
        if (e instanceof AwsServiceException s) {
            int status = s.statusCode();
            String code = s.awsErrorDetails() == null ? null : s.awsErrorDetails().errorCode();
            String said = (code != null ? code : "HTTP " + status) + (s.awsErrorDetails() != null && s.awsErrorDetails().errorMessage() != null
                    ? ": " + s.awsErrorDetails().errorMessage() : "");
            if ("NoSuchKey".equals(code) || status == 404 && code == null) return new RemoteFailure(RemoteFailure.Kind.NOT_FOUND, "no such object (" + said + ")", e);
            if ("NoSuchBucket".equals(code)) return new RemoteFailure(RemoteFailure.Kind.NOT_FOUND, "no such bucket (" + said + ")", e);
            if ("InvalidAccessKeyId".equals(code) || "SignatureDoesNotMatch".equals(code) || "ExpiredToken".equals(code)
                    || "InvalidToken".equals(code)) {
                return new RemoteFailure(RemoteFailure.Kind.DENIED, "bad credentials (" + said + ")", e);
            }
            if (status == 403 || status == 401) return new RemoteFailure(RemoteFailure.Kind.DENIED, "access denied (" + said + ")", e);
            if (status == 412) return new RemoteFailure(RemoteFailure.Kind.CHANGED, "the ETag seen when opened no longer matches (" + said + ")", e);
            if (status == 429 || status >= 500 || "SlowDown".equals(code)) return new RemoteFailure(RemoteFailure.Kind.TRANSIENT, said, e);
            return new RemoteFailure(RemoteFailure.Kind.FATAL, said, e);
        }
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (msg.contains("Unable to load credentials")) {
            return new RemoteFailure(RemoteFailure.Kind.DENIED, "no credentials found (environment, profile or instance role); "
                    + "public buckets can be read anonymously", e);
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String why = root == e ? msg : HttpObjects.describe(root);
        String endpoint = settings.effectiveS3Endpoint();
        return new RemoteFailure(RemoteFailure.Kind.TRANSIENT, "cannot reach " + (endpoint == null ? "S3" : endpoint) + ": " + why, e);
    }

    /** One object, fetched by ranges. */
    private final class Range implements RangeSource {
        private final String location;
        private final Address address;

        Range(String location, Address address) {
            this.location = location;
            this.address = address;
        }

        @Override
        public String location() {
            return location;
        }

        @Override
        public Fetched fetch(long start, int length, String version) throws RemoteFailure {
            GetObjectRequest.Builder req = GetObjectRequest.builder().bucket(address.bucket()).key(address.key())
                    .range("bytes=" + start + "-" + (start + length - 1));
            if (version != null) req.ifMatch(version);
            ResponseBytes<GetObjectResponse> r;
            try {
                r = client.getObjectAsBytes(req.build());
            } catch (SdkException e) {
                RemoteFailure f = classify(e);
                if (start == 0 && e instanceof AwsServiceException s && s.statusCode() == 416) {
                    return new Fetched(new byte[0], 0, null); // an empty object has no byte 0
                }
                throw f;
            }
            GetObjectResponse meta = r.response();
            HttpObjects.checkVersion(version, meta.eTag());
            long total = total(meta, r.asByteArrayUnsafe().length, start);
            return new Fetched(r.asByteArrayUnsafe(), total, meta.eTag());
        }

        private long total(GetObjectResponse meta, int got, long start) throws RemoteFailure {
            String range = meta.contentRange();
            if (range != null) {
                int slash = range.lastIndexOf('/');
                try {
                    if (slash >= 0) return Long.parseLong(range.substring(slash + 1).trim());
                } catch (NumberFormatException e) {
                    // reported below
                }
                throw new RemoteFailure(RemoteFailure.Kind.FATAL, "unreadable Content-Range \"" + range + "\"");
            }
            // a server that ignored the range sent the whole object
            if (start == 0) return got;
            throw new RemoteFailure(RemoteFailure.Kind.FATAL, "the server does not answer range requests");
        }
    }

    @Override
    public String toString() {
        return "S3 (" + (settings.effectiveS3Endpoint() == null ? "AWS" : settings.effectiveS3Endpoint()) + ")";
    }

}
