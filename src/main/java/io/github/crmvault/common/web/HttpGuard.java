package io.github.crmvault.common.web;

import io.github.crmvault.common.load.Drain;
import io.github.crmvault.common.problem.ProblemType;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The first handler of every request but CORS, before REST: what the HTTP layer would otherwise answer with
 * an empty status (or not at all) gets a problem+json here, and a request that is refused before its
 * body is read closes the connection instead of reading it.
 * <ul>
 * <li>414 for a URI longer than {@code crm-api.http.max-url-length}, 431 for headers larger than
 * {@code crm-api.http.max-header-size}: soft limits below Vert.x's own, larger ones
 * ({@code quarkus.http.limits.max-initial-line-length} / {@code max-header-size}), which Vert.x
 * answers itself with an empty 414/431 before any handler runs;</li>
 * <li>400 for a URI that does not parse, or whose percent-escapes are not UTF-8 (this needs
 * {@code -Dvertx.disableURIValidation=true}, otherwise Quarkus answers an empty 400 first);</li>
 * <li>401 at once for a body sent to the API without a bearer token;</li>
 * <li>413 for a body over {@code quarkus.http.limits.max-body-size}, announced or chunked;</li>
 * <li>408 for a body that has not fully arrived within {@code crm-api.http.body-timeout};</li>
 * <li>503 for a new API request once the instance drains for a shutdown ({@link Drain}).</li>
 * </ul>
 * Bodies are read here, whole, so that REST never waits on the network for one.
 * <p>
 * It runs right after Quarkus' CORS filter: its refusals then carry the CORS headers for an allowed
 * origin (a browser shows the problem instead of a network error), and a preflight, which has no
 * token, is answered by the CORS filter before any check here.
 */
@Singleton
public class HttpGuard {
    private static final String PROBLEM_JSON = "application/problem+json";
    /** How long, and how much of, a refused request's body is read and dropped before the connection closes. */
    private static final long LINGER_MILLIS = 1000;
    private static final long LINGER_BYTES = 1024 * 1024;

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    MemorySize maxBodySize;

    @ConfigProperty(name = "crm-api.http.max-url-length", defaultValue = "8192")
    int maxUrlLength;

    @ConfigProperty(name = "crm-api.http.max-header-size", defaultValue = "16K")
    MemorySize maxHeaderSize;

    @ConfigProperty(name = "crm-api.http.body-timeout", defaultValue = "30S")
    Duration bodyTimeout;

    /**
     * Quarkus installs its CORS filter (filter priority 300) at route order -300; nothing else of
     * Quarkus' runs between it and this order (no body handler is installed: REST reads bodies itself).
     */
    static final int ORDER_AFTER_CORS = -299;

    @Inject
    Drain drain;

    void install(@Observes Router router) {
        router.route().order(ORDER_AFTER_CORS).handler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (drain.refusesNewRequests() && ctx.normalizedPath().startsWith("/api/")) {
            refuse(ctx, ProblemType.SERVICE_UNAVAILABLE, "This instance is shutting down; nothing was changed."
                    + " Retry: another instance will answer", Map.of("Retry-After", "1"));
            return;
        }
        String uri = request.uri();
        if (uri.length() > maxUrlLength) {
            refuse(ctx, ProblemType.URI_TOO_LONG, "The request URI is longer than " + maxUrlLength
                    + " characters; send long input in a request body", Map.of());
            return;
        }
        long headerSize = headerSize(request.headers());
        if (headerSize > maxHeaderSize.asLongValue()) {
            refuse(ctx, ProblemType.HEADERS_TOO_LARGE, "The request headers take " + headerSize
                    + " bytes; at most " + maxHeaderSize.asLongValue() + " are accepted", Map.of());
            return;
        }
        String uriProblem = uriProblem(uri);
        if (uriProblem != null) {
            refuse(ctx, ProblemType.MALFORMED_URI, "The request URI " + uriProblem, Map.of());
            return;
        }
        boolean hasBody = hasBody(request.headers());
        if (hasBody && ctx.normalizedPath().startsWith("/api/") && !bearer(request.getHeader(HttpHeaders.AUTHORIZATION))) {
            // Every API operation needs a token: the body is not worth reading.
            refuse(ctx, ProblemType.UNAUTHENTICATED,
                    "A valid bearer token (RS256 JWT with the expected issuer and audience) is required",
                    Map.of("WWW-Authenticate", "Bearer"));
            return;
        }
        long limit = maxBodySize.asLongValue();
        long length = announcedLength(request.getHeader(HttpHeaders.CONTENT_LENGTH));
        if (length > limit) {
            refuse(ctx, ProblemType.PAYLOAD_TOO_LARGE, tooLarge(limit), Map.of());
            return;
        }
        if (hasBody && !request.isEnded()) {
            readBody(ctx, limit, length);
        } else {
            ctx.next();
        }
    }

    /**
     * Collects the body within the size limit and the time limit, then passes the request on.
     * <p>
     * On HTTP/2 the request goes on once its announced length has arrived, paused before Vert.x
     * delivers its end: Vert.x throws on pausing or resuming an ended HTTP/2 request, and REST pauses
     * every request it is handed (quarkus#34393), so a request passed on from its end handler would
     * fail with a 500. HTTP/2 checks a body against its Content-Length (and the h2c upgrade frames it
     * by it), so the announced length is the whole body; one without a Content-Length never comes
     * here ({@link #hasBody}).
     */
    private void readBody(RoutingContext ctx, long limit, long length) {
        HttpServerRequest request = ctx.request();
        long complete = request.version() == HttpVersion.HTTP_2 ? length : -1;
        Buffer body = Buffer.buffer();
        boolean[] done = {false};
        long timer = ctx.vertx().setTimer(bodyTimeout.toMillis(), id -> {
            if (!done[0]) {
                done[0] = true;
                refuse(ctx, ProblemType.REQUEST_TIMEOUT, "The request body did not arrive within "
                        + bodyTimeout.toSeconds() + " s", Map.of());
            }
        });
        request.handler(chunk -> {
            if (done[0]) {
                return;
            }
            if (body.length() + (long) chunk.length() > limit) {
                done[0] = true;
                ctx.vertx().cancelTimer(timer);
                refuse(ctx, ProblemType.PAYLOAD_TOO_LARGE, tooLarge(limit), Map.of());
                return;
            }
            body.appendBuffer(chunk);
            if (body.length() == complete) {
                request.pause();
                done[0] = true;
                proceed(ctx, timer, body);
            }
        });
        request.exceptionHandler(failure -> {
            // The client went away or sent a broken chunk: nobody is left to answer.
            done[0] = true;
            ctx.vertx().cancelTimer(timer);
        });
        request.endHandler(end -> {
            if (done[0]) {
                return;
            }
            done[0] = true;
            proceed(ctx, timer, body);
        });
        if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
            ctx.response().writeContinue();
        }
        request.resume();
    }

    private static void proceed(RoutingContext ctx, long timer, Buffer body) {
        ctx.vertx().cancelTimer(timer);
        ctx.setBody(body);
        ctx.next();
    }

    /** Answers a problem and, on HTTP/1, closes the connection: whatever the client still sends is not read. */
    private static void refuse(RoutingContext ctx, ProblemType type, String detail, Map<String, String> headers) {
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed()) {
            return;
        }
        boolean http1 = ctx.request().version() != HttpVersion.HTTP_2;
        response.setStatusCode(type.status()).putHeader(HttpHeaders.CONTENT_TYPE, PROBLEM_JSON);
        headers.forEach(response::putHeader);
        if (http1) {
            response.putHeader(HttpHeaders.CONNECTION, "close");
        }
        String problem = new JsonObject().put("type", type.uri()).put("title", type.title())
                .put("status", type.status()).put("detail", detail).encode();
        response.end(problem).onComplete(written -> {
            if (http1) {
                lingerThenClose(ctx);
            }
        });
    }

    /**
     * Closing at once while the client still sends its body makes many clients fail on the write
     * (broken pipe) before they read the answer. So what follows of the body is read and dropped for
     * a moment, up to a bound, and then the connection closes: a refused body is never read whole.
     */
    private static void lingerThenClose(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (request.isEnded()) {
            request.connection().close();
            return;
        }
        long[] dropped = {0};
        long timer = ctx.vertx().setTimer(LINGER_MILLIS, id -> request.connection().close());
        request.exceptionHandler(failure -> ctx.vertx().cancelTimer(timer));
        request.handler(chunk -> {
            dropped[0] += chunk.length();
            if (dropped[0] > LINGER_BYTES) {
                ctx.vertx().cancelTimer(timer);
                request.connection().close();
            }
        });
        request.endHandler(end -> {
            ctx.vertx().cancelTimer(timer);
            request.connection().close();
        });
        request.resume();
    }

    private static String tooLarge(long limit) {
        return "The request body is larger than " + limit / 1024 + " KiB";
    }

    private static boolean bearer(String authorization) {
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7);
    }

    private static boolean hasBody(MultiMap headers) {
        String length = headers.get(HttpHeaders.CONTENT_LENGTH);
        return headers.contains(HttpHeaders.TRANSFER_ENCODING) || length != null && !length.trim().equals("0");
    }

    private static long headerSize(MultiMap headers) {
        long size = 0;
        for (Map.Entry<String, String> header : headers) {
            size += header.getKey().length() + header.getValue().length() + 4;
        }
        return size;
    }

    /**
     * Why the URI is refused, or null: it must parse as a URI (a "%" starts an escape of two hex
     * digits), and its escapes and raw bytes must spell UTF-8. (Netty hands over the request line
     * one char per byte.)
     */
    static String uriProblem(String uri) {
        try {
            new URI(uri);
        } catch (URISyntaxException e) {
            return "is malformed (" + e.getReason() + " at index " + e.getIndex()
                    + "); a % must start an escape such as %2F";
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(uri.length());
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c == '%') {
                bytes.write(Integer.parseInt(uri, i + 1, i + 3, 16));
                i += 2;
            } else if (c > 0xFF) {
                return "holds a character that is not a byte";
            } else {
                bytes.write(c);
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()));
            return null;
        } catch (CharacterCodingException e) {
            return "is not UTF-8 once its percent-escapes are decoded";
        }
    }

    /** The Content-Length, or -1 when there is none or it is not a number. */
    private static long announcedLength(String length) {
        try {
            return length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
