package org.h5vds.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTTP server on 127.0.0.1 that serves a folder with range requests (RFC 9110: {@code Range:
 * bytes=a-b} answered 206 with {@code Content-Range}, an ETag per file version) and misbehaves on
 * request: answers 503, drops connections without answering, stalls, or serves a changed file
 * under a new ETag. For fault-injection tests; nginx is the well-behaved server.
 */
public final class FaultyHttpServer implements AutoCloseable {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d+)");

    private final Path root;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(8);
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger unavailable = new AtomicInteger();
    private final AtomicInteger drops = new AtomicInteger();
    private final AtomicInteger stalls = new AtomicInteger();
    private volatile long stallMillis;
    private final AtomicInteger generation = new AtomicInteger();
    private volatile boolean forbidden;

    private FaultyHttpServer(Path root) throws IOException {
        this.root = root;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    public static FaultyHttpServer serve(Path root) {
        try {
            return new FaultyHttpServer(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + path;
    }

    /** The next {@code n} requests are answered 503 Service Unavailable. */
    public void unavailableFor(int n) {
        unavailable.set(n);
    }

    /** The next {@code n} requests are dropped: the connection closes in the middle of the answer. */
    public void dropNext(int n) {
        drops.set(n);
    }

    /** The next {@code n} requests wait {@code millis} before they are answered. */
    public void stallNext(int n, long millis) {
        stallMillis = millis;
        stalls.set(n);
    }

    /** From now on every file has a new ETag, as if it had been replaced. */
    public void replaceFiles() {
        generation.incrementAndGet();
    }

    /** Answers every request 403 with S3's AccessDenied error document (or not, with false). */
    public void forbid(boolean on) {
        forbidden = on;
    }

    /** Requests received so far, answered or not. */
    public int requests() {
        return requests.get();
    }

    private void handle(HttpExchange x) throws IOException {
        requests.incrementAndGet();
        try (x) {
            if (drops.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                // the connection breaks mid-answer: 100 bytes promised, 10 sent, then it closes
                x.sendResponseHeaders(200, 100);
                x.getResponseBody().write(new byte[10]);
                x.getResponseBody().flush();
                return;
            }
            if (stalls.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                try {
                    Thread.sleep(stallMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (forbidden) {
                byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>AccessDenied</Code>"
                        + "<Message>Access Denied</Message></Error>").getBytes(java.nio.charset.StandardCharsets.UTF_8);
                x.getResponseHeaders().set("Content-Type", "application/xml");
                x.sendResponseHeaders(403, body.length);
                try (OutputStream out = x.getResponseBody()) {
                    out.write(body);
                }
                return;
            }
            if (unavailable.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                x.sendResponseHeaders(503, -1);
                return;
            }
            Path file = root.resolve(x.getRequestURI().getPath().substring(1)).normalize();
            if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                x.sendResponseHeaders(404, -1);
                return;
            }
            byte[] bytes = Files.readAllBytes(file);
            String etag = "\"" + Integer.toHexString(java.util.Arrays.hashCode(bytes)) + "-" + generation.get() + "\"";
            String ifMatch = x.getRequestHeaders().getFirst("If-Match");
            x.getResponseHeaders().set("ETag", etag);
            if (ifMatch != null && !ifMatch.equals(etag)) {
                x.sendResponseHeaders(412, -1);
                return;
            }
            String range = x.getRequestHeaders().getFirst("Range");
            Matcher m = range == null ? null : RANGE.matcher(range);
            if (m == null || !m.matches()) {
                x.sendResponseHeaders(200, bytes.length);
                try (OutputStream out = x.getResponseBody()) {
                    out.write(bytes);
                }
                return;
            }
            long from = Long.parseLong(m.group(1));
            long to = Math.min(Long.parseLong(m.group(2)), bytes.length - 1L);
            if (from >= bytes.length) {
                x.getResponseHeaders().set("Content-Range", "bytes */" + bytes.length);
                x.sendResponseHeaders(416, -1);
                return;
            }
            x.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + to + "/" + bytes.length);
            x.sendResponseHeaders(206, to - from + 1);
            try (OutputStream out = x.getResponseBody()) {
                out.write(bytes, (int) from, (int) (to - from + 1));
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
