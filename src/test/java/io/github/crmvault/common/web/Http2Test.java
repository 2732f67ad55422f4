package io.github.crmvault.common.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.crmvault.support.Api;
import io.github.crmvault.support.Customers;
import io.github.crmvault.support.Org;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Cleartext HTTP/2, reached either way: the JDK client's default is an HTTP/1.1 request with
 * {@code Upgrade: h2c}, whose body is carried over into the HTTP/2 stream; other clients open with
 * HTTP/2 at once (prior knowledge). A body read by {@link HttpGuard} must reach REST either way.
 */
@QuarkusTest
class Http2Test {
    private static final HttpClient JDK = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Inject
    Vertx vertx;

    @Test
    void postWithABodyOverAnH2cUpgradeIsCreated() throws Exception {
        Org.Person rep = Org.rep();
        String name = Org.unique("h2c upgrade");
        HttpResponse<String> response = JDK.send(request(rep)
                .POST(HttpRequest.BodyPublishers.ofString(new JsonObject(Customers.body(name)).encode())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(HttpClient.Version.HTTP_2, response.version(), "the server took the upgrade");
        assertEquals(201, response.statusCode(), response.body());
        Api.validate(response);
        assertEquals(name, new JsonObject(response.body()).getString("name"));
        assertEquals(List.of(name), Api.as(rep.auth()).queryParam("ownerId", "me").get("/api/v1/customers")
                .then().statusCode(200).extract().path("items.name"));
    }

    @Test
    void getOverAnH2cUpgradeIsAnswered() throws Exception {
        Org.Person rep = Org.rep();
        String name = Org.unique("h2c get");
        Customers.create(rep.auth(), name);
        // The rep's own customers only: the pool holds what other tests created.
        HttpResponse<String> response = JDK.send(request(rep).uri(URI.create(customersUri() + "?ownerId=me")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(HttpClient.Version.HTTP_2, response.version(), "the server took the upgrade");
        assertEquals(200, response.statusCode(), response.body());
        Api.validate(response);
        assertEquals(List.of(name), new JsonObject(response.body()).getJsonArray("items").stream()
                .map(item -> ((JsonObject) item).getString("name")).toList());
    }

    @Test
    void postWithABodyOverPriorKnowledgeH2cIsCreated() throws Exception {
        Org.Person rep = Org.rep();
        String name = Org.unique("h2c prior knowledge");
        io.vertx.core.http.HttpClient client = vertx.createHttpClient(new HttpClientOptions()
                .setProtocolVersion(io.vertx.core.http.HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false));
        try {
            RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost("localhost")
                    .setPort(RestAssured.port).setURI("/api/v1/customers")
                    .putHeader("Authorization", rep.auth()).putHeader("Content-Type", "application/json");
            // The body is asked for on the event loop, before it arrives.
            Received response = client.request(options)
                    .compose(request -> request.send(new JsonObject(Customers.body(name)).encode()))
                    .compose(answer -> answer.body().map(body -> new Received(answer, body.toString())))
                    .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
            assertEquals(io.vertx.core.http.HttpVersion.HTTP_2, response.head().version());
            assertEquals(201, response.head().statusCode(), response.body());
            assertEquals(name, new JsonObject(response.body()).getString("name"));
        } finally {
            client.close();
        }
    }

    private record Received(HttpClientResponse head, String body) {
    }

    private static String customersUri() {
        return "http://localhost:" + RestAssured.port + "/api/v1/customers";
    }

    private static HttpRequest.Builder request(Org.Person rep) {
        return HttpRequest.newBuilder(URI.create(customersUri()))
                .header("Authorization", rep.auth()).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(20));
    }
}
