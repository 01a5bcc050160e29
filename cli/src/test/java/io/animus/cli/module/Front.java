package io.animus.cli.module;


import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay in front of the test registry, so that a test can stop "the registry" as a client sees
 * it (nothing listens at its address any more), or have it fail every request with 503 as it does while
 * its database is away, without touching the registry the other tests share.
 */
final class Front implements AutoCloseable {

    private final ServerSocket server;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile boolean failing;

    Front(String registryUrl) throws IOException {
        URI target = URI.create(registryUrl);
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    if (failing) {
                        fail(client);
                        continue;
                    }
                    Socket upstream = new Socket(target.getHost(), target.getPort());
                    open.add(client);
                    open.add(upstream);
                    pump(client, upstream);
                    pump(upstream, client);
                } catch (IOException closed) {
                    return;
                }
            }
        }, "front-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /**
     * From now on, answers every request as a registry whose database is away does: 503 with a problem
     * document (the connections already relayed are cut).
     */
    void failEveryRequest() throws IOException {
        failing = true;
        for (Socket socket : open) {
            socket.close();
        }
    }

    private static void fail(Socket client) {
        Thread thread = new Thread(() -> {
            try (client) {
                java.io.BufferedReader request = new java.io.BufferedReader(new java.io.InputStreamReader(client.getInputStream(),
                        java.nio.charset.StandardCharsets.ISO_8859_1));
                String line;
                while ((line = request.readLine()) != null && !line.isEmpty()) {
                    // the request's head, read to its end
                }
                byte[] body = "{\"title\":\"Service Unavailable\",\"status\":503}".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                client.getOutputStream().write(("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/problem+json\r\n"
                        + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                client.getOutputStream().write(body);
            } catch (IOException ended) {
                // the client went away
            }
        }, "front-fail");
        thread.setDaemon(true);
        thread.start();
    }

    private static void pump(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException ended) {
                // either side closed
            } finally {
                try {
                    from.close();
                    to.close();
                } catch (IOException ignored) {
                    // closing
                }
            }
        }, "front-pump");
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops listening and cuts every relayed connection. */
    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : open) {
            socket.close();
        }
    }
}
