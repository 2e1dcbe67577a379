package org.h5vds.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.stream.Stream;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.h5vds.api.RemoteOptions;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * An S3-compatible server in this JVM: S3Proxy over jclouds' filesystem backend, listening on
 * 127.0.0.1 — one endpoint that checks AWS signatures ({@link #ACCESS_KEY}/{@link #SECRET_KEY})
 * and one that takes anonymous requests, both serving the same buckets. A bucket is a folder
 * under {@link #root()}, an object a file in it: tests put objects by copying files, and
 * replace one by rewriting its file.
 */
public final class S3Server implements AutoCloseable {
    public static final String ACCESS_KEY = "h5vds-test-access";
    public static final String SECRET_KEY = "h5vds-test-secret";

    private final Path root;
    private final BlobStoreContext context;
    private final S3Proxy signed;
    private final S3Proxy anonymous;

    private S3Server(Path root) throws Exception {
        this.root = root;
        Properties p = new Properties();
        p.setProperty("jclouds.filesystem.basedir", root.toString());
        this.context = ContextBuilder.newBuilder("filesystem").overrides(p).build(BlobStoreContext.class);
        this.signed = start(AuthenticationType.AWS_V2_OR_V4);
        this.anonymous = start(AuthenticationType.NONE);
    }

    private S3Proxy start(AuthenticationType auth) throws Exception {
        S3Proxy.Builder b = S3Proxy.builder().blobStore(context.getBlobStore()).endpoint(URI.create("http://127.0.0.1:0"));
        b = auth == AuthenticationType.NONE ? b.awsAuthentication(auth, null, null) : b.awsAuthentication(auth, ACCESS_KEY, SECRET_KEY);
        S3Proxy proxy = b.build();
        proxy.start();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
            Thread.sleep(5);
        }
        return proxy;
    }

    /** Starts both endpoints over a new folder under target/. */
    public static S3Server start() {
        try {
            Path dir = Files.createTempDirectory(Files.createDirectories(Project.target().resolve("s3")), "buckets-");
            return new S3Server(dir);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the S3 test server", e);
        }
    }

    /** The signed endpoint, {@code http://127.0.0.1:PORT}. */
    public String endpoint() {
        return "http://127.0.0.1:" + signed.getPort();
    }

    /** The endpoint that takes unsigned requests. */
    public String anonymousEndpoint() {
        return "http://127.0.0.1:" + anonymous.getPort();
    }

    /** Options reaching the signed endpoint; the test keys come from system properties, the SDK's default chain's first source. */
    public RemoteOptions options() {
        System.setProperty("aws.accessKeyId", ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", SECRET_KEY);
        return RemoteOptions.defaults().s3Endpoint(endpoint()).s3Region("us-east-1");
    }

    /** Options reaching the anonymous endpoint with unsigned requests. */
    public RemoteOptions anonymousOptions() {
        return RemoteOptions.defaults().s3Endpoint(anonymousEndpoint()).s3Region("us-east-1").anonymous(true);
    }

    /** The folder holding the buckets. */
    public Path root() {
        return root;
    }

    /** Makes a bucket (a folder). */
    public S3Server bucket(String name) {
        try {
            Files.createDirectories(root.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Copies every regular file under {@code dir} to {@code bucket/prefix/...}. */
    public S3Server putTree(Path dir, String bucket, String prefix) {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all.filter(Files::isRegularFile)::iterator) {
                put(p, bucket, prefix.isEmpty() ? dir.relativize(p).toString() : prefix + "/" + dir.relativize(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Copies {@code file} to {@code bucket/key}. */
    public S3Server put(Path file, String bucket, String key) {
        try {
            Path target = root.resolve(bucket).resolve(key);
            Files.createDirectories(target.getParent());
            Files.copy(file, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** The file behind {@code bucket/key}. */
    public Path file(String bucket, String key) {
        return root.resolve(bucket).resolve(key);
    }

    @Override
    public void close() {
        try {
            signed.stop();
            anonymous.stop();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            context.close();
        }
    }
}
