package io.github.crmvault.common.ratelimit;

import io.quarkus.runtime.BlockingOperationControl;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import java.lang.reflect.Method;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Counts each authenticated request against its caller's budget for its class of operation, before
 * the resource method takes a connection for its own work. Runs after the security checks, so the
 * login is a verified one; requests that fail authentication are counted per address instead (see
 * ProblemMappers). Allowed answers carry the rate-limit headers; refused ones are 429 rate-limited.
 */
public class RateLimitFilter {
    private static final Set<String> READ_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    @Inject
    RateLimiter limiter;
    @Inject
    RateLimitSettings settings;
    @Inject
    CurrentIdentityAssociation identities;

    /**
     * A null Uni lets the request go on at once: so a request that needs no count, or is counted right here,
     * builds no reactive chain (and no context capture) for it.
     */
    @ServerRequestFilter
    Uni<Void> limit(ContainerRequestContext request, ResourceInfo resource, HttpServerRequest http) {
        if (!settings.enabled()) {
            return null;
        }
        if (BlockingOperationControl.isBlockingAllowed()) {
            // A blocking endpoint's filters run on its worker thread, after its security check has
            // resolved the caller: counted in place.
            count(identities.getIdentity(), request, resource, http);
            return null;
        }
        return identities.getDeferredIdentity().chain(identity -> {
            if (identity.isAnonymous()) {
                return Uni.createFrom().voidItem();
            }
            RateClass rateClass = classify(request.getMethod(), resource.getResourceMethod());
            return limiter.hitAsync(rateClass, identity.getPrincipal().getName())
                    .invoke(decision -> decision.ifPresent(counted -> apply(counted, http))).replaceWithVoid();
        });
    }

    private void count(SecurityIdentity identity, ContainerRequestContext request, ResourceInfo resource,
            HttpServerRequest http) {
        if (identity.isAnonymous()) {
            return;
        }
        RateClass rateClass = classify(request.getMethod(), resource.getResourceMethod());
        limiter.hit(rateClass, identity.getPrincipal().getName()).ifPresent(counted -> apply(counted, http));
    }

    private static void apply(RateLimiter.Decision counted, HttpServerRequest http) {
        if (!counted.allowed()) {
            throw counted.refusal();
        }
        counted.headers().forEach(http.response()::putHeader);
    }

    static RateClass classify(String httpMethod, Method method) {
        RateLimited marked = method == null ? null : method.getAnnotation(RateLimited.class);
        if (marked != null) {
            return marked.value();
        }
        return READ_METHODS.contains(httpMethod) ? RateClass.READS : RateClass.WRITES;
    }
}
