package io.github.crmvault.common.devdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.crmvault.support.Tokens;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar starts as production runs it: prod profile, configured only through the environment
 * (README, "Running in production"). Tests in dev and test profiles cannot see what a prod build leaves
 * out: a setting whose beans a prod build drops once stopped this jar at start (SRCFG00050), with every
 * other test green. Runs after {@code package} (failsafe), on the machine's PostgreSQL or else an
 * embedded one.
 */
class ProductionJarIT {
    private static final String SCHEMA = "crm_prod_jar_it";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void theProductionJarStartsFromItsEnvironmentAndServesAuthenticatedRequests() throws Exception {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        assertTrue(Files.exists(jar), "package builds " + jar);
        int dbPort = reachable(5432) ? 5432 : EmbeddedServer.port(null);
        try (Connection db = DriverManager.getConnection("jdbc:postgresql://localhost:" + dbPort + "/postgres", "postgres", "");
                Statement sql = db.createStatement()) {
            sql.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
        int port = freePort();
        Path log = Files.createTempFile("crm-prod-jar", ".log");
        ProcessBuilder start = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = start.environment();
        env.put("QUARKUS_PROFILE", "prod");
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://localhost:" + dbPort + "/postgres?currentSchema=" + SCHEMA + ",public");
        env.put("QUARKUS_DATASOURCE_USERNAME", "postgres");
        env.put("QUARKUS_FLYWAY_SCHEMAS", SCHEMA);
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", Path.of("src/test/resources/keys/test-public.pem").toUri().toString());
        Process api = start.start();
        try {
            String base = "http://localhost:" + port;
            awaitReady(api, base + "/q/health/ready", log);
            assertEquals(401, get(base + "/api/v1/customers", null).statusCode());
            HttpResponse<String> customers = get(base + "/api/v1/customers", Tokens.bearer("prod-jar-admin", "admin"));
            assertEquals(200, customers.statusCode(), customers.body());
            assertTrue(customers.body().contains("\"items\""), customers.body());
        } finally {
            api.destroy();
            api.waitFor();
        }
    }

    private static void awaitReady(Process api, String url, Path log) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline)) {
            if (!api.isAlive()) {
                throw new AssertionError("The jar exited at start (" + api.exitValue() + "):\n" + Files.readString(log));
            }
            try {
                if (get(url, null).statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // keep waiting
            }
            Thread.sleep(500);
        }
        throw new AssertionError("The jar was not ready within 3 minutes:\n" + Files.readString(log));
    }

    private static HttpResponse<String> get(String url, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static boolean reachable(int port) {
        try (Socket socket = new Socket("localhost", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
