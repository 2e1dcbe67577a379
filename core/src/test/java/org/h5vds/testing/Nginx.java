package org.h5vds.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server with range support for the tests: Debian's nginx (installed by ./test.sh),
 * started on a free loopback port and serving one folder, its access log kept so that tests can
 * count requests. Fails, never skips, when nginx is missing.
 */
public final class Nginx implements AutoCloseable {
    private static final String BINARY = "/usr/sbin/nginx";

    private final Path dir;
    private final Path root;
    private final int port;
    private final Process process;

    private Nginx(Path dir, Path root, int port, Process process) {
        this.dir = dir;
        this.root = root;
        this.port = port;
        this.process = process;
    }

    /** Serves {@code root} on 127.0.0.1 at a free port. */
    public static Nginx serve(Path root) {
        if (!Files.isExecutable(Path.of(BINARY))) {
            throw new IllegalStateException(BINARY + " is missing: ./test.sh installs Debian's nginx (apt-get install nginx-light)");
        }
        try {
            Path dir = Files.createTempDirectory(Files.createDirectories(Project.target().resolve("nginx")), "run-");
            for (int attempt = 0; ; attempt++) {
                int port;
                try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                    port = s.getLocalPort();
                }
                Path conf = dir.resolve("nginx.conf");
                Files.writeString(conf, config(dir, root, port));
                Process p = new ProcessBuilder(BINARY, "-p", dir.toString(), "-c", conf.toString(), "-e", dir.resolve("error.log").toString())
                        .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
                if (awaitPort(port, p)) return new Nginx(dir, root, port, p);
                p.destroyForcibly();
                if (attempt >= 3) {
                    throw new IllegalStateException("nginx did not start: " + Files.readString(dir.resolve("stdout.log"))
                            + (Files.exists(dir.resolve("error.log")) ? Files.readString(dir.resolve("error.log")) : ""));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String config(Path dir, Path root, int port) {
        boolean rootUser = "root".equals(System.getProperty("user.name"));
        return (rootUser ? "user root;\n" : "") + """
                daemon off;
                worker_processes 2;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 512; }
                http {
                    access_log %1$s/access.log;
                    client_body_temp_path %1$s/body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                    default_type application/octet-stream;
                    keepalive_requests 10000;
                    server {
                        listen 127.0.0.1:%2$d;
                        root %3$s;
                    }
                }
                """.formatted(dir, port, root.toAbsolutePath());
    }

    private static boolean awaitPort(int port, Process p) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) return false;
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return true;
            } catch (IOException e) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return false;
    }

    /** {@code http://127.0.0.1:PORT/} + {@code path}. */
    public String url(String path) {
        return "http://127.0.0.1:" + port + "/" + path;
    }

    public Path root() {
        return root;
    }

    /** Requests logged so far. */
    public List<String> accessLog() {
        try {
            Path log = dir.resolve("access.log");
            return Files.exists(log) ? Files.readAllLines(log) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
