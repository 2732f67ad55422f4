package io.github.crmvault.webhook;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * A webhook receiver on loopback for tests: records every request it gets and answers with the
 * status set (after an optional delay); it can go down and come back on the same port.
 */
final class Receiver implements AutoCloseable {
    record Received(String id, String timestamp, String signature, String body) {
    }

    private final List<Received> received = new ArrayList<>();
    private volatile int status = 204;
    private volatile long delayMillis;
    private HttpServer server;
    private int port;

    Receiver() {
        start();
    }

    String url() {
        return "http://127.0.0.1:" + port + "/hooks";
    }

    void answer(int status) {
        this.status = status;
    }

    void delay(long millis) {
        this.delayMillis = millis;
    }

    synchronized List<Received> received() {
        return new ArrayList<>(received);
    }

    /** Only the requests of one event. */
    List<Received> of(String eventId) {
        return received().stream().filter(r -> r.id().equals(eventId)).toList();
    }

    void stop() {
        server.stop(0);
    }

    /** Up again on the same port (the first start takes any free one). */
    void start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/hooks", exchange -> {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            synchronized (this) {
                received.add(new Received(exchange.getRequestHeaders().getFirst("webhook-id"),
                        exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                        exchange.getRequestHeaders().getFirst("webhook-signature"), body));
            }
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        port = server.getAddress().getPort();
    }

    @Override
    public void close() {
        stop();
    }
}
