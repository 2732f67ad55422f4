package io.github.crmvault.common.security;

import io.quarkus.vertx.http.runtime.security.HttpSecurityRecorder.DefaultAuthFailureHandler;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.function.BiConsumer;

/**
 * Hands an authentication or authorization failure raised inside REST to the router's failure handlers,
 * as Quarkus REST's own filter does, without that filter's cost on every request that succeeds.
 * <p>
 * Quarkus REST's filter (priority 199, route order -199) replaces the HTTP layer's default failure
 * handler with one that fails the routing context, and, when Micrometer is present, first works out the
 * request's URI template for the metrics by building a new request mapper of every resource class: on
 * every request, in case one fails (9.9% of a customer read's Java samples: bench/README, twelfth
 * round). It does both only while the default handler is in place. This route, added earlier at the
 * same order (router observers run before Quarkus adds its filters), puts the same failing handler in
 * first; a failure still reaches the failure handler REST registers for the metrics, which works out the
 * template then, and only then. {@code AuthFailureRoutingTest} checks the answers and the metrics' URI
 * templates of such failures.
 */
@Singleton
class AuthFailureRouting {
    /** Quarkus' authentication filter runs at -200 (priority 200), REST's replacement at -199. */
    static final int ORDER = -199;

    /** What Quarkus REST's own failing handler does: mark the failure, fail the context with its cause. */
    private static final BiConsumer<RoutingContext, Throwable> FAIL_THE_ROUTE = (ctx, failure) -> {
        DefaultAuthFailureHandler.markIfOtherAuthenticationFailure(ctx, failure);
        if (!ctx.failed()) {
            ctx.fail(DefaultAuthFailureHandler.extractRootCause(failure));
        }
    };

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(AuthFailureRouting::handle);
    }

    private static void handle(RoutingContext ctx) {
        if (ctx.get(QuarkusHttpUser.AUTH_FAILURE_HANDLER) instanceof DefaultAuthFailureHandler) {
            ctx.put(QuarkusHttpUser.AUTH_FAILURE_HANDLER, FAIL_THE_ROUTE);
        }
        ctx.next();
    }
}
