package io.github.crmvault;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The stored contract must be what the code serves. When they differ the file is rewritten and the
 * test fails: review the diff of openapi/openapi.yaml and commit it.
 */
@QuarkusTest
class OpenApiContractTest {
    private static final Path STORED = Path.of("openapi/openapi.yaml");

    @Test
    void storedContractMatchesTheCode() throws IOException {
        String served = given().queryParam("format", "yaml").get("/q/openapi").then().statusCode(200)
                .extract().asString();
        String stored = Files.exists(STORED) ? Files.readString(STORED, StandardCharsets.UTF_8) : "";
        boolean current = served.equals(stored);
        if (!current) {
            Files.writeString(STORED, served, StandardCharsets.UTF_8);
        }
        assertTrue(current, "openapi/openapi.yaml was stale and has been regenerated; review the diff and commit it");
    }
}
