package io.github.crmvault.common.security;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import jakarta.json.JsonString;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import javax.crypto.SecretKey;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Remembers tokens whose signature and claims were verified, for a minute at most and never past
 * their expiry, so a client's every request does not pay an RSA check. It holds only the outcome of
 * a pure check of the token itself: who the user is, and whether they are active, is still read from
 * the database on every request, so several instances stay consistent.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedTokenCache implements JWTParser {
    private static final long MAX_AGE_MILLIS = 60_000;
    private static final int MAX_ENTRIES = 10_000;

    private record Verified(JsonWebToken token, Set<String> scopes, long validUntilMillis) {
    }

    private final ConcurrentHashMap<String, Verified> verified = new ConcurrentHashMap<>();

    @Inject
    DefaultJWTParser delegate;

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        long now = System.currentTimeMillis();
        Verified hit = verified.get(token);
        if (hit != null && now < hit.validUntilMillis()) {
            return hit.token();
        }
        JsonWebToken parsed = delegate.parse(token);
        long validUntil = Math.min(now + MAX_AGE_MILLIS, parsed.getExpirationTime() * 1000L);
        if (verified.size() >= MAX_ENTRIES) {
            verified.clear();
        }
        verified.put(token, new Verified(parsed, readScopes(parsed), validUntil));
        return parsed;
    }

    /**
     * The token's OAuth-style {@code scope} claim (RFC 8693: space-separated) as a set, or null when it
     * has none. Read once per verified token: smallrye-jwt's {@code getClaim} of a claim outside the
     * MicroProfile set throws and catches an exception inside every call, which cost 5.6% of a get-one's
     * CPU when read per request (bench/README, fourteenth round). A token's text fixes its claims, so the
     * entry for the same text answers for any instance parsed from it.
     */
    public Set<String> scopes(JsonWebToken token) {
        String raw = token.getRawToken();
        Verified hit = raw == null ? null : verified.get(raw);
        return hit != null ? hit.scopes() : readScopes(token);
    }

    private static Set<String> readScopes(JsonWebToken token) {
        Object claim = token.getClaim("scope");
        if (claim == null) {
            return null;
        }
        String text = claim instanceof JsonString string ? string.getString() : claim.toString();
        return Arrays.stream(text.strip().split("\\s+")).filter(scope -> !scope.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
        return delegate.parse(token, context);
    }

    @Override
    public JsonWebToken verify(String token, PublicKey key) throws ParseException {
        return delegate.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, SecretKey key) throws ParseException {
        return delegate.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, String secret) throws ParseException {
        return delegate.verify(token, secret);
    }

    @Override
    public JsonWebToken decrypt(String token, PrivateKey key) throws ParseException {
        return delegate.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, SecretKey key) throws ParseException {
        return delegate.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, String secret) throws ParseException {
        return delegate.decrypt(token, secret);
    }

    @Override
    public JsonWebToken parseOnly(String token) throws ParseException {
        return delegate.parseOnly(token);
    }
}
