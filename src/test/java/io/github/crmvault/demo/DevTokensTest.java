package io.github.crmvault.demo;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.crmvault.support.Api;
import io.github.crmvault.support.Org;
import io.github.crmvault.support.Problems;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The dev token signer: what it mints, the running application accepts as the login and roles named. */
@QuarkusTest
class DevTokensTest {
    @Inject
    DevTokens tokens;

    @Test
    void aMintedTokenIsAcceptedWithItsLoginAndRoles() {
        String login = Org.unique("minted-admin");
        Api.as("Bearer " + tokens.sign(login, List.of("admin"), Duration.ofMinutes(5))).get("/api/v1/me").then()
                .statusCode(200).body("login", equalTo(login)).body("roles", hasItem("admin"));
    }

    @Test
    void aMintedRepTokenStillNeedsAUser() {
        Problems.expect(Api.as("Bearer " + tokens.sign(Org.unique("nobody"), List.of("sales"), Duration.ofMinutes(5)))
                .get("/api/v1/me"), 403, "unknown-user");
    }

    @Test
    void theClaimsHaveTheShapeTheApiVerifies() throws Exception {
        String token = tokens.sign("zhang.wei", List.of("sales"), Duration.ofMinutes(5));
        JsonNode claims = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        assertEquals("https://crm.example.com", claims.get("iss").asText());
        assertEquals("crm-api", claims.get("aud").asText());
        assertEquals("zhang.wei", claims.get("upn").asText());
        assertEquals("zhang.wei", claims.get("sub").asText());
        assertEquals("sales", claims.get("groups").get(0).asText());
        assertEquals(300, claims.get("exp").asLong() - claims.get("iat").asLong());
    }

    @Test
    void aTamperedTokenIsRefused() {
        String[] parts = tokens.sign(Org.unique("minted-admin"), List.of("admin"), Duration.ofMinutes(5)).split("\\.");
        String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(Base64.getUrlDecoder().decode(parts[1])).replace("\"admin\"]", "\"integration\"]").getBytes());
        Problems.unauthenticated(Api.as("Bearer " + parts[0] + "." + payload + "." + parts[2]).get("/api/v1/me"));
    }
}
