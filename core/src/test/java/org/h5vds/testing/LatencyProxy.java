package org.h5vds.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on 127.0.0.1 in front of an HTTP server that adds a fixed latency to every request
 * (the time a request waits before it is passed on, as a distant server's round trip would) and
 * counts the requests and the bytes answered, whoever the client is: the same figures for h5vds
 * and for libhdf5's ros3 driver in the remote benchmark.
 */
public final class LatencyProxy implements AutoCloseable {
    private static final List<String> METHODS = List.of("GET ", "HEAD ", "PUT ", "POST ", "DELETE ");

    private final ServerSocket server;
    private final int targetPort;
    private final long latencyMillis;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong bytesAnswered = new AtomicLong();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    public LatencyProxy(int targetPort, long latencyMillis) throws IOException {
        this.server = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
        this.targetPort = targetPort;
        this.latencyMillis = latencyMillis;
        Thread accept = new Thread(this::acceptLoop, "latency-proxy-accept");
        accept.setDaemon(true);
        accept.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public long requests() {
        return requests.get();
    }

    public long bytesAnswered() {
        return bytesAnswered.get();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(upstream);
                pump(client, upstream, true);
                pump(upstream, client, false);
            } catch (IOException e) {
                if (closed) return;
            }
        }
    }

    private void pump(Socket from, Socket to, boolean requestSide) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[1 << 16];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    if (requestSide) {
                        String head = new String(buf, 0, Math.min(n, 8), StandardCharsets.US_ASCII);
                        if (METHODS.stream().anyMatch(head::startsWith)) {
                            requests.incrementAndGet();
                            if (latencyMillis > 0) Thread.sleep(latencyMillis);
                        }
                    } else {
                        bytesAnswered.addAndGet(n);
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // one side closed: close the other
            } finally {
                try {
                    to.close();
                    from.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }, "latency-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }
}
