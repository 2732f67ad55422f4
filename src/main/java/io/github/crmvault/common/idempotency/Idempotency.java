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
 * <li>The key is claimed inside the work's own transaction, by a transaction-scoped PostgreSQL
 * advisory lock on (login, key), and its row (the stored response) is inserted in that same
 * transaction: the business change, the stored response and the claim commit or roll back together.
 * A crash, a dropped connection or a database restart mid-request therefore leaves nothing behind,
 * and a retry runs again at once. Advisory locks are server-wide, so this holds on any number of
 * instances.</li>
 * <li>A duplicate that finds the lock held gets 409 (the first is still running; its body cannot be
 * compared yet); one that finds the row gets the stored status, body, Location and ETag, or 422 if
 * it is another request (body, path or operation).</li>
 * <li>A 4xx answer of the work is stored and replayed too. A 5xx or an unexpected exception stores
 * nothing, so the client may retry.</li>
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
            + "is still running, any request with its key gets 409. Errors in validating the body are not stored; "
            + "other 4xx answers are; a 5xx answer, or a request cut off by a failure, leaves the key free at once.";
    public static final String REPLAYED = "Idempotent-Replayed";
    private static final int MAX_KEY_LENGTH = 255;

    /**
     * The advisory lock's first key: the namespace of idempotency keys, so that no other advisory lock
     * of the application can collide with theirs. The second is a 32-bit hash of (login, key); a
     * collision only makes two requests in flight at the same instant queue as one (409), never share answers.
     */
    private static final int LOCK_NAMESPACE = 0x1DE4;
    private static final String LOCK = "SELECT pg_try_advisory_xact_lock(" + LOCK_NAMESPACE
            + ", hashtext(length(:login) || ':' || :login || :key))";
    /** The login's expired keys go: a cleanup that keeps the table to 24 hours of keys. */
    private static final String EXPIRE = "DELETE FROM idempotency_key WHERE login = :login"
            + " AND created_at < now() - make_interval(secs => :lifetime)";
    private static final String FIND = "SELECT scope, fingerprint, status, content_type, location, etag, body"
            + " FROM idempotency_key WHERE login = :login AND idem_key = :key";
    /** No conflict is possible under the lock, except with a row that expired and was not yet cleaned up. */
    private static final String STORE = "INSERT INTO idempotency_key"
            + " (login, idem_key, scope, fingerprint, status, content_type, location, etag, body)"
            + " VALUES (:login, :key, :scope, :fingerprint, :status, :contentType, NULLIF(:location, ''),"
            + " NULLIF(:etag, ''), NULLIF(:body, ''))"
            + " ON CONFLICT (login, idem_key) DO UPDATE SET scope = EXCLUDED.scope, fingerprint = EXCLUDED.fingerprint,"
            + " status = EXCLUDED.status, content_type = EXCLUDED.content_type, location = EXCLUDED.location,"
            + " etag = EXCLUDED.etag, body = EXCLUDED.body, created_at = now()"
            + " WHERE idempotency_key.created_at < now() - make_interval(secs => :lifetime)";

    @Inject
    CallerContext callers;
    @Inject
    HttpServerRequest request;
    @Inject
    ObjectMapper mapper;
    @Inject
    EntityManager em;
    Duration lifetime;

    private ObjectMapper canonical;

    @Inject
    CrmSettings settings;

    @PostConstruct
    void init() {
        lifetime = settings.idempotency().keyLifetime();
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
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(EXPIRE)
                .setParameter("login", login)
                .setParameter("lifetime", (double) lifetime.toSeconds())
                .executeUpdate());
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                Response stored = claim(login, key, scope, fingerprint);
                if (stored != null) {
                    return stored;
                }
                Response result = work.get();
                em.flush();
                if (result.getStatus() >= 500) {
                    throw new ServerError(result);
                }
                store(login, key, scope, fingerprint, result);
                return result;
            });
        } catch (KeyTaken e) {
            throw e.refusal;
        } catch (ServerError e) {
            return e.response;
        } catch (ProblemException e) {
            if (e.problem().status() >= 500) {
                throw e;
            }
            // The work was refused and rolled back, its claim with it. Its answer is stored like any other,
            // under the lock again; if a duplicate ran meanwhile, that one's answer stands for the key.
            Response refused = ProblemMappers.response(e.problem());
            QuarkusTransaction.requiringNew().run(() -> {
                try {
                    if (claim(login, key, scope, fingerprint) == null) {
                        store(login, key, scope, fingerprint, refused);
                    }
                } catch (KeyTaken duplicateHoldsIt) {
                    // Its answer will be the stored one.
                }
            });
            return refused;
        }
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

    /** The key is held by a running request (409) or answered for another request (422): the work never ran. */
    private static final class KeyTaken extends RuntimeException {
        private final transient ProblemException refusal;

        KeyTaken(ProblemException refusal) {
            super(null, null, false, false);
            this.refusal = refusal;
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

    private record Stored(String scope, String fingerprint, int status, String contentType, String location,
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

    /**
     * Claims the key for this transaction: null when the work may run (the lock is ours and no answer
     * is stored); the stored answer to replay; 409 while another transaction holds the key; 422 when
     * the stored answer is of another request.
     */
    private Response claim(String login, String key, String scope, String fingerprint) {
        Object locked = em.createNativeQuery(LOCK).setParameter("login", login).setParameter("key", key).getSingleResult();
        if (!Boolean.TRUE.equals(locked)) {
            throw new KeyTaken(new ProblemException(ProblemType.IDEMPOTENCY_KEY_IN_PROGRESS, "A request with the"
                    + " Idempotency-Key '" + key + "' is still running; retry shortly to get its response"));
        }
        Stored first = find(login, key);
        if (first == null) {
            return null;
        }
        if (!first.scope().equals(scope) || !first.fingerprint().equals(fingerprint)) {
            throw new KeyTaken(new ProblemException(ProblemType.IDEMPOTENCY_KEY_REUSED, "The Idempotency-Key '" + key
                    + "' was used for a different request; use a new key for a new request"));
        }
        return first.replay();
    }

    /** The key's row, unless it expired (an expired key is free, whether or not the cleanup removed it yet). */
    private Stored find(String login, String key) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(FIND + " AND created_at >= now() - make_interval(secs => :lifetime)")
                .setParameter("login", login)
                .setParameter("key", key)
                .setParameter("lifetime", (double) lifetime.toSeconds())
                .getResultList();
        if (rows.isEmpty()) {
            return null;
        }
        Object[] row = rows.get(0);
        return new Stored((String) row[0], (String) row[1], ((Number) row[2]).intValue(),
                (String) row[3], (String) row[4], (String) row[5], (String) row[6]);
    }

    /** Stores the answer in the current transaction, which holds the key's lock. */
    private void store(String login, String key, String scope, String fingerprint, Response response) {
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
        em.createNativeQuery(STORE)
                .setParameter("login", login)
                .setParameter("key", key)
                .setParameter("scope", scope)
                .setParameter("fingerprint", fingerprint)
                .setParameter("status", response.getStatus())
                .setParameter("contentType", contentType)
                .setParameter("location", response.getLocation() == null ? "" : response.getLocation().toString())
                .setParameter("etag", headerOrEmpty(response, HttpHeaders.ETAG))
                .setParameter("body", body == null ? "" : body)
                .setParameter("lifetime", (double) lifetime.toSeconds())
                .executeUpdate();
    }

    private static String headerOrEmpty(Response response, String name) {
        String value = response.getHeaderString(name);
        return value == null ? "" : value;
    }
}
