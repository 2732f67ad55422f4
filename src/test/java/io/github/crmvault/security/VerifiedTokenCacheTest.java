package io.github.crmvault.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.crmvault.common.security.VerifiedTokenCache;
import io.github.crmvault.support.Tokens;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

@QuarkusTest
class VerifiedTokenCacheTest {
    @Inject
    JWTParser parser;

    @Test
    void theApplicationVerifiesTokensThroughTheCache() {
        assertTrue(ClientProxy.unwrap(parser) instanceof VerifiedTokenCache);
    }

    @Test
    void aVerifiedTokenIsRememberedAndItsClaimsKept() throws ParseException {
        String token = Tokens.token("cache-" + System.nanoTime(), "sales");
        JsonWebToken first = parser.parse(token);
        JsonWebToken second = parser.parse(token);
        assertSame(first, second);
        assertEquals(first.getName(), second.getName());
        assertTrue(second.getGroups().contains("sales"));
    }

    @Test
    void aFailedCheckIsNeverRemembered() {
        String forged = Tokens.claims("cache-forged", "admin").sign(Tokens.OTHER_KEY);
        assertThrows(ParseException.class, () -> parser.parse(forged));
        assertThrows(ParseException.class, () -> parser.parse(forged));
    }
}
