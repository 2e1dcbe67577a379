package org.h5vds.io;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The built-in provider of {@code http://} and {@code https://} locations: files read with HTTP
 * range requests ({@link java.net.http.HttpClient}) through a {@link RemoteStore}. A plain HTTP
 * server cannot list a folder, so printf sources are probed one by one.
 */
final class HttpObjects implements StoreProvider {
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes\\s+(?:(\\d+)-(\\d+)|\\*)/(\\d+|\\*)");

    private final HttpClient client;
    private final RemoteIo io;

    HttpObjects(RemoteSettings settings) {
        this.io = new RemoteIo(settings, "http");
        this.client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(Math.min(30, Math.max(1, settings.requestTimeout().toSeconds()))))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    @Override
    public Store open(String location) {
        URI uri;
        try {
            uri = URI.create(location);
        } catch (IllegalArgumentException e) {
            throw new H5Exception(location + ": not a usable URL: " + e.getMessage(), e);
        }
        return RemoteStore.open(new Resource(location, uri), io);
    }

    @Override
    public String identify(String location) {
        return Locations.normalizeRemote(location);
    }

    @Override
    public String toString() {
        return "HTTP range requests";
    }

    /** One resource, fetched by ranges. */
    private final class Resource implements RangeSource {
        private final String location;
        private final URI uri;

        Resource(String location, URI uri) {
            this.location = location;
            this.uri = uri;
        }

        @Override
        public String location() {
            return location;
        }

        @Override
        public Fetched fetch(long start, int length, String version) throws RemoteFailure {
            HttpRequest.Builder req = HttpRequest.newBuilder(uri).GET()
                    .timeout(io.settings().requestTimeout())
                    .header("Range", "bytes=" + start + "-" + (start + length - 1));
            // If-Match takes strong validators only; a weak ETag is compared below instead
            if (version != null && version.startsWith("\"")) req.header("If-Match", version);
            HttpResponse<byte[]> r;
            try {
                r = client.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (HttpTimeoutException e) {
                throw new RemoteFailure(RemoteFailure.Kind.TRANSIENT, "no answer within " + io.settings().requestTimeout().toSeconds() + " s", e);
            } catch (ConnectException e) {
                throw new RemoteFailure(RemoteFailure.Kind.TRANSIENT, "cannot connect to " + uri.getScheme() + "://" + uri.getAuthority()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
            } catch (IOException e) {
                throw new RemoteFailure(RemoteFailure.Kind.TRANSIENT, "connection failed: " + describe(e), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RemoteFailure(RemoteFailure.Kind.FATAL, "interrupted", e);
            }
            int status = r.statusCode();
            String etag = header(r, "ETag").orElseGet(() -> header(r, "Last-Modified").map(m -> "modified " + m).orElse(null));
            switch (status) {
                case 206 -> {
                    long total = total(r);
                    checkVersion(version, etag);
                    return new Fetched(r.body(), total, etag);
                }
                case 200 -> {
                    // a server that ignores ranges sends everything: usable for the first read only
                    if (start != 0) throw new RemoteFailure(RemoteFailure.Kind.FATAL, "the server does not answer range requests (HTTP 200 to a range)");
                    checkVersion(version, etag);
                    return new Fetched(r.body(), r.body().length, etag);
                }
                case 416 -> {
                    long total = total(r);
                    if (start == 0 && total == 0) return new Fetched(new byte[0], 0, etag);
                    throw new RemoteFailure(RemoteFailure.Kind.FATAL, "range " + start + "-" + (start + length - 1) + " not satisfiable (HTTP 416; "
                            + (total >= 0 ? "the object has " + total + " bytes" : "size unknown") + ")");
                }
                case 404, 410 -> throw new RemoteFailure(RemoteFailure.Kind.NOT_FOUND, "no such file (HTTP " + status + ")");
                case 401 -> throw new RemoteFailure(RemoteFailure.Kind.DENIED, "authentication required (HTTP 401)");
                case 403 -> throw new RemoteFailure(RemoteFailure.Kind.DENIED, "access denied (HTTP 403)");
                case 412 -> throw new RemoteFailure(RemoteFailure.Kind.CHANGED, "ETag " + version + " when opened no longer matches (HTTP 412)");
                default -> {
                    RemoteFailure.Kind kind = status == 429 || status >= 500 ? RemoteFailure.Kind.TRANSIENT : RemoteFailure.Kind.FATAL;
                    throw new RemoteFailure(kind, "HTTP " + status);
                }
            }
        }

        private long total(HttpResponse<byte[]> r) throws RemoteFailure {
            String range = header(r, "Content-Range").orElse(null);
            if (range == null) {
                if (r.statusCode() == 416) return -1;
                throw new RemoteFailure(RemoteFailure.Kind.FATAL, "the server answered a range request without a Content-Range");
            }
            Matcher m = CONTENT_RANGE.matcher(range.trim());
            if (!m.matches() || m.group(3).equals("*")) {
                throw new RemoteFailure(RemoteFailure.Kind.FATAL, "unreadable Content-Range \"" + range + "\"");
            }
            return Long.parseLong(m.group(3));
        }
    }

    /** An answer of another version than the one opened is a changed file (servers may ignore If-Match). */
    static void checkVersion(String expected, String got) throws RemoteFailure {
        if (expected != null && !expected.equals(got)) {
            throw new RemoteFailure(RemoteFailure.Kind.CHANGED, "ETag " + expected + " when opened, " + got + " now");
        }
    }

    private static Optional<String> header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name);
    }

    static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
