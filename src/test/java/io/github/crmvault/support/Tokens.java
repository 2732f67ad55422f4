package io.github.crmvault.support;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.util.Set;

/** Real RS256 tokens signed with the test key pair (src/test/resources/keys). */
public final class Tokens {
    public static final String ISSUER = "https://crm.example.com";
    public static final String AUDIENCE = "crm-api";
    public static final String TEST_KEY = "keys/test-private.pem";
    public static final String OTHER_KEY = "keys/other-private.pem";

    private Tokens() {
    }

    public static JwtClaimsBuilder claims(String login, String... roles) {
        return Jwt.issuer(ISSUER).audience(AUDIENCE).upn(login).subject(login).groups(Set.of(roles)).expiresIn(3600);
    }

    public static String token(String login, String... roles) {
        return claims(login, roles).sign(TEST_KEY);
    }

    /** The Authorization header value, sent as a plain header so the contract validator sees it. */
    public static String bearer(String login, String... roles) {
        return "Bearer " + token(login, roles);
    }
}
