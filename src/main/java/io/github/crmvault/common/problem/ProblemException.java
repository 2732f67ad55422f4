package io.github.crmvault.common.problem;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Thrown by services to answer with a problem; nothing the request did is kept (it rolls back). */
public class ProblemException extends RuntimeException {
    private final transient Problem problem;
    private final transient Map<String, String> headers = new LinkedHashMap<>();

    public ProblemException(ProblemType type, String detail) {
        super(detail);
        this.problem = type.problem(detail);
    }

    public ProblemException(ProblemType type, String detail, List<Problem.FieldError> errors) {
        super(detail);
        this.problem = new Problem(type.uri(), type.title(), type.status(), detail, errors);
    }

    /** A problem with extension members (RFC 9457 section 3.2), such as a minimum and an actual value. */
    public ProblemException(ProblemType type, String detail, java.util.Map<String, Object> extensions) {
        super(detail);
        this.problem = new Problem(type.uri(), type.title(), type.status(), detail, null, extensions);
    }

    public Problem problem() {
        return problem;
    }

    /** A header the problem response carries, such as Retry-After. */
    public ProblemException withHeader(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(ProblemType.NOT_FOUND, what + " not found");
    }

    public static ProblemException invalid(String field, String message) {
        return new ProblemException(ProblemType.VALIDATION, field + ": " + message,
                List.of(new Problem.FieldError(field, message)));
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(ProblemType.FORBIDDEN, detail);
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(ProblemType.CONFLICT, detail);
    }
}
