package io.github.crmvault.common.security;

import io.quarkus.vertx.http.runtime.security.HttpSecurityRecorder.DefaultAuthFailureHandler;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.lang.reflect.Constructor;
import org.jboss.logging.Logger;

/**
 * Hands an authentication or authorization failure raised inside REST to the router's failure handlers,
 * as Quarkus REST's own filter does, without that filter's cost on every request that succeeds.
 * <p>
 * Quarkus REST's filter (priority 199, route order -199) replaces the HTTP layer's default failure
 * handler with one that fails the routing context, and, when Micrometer is present, first works out the
 * request's URI template for the metrics by building a new request mapper of every resource class: on
 * every request, in case one fails (9.9% of a customer read's Java samples: bench/README, twelfth
 * round). It does both only while the default handler is in place. This route, added earlier at the
 * same order (router observers run before Quarkus adds its filters), puts REST's failing handler in
 * first; a failure still reaches the failure handler REST registers for the metrics, which works out the
 * template then, and only then. {@code AuthFailureRoutingTest} checks the answers and the metrics' URI
 * templates of such failures; {@code RateLimitTest} that each failed attempt is counted once.
 */
@Singleton
class AuthFailureRouting {
    private static final Logger LOG = Logger.getLogger(AuthFailureRouting.class);
    /** Quarkus' authentication filter runs at -200 (priority 200), REST's replacement at -199. */
    static final int ORDER = -199;
    /**
     * REST's own failing handler, not a copy: REST removes an instance of this class from the context when
     * it takes the request over, so that a failure inside it reaches our problem+json mappers once.
     */
    static final String REST_FAILING_HANDLER =
            "io.quarkus.resteasy.reactive.server.runtime.ResteasyReactiveRecorder$FailingDefaultAuthFailureHandler";

    void install(@Observes Router router) {
        Object failing;
        try {
            Constructor<?> constructor = Class.forName(REST_FAILING_HANDLER).getDeclaredConstructor();
            constructor.setAccessible(true);
            failing = constructor.newInstance();
        } catch (ReflectiveOperationException | RuntimeException e) {
            // Another Quarkus version: REST's filter keeps doing its work, at its cost.
            LOG.warnf("REST's failing authentication handler was not found (%s); every request pays for its URI template", e);
            return;
        }
        router.route().order(ORDER).handler(ctx -> {
            if (ctx.get(QuarkusHttpUser.AUTH_FAILURE_HANDLER) instanceof DefaultAuthFailureHandler) {
                ctx.put(QuarkusHttpUser.AUTH_FAILURE_HANDLER, failing);
            }
            ctx.next();
        });
    }
}
