package io.github.crmvault.common.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.github.crmvault.common.ratelimit.RateClass;
import io.github.crmvault.common.ratelimit.RateLimiter;
import io.github.crmvault.common.web.JsonInputGuard;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.persistence.OptimisticLockException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.hibernate.StaleStateException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every failure into application/problem+json; nothing reaches a client as a bare 500. */
public class ProblemMappers {
    public static final String PROBLEM_JSON = "application/problem+json";
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @Inject
    RateLimiter rateLimiter;

    /** Fields the server owns: naming one in a request body is a mass-assignment attempt. */
    private static final Set<String> SERVER_OWNED = Set.of("id", "ownerId", "version", "createdAt", "createdBy",
            "updatedAt", "updatedBy", "archived", "customerId", "authorId", "noteLength", "qualityScore", "effective",
            "reviewCount", "visitId", "reviewerId");

    public static Response response(Problem problem) {
        Response.ResponseBuilder builder = Response.status(problem.status()).type(PROBLEM_JSON).entity(problem);
        if (problem.status() == 401) {
            builder.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        return builder.build();
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return response(e);
    }

    /** The problem with the headers it carries, such as Retry-After. */
    public static Response response(ProblemException e) {
        if (e.headers().isEmpty()) {
            return response(e.problem());
        }
        Response.ResponseBuilder builder = Response.fromResponse(response(e.problem()));
        e.headers().forEach(builder::header);
        return builder.build();
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldOf(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field).thenComparing(Problem.FieldError::message))
                .toList();
        String detail = errors.stream().map(err -> err.field() + ": " + err.message())
                .collect(Collectors.joining("; "));
        return response(new Problem(ProblemType.VALIDATION.uri(), ProblemType.VALIDATION.title(), 400, detail, errors));
    }

    /** Strips the method and parameter nodes: "create.request.phones[0]" becomes "phones[0]". */
    private static String fieldOf(ConstraintViolation<?> violation) {
        List<String> nodes = new ArrayList<>();
        for (Path.Node node : violation.getPropertyPath()) {
            switch (node.getKind()) {
                case METHOD, CONSTRUCTOR, RETURN_VALUE, CROSS_PARAMETER -> { }
                case PARAMETER -> nodes.add(node.getName());
                case CONTAINER_ELEMENT -> {
                    if (node.getIndex() != null && !nodes.isEmpty()) {
                        nodes.set(nodes.size() - 1, nodes.get(nodes.size() - 1) + "[" + node.getIndex() + "]");
                    }
                }
                default -> {
                    String name = node.getName() == null ? "" : node.getName();
                    if (node.getIndex() != null) {
                        name = name + "[" + node.getIndex() + "]";
                    }
                    nodes.add(name);
                }
            }
        }
        // A body parameter's own name means nothing to a client; keep it only when it is the whole path.
        if (nodes.size() > 1) {
            nodes.remove(0);
        }
        return nodes.stream().filter(n -> !n.isEmpty()).collect(Collectors.joining(".")).replace(".[", "[");
    }

    /** Listed one by one: the built-in mapper of MismatchedInputException would otherwise win and answer an empty 400. */
    @ServerExceptionMapper({JsonProcessingException.class, JsonMappingException.class, MismatchedInputException.class,
            UnrecognizedPropertyException.class, InvalidFormatException.class, ValueInstantiationException.class,
            com.fasterxml.jackson.core.JsonParseException.class,
            com.fasterxml.jackson.databind.exc.InvalidTypeIdException.class,
            com.fasterxml.jackson.databind.exc.InvalidNullException.class})
    public Response json(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            String field = unknown.getPropertyName();
            String message = SERVER_OWNED.contains(field)
                    ? "is set by the server and cannot be written"
                    : "is not a field of this resource";
            return response(new Problem(ProblemType.VALIDATION.uri(), ProblemType.VALIDATION.title(), 400,
                    field + ": " + message, List.of(new Problem.FieldError(field, message))));
        }
        if (e instanceof JsonMappingException mapping && !(e instanceof MismatchedInputException && mapping.getPath().isEmpty())) {
            String field = pathOf(mapping);
            String message;
            if (e instanceof JsonInputGuard.Refused) {
                message = e.getOriginalMessage();
            } else if (e instanceof InvalidFormatException format) {
                message = "has the wrong value or format: " + abbreviate(String.valueOf(format.getValue()))
                        + expected(format.getTargetType());
            } else if (e instanceof MismatchedInputException mismatched) {
                message = "has the wrong type" + expected(mismatched.getTargetType());
            } else if (e instanceof ValueInstantiationException && e.getCause() != null) {
                message = e.getCause().getMessage();
            } else {
                message = "cannot be read";
            }
            if (!field.isEmpty()) {
                return response(new Problem(ProblemType.VALIDATION.uri(), ProblemType.VALIDATION.title(), 400,
                        field + ": " + message, List.of(new Problem.FieldError(field, message))));
            }
        }
        return response(ProblemType.MALFORMED_BODY.problem("The request body is not valid JSON for this operation: "
                + abbreviate(e.getOriginalMessage())));
    }

    private static String expected(Class<?> target) {
        if (target == null) {
            return "";
        }
        if (target.isEnum()) {
            return " (expected one of " + java.util.Arrays.toString(target.getEnumConstants()) + ")";
        }
        if (java.util.Collection.class.isAssignableFrom(target)) {
            return " (expected an array)";
        }
        if (target == java.time.LocalDate.class) {
            return " (expected a date such as 2026-12-31)";
        }
        if (target == java.time.Instant.class) {
            return " (expected an instant such as 2026-12-31T08:00:00Z)";
        }
        if (target == java.util.UUID.class) {
            return " (expected a UUID)";
        }
        if (target == String.class) {
            return " (expected a string)";
        }
        return " (expected " + target.getSimpleName() + ")";
    }

    private static String pathOf(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String abbreviate(String text) {
        if (text == null) {
            return "";
        }
        return text.length() > 120 ? text.substring(0, 120) + "…" : text;
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class,
            AuthenticationCompletionException.class})
    public Uni<Response> unauthenticated(Exception e, HttpServerRequest request) {
        Response unauthenticated = response(ProblemType.UNAUTHENTICATED.problem(
                "A valid bearer token (RS256 JWT with the expected issuer and audience) is required"));
        // Counted per client address: beyond the budget, guessing tokens gets 429 instead of endless 401s.
        return rateLimiter.hitAsync(RateClass.FAILED_AUTH, request.remoteAddress().hostAddress())
                .map(decision -> decision.filter(counted -> !counted.allowed())
                        .map(refused -> response(refused.refusal())).orElse(unauthenticated));
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return response(ProblemType.FORBIDDEN.problem("Your role does not allow this operation"));
    }

    @ServerExceptionMapper({OptimisticLockException.class, StaleStateException.class})
    public Response staleWrite(Exception e) {
        return response(ProblemType.PRECONDITION_FAILED.problem(
                "The record was changed by someone else; fetch it again and retry with its new ETag"));
    }

    /** A database constraint decided between concurrent writers (unique login, foreign keys). */
    @ServerExceptionMapper
    public Response constraint(org.hibernate.exception.ConstraintViolationException e) {
        return conflict(e.getConstraintName());
    }

    private static Response conflict(String constraint) {
        return response(ProblemType.CONFLICT.problem("The change conflicts with existing data"
                + (constraint == null || constraint.isEmpty() ? "" : " (" + constraint + ")")));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return json(json);
        }
        int status = e.getResponse().getStatus();
        ProblemType type = switch (status) {
            case 400 -> ProblemType.VALIDATION;
            case 401 -> ProblemType.UNAUTHENTICATED;
            case 403 -> ProblemType.FORBIDDEN;
            case 404 -> ProblemType.NOT_FOUND;
            case 405 -> ProblemType.METHOD_NOT_ALLOWED;
            case 406 -> ProblemType.NOT_ACCEPTABLE;
            case 413 -> ProblemType.PAYLOAD_TOO_LARGE;
            case 415 -> ProblemType.UNSUPPORTED_MEDIA_TYPE;
            default -> null;
        };
        if (type == null) {
            if (status >= 500) {
                LOG.error("Unhandled web exception", e);
                return response(ProblemType.INTERNAL.problem("An unexpected error occurred"));
            }
            return response(new Problem("about:blank", e.getResponse().getStatusInfo().getReasonPhrase(), status,
                    e.getMessage(), null));
        }
        String detail = switch (type) {
            case NOT_FOUND -> "No resource at this address";
            case METHOD_NOT_ALLOWED -> "This method is not supported here";
            case NOT_ACCEPTABLE -> "None of the media types in Accept is served here; the contract lists what each operation answers in";
            case UNSUPPORTED_MEDIA_TYPE -> "Send the body as application/json (a PATCH as application/merge-patch+json)";
            case PAYLOAD_TOO_LARGE -> "The request body is larger than the server accepts";
            default -> e.getMessage();
        };
        return response(type.problem(detail));
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        if (DatabaseFailures.isUnavailable(e)) {
            // Expected while the database restarts or the pool is exhausted: one line, no stack trace.
            LOG.warnf("Database unavailable: %s", DatabaseFailures.summary(e));
            return problem(DatabaseFailures.unavailable());
        }
        String constraint = DatabaseFailures.violatedConstraint(e);
        if (constraint != null) {
            // Plain JDBC work (a claim, the conflict lookups) that Hibernate did not convert: as its mapper above.
            return conflict(constraint);
        }
        if (e instanceof IOException) {
            // Writing to a client that went away (an export it aborted): nobody is left to answer,
            // and a loop of aborts must not fill the log with stack traces.
            LOG.debugf("Client gone while answering: %s", e.getMessage());
            return response(ProblemType.INTERNAL.problem("The connection failed"));
        }
        LOG.error("Unexpected error", e);
        return response(ProblemType.INTERNAL.problem("An unexpected error occurred; it has been logged"));
    }
}
