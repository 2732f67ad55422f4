package io.github.crmvault.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The running API as the demo company's people call it: real requests with real tokens, so every rule,
 * audit entry and feed record is the application's own. Waits out rate limits (429/503 with Retry-After).
 */
final class DemoApi {
    private static final int ATTEMPTS = 20;

    // HTTP/1.1: the JDK client's default cleartext upgrade to HTTP/2 (h2c) with a body fails with a 500 here.
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final ObjectMapper json;
    private final DevTokens tokens;
    private final Map<String, String> bearers = new HashMap<>();

    DemoApi(URI base, ObjectMapper json, DevTokens tokens) {
        this.base = base;
        this.json = json;
        this.tokens = tokens;
    }

    JsonNode post(DemoPeople.Person as, String path, Object body) {
        return send(as, "POST", path, body, null);
    }

    JsonNode put(DemoPeople.Person as, String path, Object body, long version) {
        return send(as, "PUT", path, body, "\"" + version + "\"");
    }

    private JsonNode send(DemoPeople.Person as, String method, String path, Object body, String ifMatch) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + bearer(as))
                    .header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
            if (ifMatch != null) {
                request.header("If-Match", ifMatch);
            }
            for (int attempt = 1; ; attempt++) {
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                int status = response.statusCode();
                if (status / 100 == 2) {
                    return json.readTree(response.body());
                }
                if ((status == 429 || status == 503) && attempt < ATTEMPTS) {
                    long seconds = response.headers().firstValueAsLong("Retry-After").orElse(1);
                    Thread.sleep(Duration.ofSeconds(Math.max(1, seconds)).toMillis());
                    continue;
                }
                throw new IllegalStateException(method + " " + path + " as " + as.login() + ": " + status + " " + response.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while writing the demo company", e);
        }
    }

    private String bearer(DemoPeople.Person person) {
        return bearers.computeIfAbsent(person.login(), login -> tokens.sign(login, List.of(person.role()), Duration.ofHours(1)));
    }
}
