package io.github.crmvault.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.crmvault.support.Api;
import io.github.crmvault.support.Customers;
import io.github.crmvault.support.Org;
import io.github.crmvault.support.OrgAdmin;
import io.github.crmvault.support.Sql;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Clients that vanish at any byte of an export: before the request is answered, mid-stream, or with a
 * TCP reset. Whatever they do, every connection of the app goes back to its pool and no session of
 * it stays idle in transaction.
 */
@QuarkusTest
class ExportAbortTest {
    private static final String[] EXPORTS = {"customers", "contacts", "visits", "deals"};

    @Inject
    DataSource dataSource;
    @ConfigProperty(name = "test.schema", defaultValue = "crm_test")
    String schema;

    @Test
    void abortedExportsGiveEveryConnectionBack() throws Exception {
        Org.Person rep = Org.rep();
        for (int c = 0; c < 12; c++) {
            Customers.create(rep.auth(), Customers.nameWith("Abort Storm " + c));
        }
        // Exporters: integration holds the export permission by default.
        String team = Org.team(Org.unique("abort"), null, null);
        List<Org.Person> exporters = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            exporters.add(OrgAdmin.person(team, "integration"));
        }
        ExecutorService clients = Executors.newFixedThreadPool(exporters.size());
        try {
            List<Future<?>> aborts = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                Org.Person exporter = exporters.get(i % exporters.size());
                String export = EXPORTS[i % EXPORTS.length];
                aborts.add(clients.submit(() -> {
                    abort(exporter.auth(), export);
                    return null;
                }));
            }
            for (Future<?> abort : aborts) {
                abort.get(30, TimeUnit.SECONDS);
            }
        } finally {
            clients.shutdownNow();
        }

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long stuck;
        do {
            Thread.sleep(200);
            stuck = ((Number) Sql.value(dataSource, "SELECT count(*) FROM pg_stat_activity WHERE application_name IN (?, ?)"
                    + " AND state LIKE 'idle in transaction%'", "crm-api-" + schema, "crm-api-export-" + schema))
                    .longValue();
        } while (stuck > 0 && System.nanoTime() < deadline);
        assertEquals(0, stuck, "sessions of the app left idle in transaction");

        // Every export place is free again: each exporter can run as many exports as one caller may.
        for (Org.Person exporter : exporters) {
            for (int i = 0; i < 2; i++) {
                ExportApiTest.export(exporter.auth(), "customers", ExportApiTest.NDJSON, null).then().statusCode(200);
            }
            Api.as(exporter.auth()).get("/api/v1/me").then().statusCode(200);
        }
    }

    /** Sends the request and goes away at a random moment, half of the time with a reset. */
    private static void abort(String auth, String export) throws IOException, InterruptedException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            // A short answer (a refusal, a small export) leaves the connection open: stop waiting for more.
            socket.setSoTimeout(500);
            if (random.nextBoolean()) {
                socket.setSoLinger(true, 0);
            }
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/v1/export/" + export + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + auth
                    + "\r\nAccept: " + (random.nextBoolean() ? "text/csv" : "application/x-ndjson") + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            switch (random.nextInt(3)) {
                case 0 -> { } // before the first byte of the answer
                case 1 -> Thread.sleep(random.nextInt(1, 30));
                default -> {
                    InputStream in = socket.getInputStream();
                    int want = random.nextInt(1, 4096);
                    byte[] buffer = new byte[want];
                    int read = 0;
                    try {
                        while (read < want) {
                            int n = in.read(buffer, read, want - read);
                            if (n < 0) {
                                break;
                            }
                            read += n;
                        }
                    } catch (SocketTimeoutException answeredInFull) {
                        // nothing more is coming
                    }
                }
            }
        }
    }
}
