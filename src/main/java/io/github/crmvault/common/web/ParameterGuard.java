package io.github.crmvault.common.web;

import io.github.crmvault.common.problem.ProblemException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Query and path parameters, decoded, and header values are text the API may store or search
 * with: each must pass {@link Texts} (no NUL, which PostgreSQL refuses; no unpaired surrogate),
 * or the request is a 400 that names the parameter. Bodies are checked by {@link JsonInputGuard}.
 */
public class ParameterGuard {
    @ServerRequestFilter
    public void check(ContainerRequestContext request) {
        check(request.getUriInfo().getQueryParameters());
        check(request.getUriInfo().getPathParameters());
        check(request.getHeaders());
    }

    private static void check(MultivaluedMap<String, String> parameters) {
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            for (String value : parameter.getValue()) {
                String problem = value == null ? null : Texts.problem(value);
                if (problem != null) {
                    throw ProblemException.invalid(parameter.getKey(), problem);
                }
            }
        }
    }
}
