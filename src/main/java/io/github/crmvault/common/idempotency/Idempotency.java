package io.github.crmvault.common.idempotency;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.crmvault.common.problem.Problem;
import io.github.crmvault.common.problem.ProblemException;
import io.github.crmvault.common.problem.ProblemMappers;
import io.github.crmvault.common.problem.ProblemType;
import io.github.crmvault.common.security.CallerContext;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;
import io.github.crmvault.settings.CrmSettings;

/**
 * Idempotent creation with Stripe's semantics, called explicitly by a resource:
 * {@code idempotency.run(key, "createCustomer", request, () -> response)}.
 * <ul>
 * <li>The key (1 to 255 characters) belongs to the caller's login and is kept at least the
 * configured lifetime (24 hours); an expired key may be used again.</li>
 * <li>The key row is inserted in its own, committed transaction before the work starts, so a
 * concurrent duplicate sees it: the primary key (login, key) decides races, and a duplicate of a
 * request still running gets 409.</li>
 * <li>The work runs in a transaction that also stores its response, so the business change and the
 * stored response commit together; a replay returns the stored status, body, Location and ETag.
 * The same key with another body, path or operation gets 422.</li>
 * <li>A 4xx answer of the work is stored and replayed too. A 5xx or an unexpected exception removes
 * the key, so the client may retry.</li>
 * </ul>
 * A body that fails validation before the operation starts is not stored (as at Stripe).
 */
@ApplicationScoped
public class Idempotency {
    public static final String HEADER = "Idempotency-Key";
    public static final String DESCRIPTION = "Makes retrying this request safe. A client-chosen unique key (1 to 255 "
            + "characters, such as a UUID) for one intended creation; keys belong to the caller's login and are kept "
            + "for 24 hours, after which a key may be used again. Repeating the request with the same key returns the "
            + "first response (same status, body, Location and ETag, plus Idempotent-Replayed: true) and creates "
            + "nothing; the same key with a different body or operation is refused with 422; while the first request "
            + "is still running, 409. Errors in validating the body are not stored; other 4xx answers are; a 5xx "
            + "answer releases the key.";
    public static final String REPLAYED = "Idempotent-Replayed";
    private static final int MAX_KEY_LENGTH = 255;

    /** The login's expired keys go (a cleanup that keeps the table to 24 hours of keys), and this key if abandoned. */
    private static final String EXPIRE = "DELETE FROM idempotency_key WHERE login = :login"
            + " AND (created_at < now() - make_interval(secs => :lifetime)"
            + " OR (idem_key = :key AND status IS NULL AND created_at < now() - make_interval(secs => :abandoned)))";
    private static final String CLAIM = "INSERT INTO idempotency_key (login, idem_key, scope, fingerprint)"
            + " VALUES (:login, :key, :scope, :fingerprint) ON CONFLICT (login, idem_key) DO NOTHING";
    private static final String FIND = "SELECT scope, fingerprint, status, content_type, location, etag, body"
            + " FROM idempotency_key WHERE login = :login AND idem_key = :key";
    private static final String COMPLETE = "UPDATE idempotency_key SET status = :status, content_type = :contentType,"
            + " location = NULLIF(:location, ''), etag = NULLIF(:etag, ''), body = NULLIF(:body, ''), completed_at = now()"
            + " WHERE login = :login AND idem_key = :key";
    private static final String RELEASE = "DELETE FROM idempotency_key WHERE login = :login AND idem_key = :key";

    @Inject
    CallerContext callers;
    @Inject
    HttpServerRequest request;
    @Inject
    ObjectMapper mapper;
    @Inject
    EntityManager em;
    Duration lifetime;
    Duration abandonedAfter;

    private ObjectMapper canonical;

    @Inject
    CrmSettings settings;

    @PostConstruct
    void init() {
        lifetime = settings.idempotency().keyLifetime();
        abandonedAfter = settings.idempotency().abandonedAfter();
        canonical = mapper.copy()
                .configure(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true)
                .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
                .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    }

    /**
     * Runs {@code work} once per key: without a key it simply runs; with one, a repeat replays the
     * first response. {@code scope} names the operation (its operationId); {@code body} is the
     * deserialised request DTO, which with the method, path and query makes the request's fingerprint.
     */
    public Response run(String key, String scope, Object body, Supplier<Response> work) {
        if (key == null && request.headers().contains(HEADER)) {
            key = ""; // sent, but empty
        }
        if (key == null) {
            return work.get();
        }
        if (key.isBlank() || key.length() > MAX_KEY_LENGTH) {
            throw ProblemException.invalid(HEADER, "must be 1 to " + MAX_KEY_LENGTH + " characters, not blank");
        }
        String login = callers.current().login();
        // The query is part of the request: acknowledgeSimilar=true asks for something else than its absence.
        return run(login, key, scope, fingerprint(request.method().name(), request.uri(), body), work);
    }

    /** The same for a given login and fingerprint (what {@link #run(String, String, Object, Supplier)} computes). */
    public Response run(String login, String key, String scope, String fingerprint, Supplier<Response> work) {
        Stored first = claim(login, key, scope, fingerprint);
        if (first != null) {
            if (!first.scope().equals(scope) || !first.fingerprint().equals(fingerprint)) {
                throw new ProblemException(ProblemType.IDEMPOTENCY_KEY_REUSED, "The Idempotency-Key '" + key
                        + "' was used for a different request; use a new key for a new request");
            }
            if (first.status() == null) {
                throw new ProblemException(ProblemType.IDEMPOTENCY_KEY_IN_PROGRESS, "A request with the Idempotency-Key '"
                        + key + "' is still running; retry shortly to get its response");
            }
            return first.replay();
        }
        Response response;
        try {
            response = QuarkusTransaction.requiringNew().call(() -> {
                Response result = work.get();
                em.flush();
                if (result.getStatus() >= 500) {
                    throw new ServerError(result);
                }
                complete(login, key, result);
                return result;
            });
        } catch (ServerError e) {
            release(login, key);
            return e.response;
        } catch (ProblemException e) {
            if (e.problem().status() >= 500) {
                release(login, key);
                throw e;
            }
            // Nothing of the work was kept (it rolled back); its answer is, like any other.
            Response refused = ProblemMappers.response(e.problem());
            QuarkusTransaction.requiringNew().run(() -> complete(login, key, refused));
            return refused;
        } catch (RuntimeException | Error e) {
            release(login, key);
            throw e;
        }
        return response;
    }

    /** SHA-256 of the method, the path and the canonical JSON (sorted keys, no nulls) of the request body. */
    public String fingerprint(String method, String path, Object body) {
        try {
            String json = body == null ? "" : canonical.writeValueAsString(body);
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((method + " " + path + "\n" + json).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("Cannot fingerprint the request", e);
        }
    }

    /** Rolls the work back when it answered with a 5xx; the answer is passed on. */
    private static final class ServerError extends RuntimeException {
        private final transient Response response;

        ServerError(Response response) {
            super(null, null, false, false);
            this.response = response;
        }
    }

    private record Stored(String scope, String fingerprint, Integer status, String contentType, String location,
            String etag, String body) {
        Response replay() {
            Response.ResponseBuilder builder = Response.status(status).header(REPLAYED, "true");
            if (body != null) {
                builder.entity(body).type(contentType);
            }
            if (location != null) {
                builder.header(HttpHeaders.LOCATION, location);
            }
            if (etag != null) {
                builder.header(HttpHeaders.ETAG, etag);
            }
            return builder.build();
        }
    }

    private record Claim(boolean ours, Stored holder) {
    }

    /** Null when this request now holds the key; otherwise the row of the request that does. */
    private Stored claim(String login, String key, String scope, String fingerprint) {
        for (int attempt = 0; attempt < 5; attempt++) {
            Claim claim = QuarkusTransaction.requiringNew().call(() -> {
                em.createNativeQuery(EXPIRE)
                        .setParameter("login", login)
                        .setParameter("key", key)
                        .setParameter("lifetime", (double) lifetime.toSeconds())
                        .setParameter("abandoned", (double) abandonedAfter.toSeconds())
                        .executeUpdate();
                int inserted = em.createNativeQuery(CLAIM)
                        .setParameter("login", login)
                        .setParameter("key", key)
                        .setParameter("scope", scope)
                        .setParameter("fingerprint", fingerprint)
                        .executeUpdate();
                return new Claim(inserted == 1, inserted == 1 ? null : find(login, key));
            });
            if (claim.ours()) {
                return null;
            }
            if (claim.holder() != null) {
                return claim.holder();
            }
            // The holder failed and released the key between our insert and our read: try again.
        }
        throw new ProblemException(ProblemType.IDEMPOTENCY_KEY_IN_PROGRESS,
                "Requests with the Idempotency-Key '" + key + "' keep failing; retry later");
    }

    private Stored find(String login, String key) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(FIND)
                .setParameter("login", login)
                .setParameter("key", key)
                .getResultList();
        if (rows.isEmpty()) {
            return null;
        }
        Object[] row = rows.get(0);
        return new Stored((String) row[0], (String) row[1], row[2] == null ? null : ((Number) row[2]).intValue(),
                (String) row[3], (String) row[4], (String) row[5], (String) row[6]);
    }

    private void complete(String login, String key, Response response) {
        Object entity = response.getEntity();
        String body;
        try {
            body = entity == null ? null : entity instanceof String text ? text : mapper.writeValueAsString(entity);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot store the response", e);
        }
        // As the server sends it: JSON bodies with their charset, problems without.
        String contentType = response.getMediaType() != null ? response.getMediaType().toString()
                : entity instanceof Problem ? ProblemMappers.PROBLEM_JSON : MediaType.APPLICATION_JSON + ";charset=UTF-8";
        em.createNativeQuery(COMPLETE)
                .setParameter("status", response.getStatus())
                .setParameter("contentType", contentType)
                .setParameter("location", response.getLocation() == null ? "" : response.getLocation().toString())
                .setParameter("etag", headerOrEmpty(response, HttpHeaders.ETAG))
                .setParameter("body", body == null ? "" : body)
                .setParameter("login", login)
                .setParameter("key", key)
                .executeUpdate();
    }

    private static String headerOrEmpty(Response response, String name) {
        String value = response.getHeaderString(name);
        return value == null ? "" : value;
    }

    private void release(String login, String key) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(RELEASE)
                .setParameter("login", login)
                .setParameter("key", key)
                .executeUpdate());
    }
}
