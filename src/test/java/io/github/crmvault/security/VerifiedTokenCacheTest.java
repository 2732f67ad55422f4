package io.github.crmvault.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import java.lang.reflect.Proxy;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

@QuarkusTest
class VerifiedTokenCacheTest {
    @Inject
    JWTParser parser;
    @Inject
    VerifiedTokenCache cache;

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

    @Test
    void aTokensScopesAreItsScopeClaimSplitOnSpacesReadOnceWhenVerified() throws ParseException {
        String scoped = Tokens.claims("cache-scope-" + System.nanoTime(), "integration")
                .claim("scope", " customers:read  contacts:read ").sign(Tokens.TEST_KEY);
        assertEquals(Set.of("customers:read", "contacts:read"), cache.scopes(parser.parse(scoped)));
        // A token of the same text is answered from the verified entry, without reading its claims again.
        JsonWebToken sameText = (JsonWebToken) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {JsonWebToken.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getRawToken")) {
                        return scoped;
                    }
                    throw new AssertionError("claims read again: " + method.getName());
                });
        assertEquals(Set.of("customers:read", "contacts:read"), cache.scopes(sameText));
        assertNull(cache.scopes(parser.parse(Tokens.token("cache-unscoped-" + System.nanoTime(), "integration"))));
    }

    @Test
    void aTokenNotVerifiedThroughTheCacheHasItsScopesReadFromItsClaims() throws ParseException {
        String scoped = Tokens.claims("cache-direct-" + System.nanoTime(), "integration")
                .claim("scope", "visits:read").sign(Tokens.TEST_KEY);
        assertEquals(Set.of("visits:read"), cache.scopes(parser.parseOnly(scoped)));
    }
}
