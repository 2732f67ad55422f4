package io.github.crmvault.security;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.crmvault.support.Api;
import io.github.crmvault.support.Org;
import io.github.crmvault.support.Pages;
import io.github.crmvault.support.Problems;
import io.github.crmvault.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every token that is not a valid RS256 JWT from our issuer, for our audience, signed with the
 * trusted key and still valid, is answered 401 with a problem and a Bearer challenge. The claims of
 * each bad token name the admin role, so if it were accepted the request would succeed.
 */
@QuarkusTest
class TokenValidationTest {

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String adminLogin() {
        return "admin-" + UUID.randomUUID();
    }

    /** A header of each kind of invalid credential; all would be an admin if accepted. */
    static Stream<Arguments> badCredentials() {
        Map<String, Supplier<String>> cases = new java.util.LinkedHashMap<>();
        cases.put("no Authorization header", () -> null);
        cases.put("expired an hour ago", () -> {
            long now = Instant.now().getEpochSecond();
            String login = adminLogin();
            return "Bearer " + Jwt.issuer(Tokens.ISSUER).audience(Tokens.AUDIENCE).upn(login).subject(login)
                    .groups(Set.of("admin")).issuedAt(now - 7200).expiresAt(now - 3600).sign(Tokens.TEST_KEY);
        });
        cases.put("expired 5 minutes ago (beyond the 60 s grace)", () -> {
            long now = Instant.now().getEpochSecond();
            String login = adminLogin();
            return "Bearer " + Jwt.issuer(Tokens.ISSUER).audience(Tokens.AUDIENCE).upn(login).subject(login)
                    .groups(Set.of("admin")).issuedAt(now - 900).expiresAt(now - 300).sign(Tokens.TEST_KEY);
        });
        cases.put("wrong issuer", () -> {
            String login = adminLogin();
            return "Bearer " + Jwt.issuer("https://evil.example.com").audience(Tokens.AUDIENCE).upn(login)
                    .subject(login).groups(Set.of("admin")).expiresIn(3600).sign(Tokens.TEST_KEY);
        });
        cases.put("wrong audience", () -> {
            String login = adminLogin();
            return "Bearer " + Jwt.issuer(Tokens.ISSUER).audience("some-other-api").upn(login).subject(login)
                    .groups(Set.of("admin")).expiresIn(3600).sign(Tokens.TEST_KEY);
        });
        cases.put("no audience", () -> {
            String login = adminLogin();
            return "Bearer " + Jwt.issuer(Tokens.ISSUER).upn(login).subject(login)
                    .groups(Set.of("admin")).expiresIn(3600).sign(Tokens.TEST_KEY);
        });
        cases.put("signed with an untrusted key", () -> "Bearer " + Tokens.claims(adminLogin(), "admin").sign(Tokens.OTHER_KEY));
        cases.put("unsigned, alg none", () -> {
            long now = Instant.now().getEpochSecond();
            String login = adminLogin();
            String header = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
            String payload = b64("{\"iss\":\"" + Tokens.ISSUER + "\",\"aud\":\"" + Tokens.AUDIENCE + "\",\"upn\":\""
                    + login + "\",\"sub\":\"" + login + "\",\"groups\":[\"admin\"],\"iat\":" + now + ",\"exp\":"
                    + (now + 3600) + ",\"jti\":\"" + UUID.randomUUID() + "\"}");
            return "Bearer " + header + "." + payload + ".";
        });
        cases.put("HS256 with the public key as the HMAC secret", () -> {
            try (var in = TokenValidationTest.class.getClassLoader().getResourceAsStream("keys/test-public.pem")) {
                String secret = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                return "Bearer " + Tokens.claims(adminLogin(), "admin").signWithSecret(secret);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
        cases.put("valid signature, tampered payload (sales -> admin)", () -> {
            String login = adminLogin();
            String[] parts = Tokens.token(login, "sales").split("\\.");
            String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                    .replace("\"sales\"", "\"admin\"");
            return "Bearer " + parts[0] + "." + b64(payload) + "." + parts[2];
        });
        cases.put("garbage string", () -> "Bearer this-is-not-a-jwt");
        cases.put("three garbage parts", () -> "Bearer aaaa.bbbb.cccc");
        cases.put("Basic scheme instead of Bearer", () -> "Basic " + Base64.getEncoder()
                .encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8)));
        return cases.entrySet().stream().flatMap(c -> Stream.of(
                Arguments.of(c.getKey(), c.getValue(), "/api/v1/me"),
                Arguments.of(c.getKey(), c.getValue(), "/api/v1/customers"),
                Arguments.of(c.getKey(), c.getValue(), "/api/v1/teams")));
    }

    @ParameterizedTest(name = "{0} on GET {2} -> 401")
    @MethodSource("badCredentials")
    void invalidCredentialIsUnauthenticated(String name, Supplier<String> credential, String path) {
        String header = credential.get();
        var request = header == null ? Api.anonymous() : Api.as(header);
        Problems.unauthenticated(request.get(path)).body("detail", containsString("token"));
    }

    @Test
    void invalidTokenOnAWriteIsUnauthenticatedAndChangesNothing() {
        String name = Org.unique("never-created");
        Problems.unauthenticated(Api.as("Bearer " + Tokens.claims(adminLogin(), "admin").sign(Tokens.OTHER_KEY))
                .body(Map.of("name", name)).post("/api/v1/teams"));
        Problems.unauthenticated(Api.anonymous().body(Map.of("name", name)).post("/api/v1/teams"));
        assertFalse(Pages.all(Org.ADMIN, "/api/v1/teams", Map.of(), "name").contains(name));
    }

    @Test
    void theSameClaimsSignedWithTheTrustedKeyAreAccepted() {
        // Control for the cases above: a well-formed admin token succeeds on the same endpoints.
        String login = adminLogin();
        Api.as(Tokens.bearer(login, "admin")).get("/api/v1/me").then().statusCode(200).body("login", equalTo(login));
        long now = Instant.now().getEpochSecond();
        // Expired 10 seconds ago is inside the 60 s grace and still accepted.
        String recent = "Bearer " + Jwt.issuer(Tokens.ISSUER).audience(Tokens.AUDIENCE).upn(login).subject(login)
                .groups(Set.of("admin")).issuedAt(now - 600).expiresAt(now - 10).sign(Tokens.TEST_KEY);
        Api.as(recent).get("/api/v1/me").then().statusCode(200).body("login", equalTo(login));
    }

    @Test
    void loginFallsBackToSubWhenUpnIsAbsent() {
        String login = adminLogin();
        String token = "Bearer " + Jwt.issuer(Tokens.ISSUER).audience(Tokens.AUDIENCE).subject(login)
                .groups(Set.of("admin")).expiresIn(3600).sign(Tokens.TEST_KEY);
        Api.as(token).get("/api/v1/me").then().statusCode(200).body("login", equalTo(login));
    }

    @Test
    void integrationTokenCannotWrite() {
        Org.Person integration = io.github.crmvault.support.OrgAdmin.person(null, "integration");
        Problems.forbidden(Api.as(integration.auth()).body(io.github.crmvault.support.Customers.body(Org.unique("Integration Co")))
                .post("/api/v1/customers"));
        Problems.forbidden(Api.as(integration.auth()).body(Map.of("name", Org.unique("team")))
                .post("/api/v1/teams"));
    }

    @Test
    void salesTokenCannotCreateTeams() {
        Org.Person rep = Org.rep();
        String name = Org.unique("sales-team");
        Problems.forbidden(Api.as(rep.auth()).body(Map.of("name", name)).post("/api/v1/teams"))
                .body("detail", containsString("role"));
        assertFalse(Pages.all(Org.ADMIN, "/api/v1/teams", Map.of(), "name").contains(name));
    }
}
