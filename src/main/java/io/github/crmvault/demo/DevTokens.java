package io.github.crmvault.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.arc.profile.UnlessBuildProfile;
import io.quarkus.runtime.LaunchMode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Mints RS256 tokens with the development key, for the demo company and the tokens printed at a dev start.
 * Plain JDK crypto: smallrye-jwt-build stays a test dependency. Not a bean of a prod build, and it refuses
 * to sign in a prod launch besides, so a deployment can never mint tokens, whatever its settings say.
 */
@ApplicationScoped
@UnlessBuildProfile("prod")
public class DevTokens {
    @Inject
    DemoSettings settings;
    @ConfigProperty(name = "mp.jwt.verify.issuer")
    String issuer;
    @ConfigProperty(name = "mp.jwt.verify.audiences")
    List<String> audiences;
    @Inject
    ObjectMapper json;

    private PrivateKey key;

    /** Can tokens be minted here (a dev or test launch with a signing key configured)? */
    public boolean available() {
        return LaunchMode.current() != LaunchMode.NORMAL && settings.signingKey().isPresent();
    }

    /** A token of the claim shape the API verifies: iss, aud, upn, sub, groups, iat, exp, jti. */
    public String sign(String login, List<String> roles, Duration lifetime) {
        if (!available()) {
            throw new IllegalStateException("Tokens are minted only in dev and test launches with crm.demo.signing-key set");
        }
        Instant now = Instant.now();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer);
        claims.put("aud", audiences.size() == 1 ? audiences.get(0) : audiences);
        claims.put("upn", login);
        claims.put("sub", login);
        claims.put("groups", roles);
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plus(lifetime).getEpochSecond());
        claims.put("jti", UUID.randomUUID().toString());
        try {
            String input = base64(json.writeValueAsBytes(Map.of("alg", "RS256", "typ", "JWT"))) + "."
                    + base64(json.writeValueAsBytes(claims));
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(key());
            rsa.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + base64(rsa.sign());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot sign with " + settings.signingKey().get(), e);
        }
    }

    private synchronized PrivateKey key() throws IOException, GeneralSecurityException {
        if (key == null) {
            // PKCS#8 PEM ("BEGIN PRIVATE KEY"), as openssl genpkey writes it; relative to the working directory.
            String pem = Files.readString(Path.of(settings.signingKey().get()), StandardCharsets.US_ASCII);
            String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
        }
        return key;
    }

    private static String base64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
