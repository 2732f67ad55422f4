package io.github.crmvault.common.web;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * If-None-Match on every read of one record that answers with an ETag (RFC 9110 §13.1.2): when the
 * caller already holds the current version, 304 Not Modified with the ETag and no body. Done once,
 * on the finished response, so the resources stay unaware of it; and since the record was read (and
 * visibility checked) first, a caller who may not see it still gets 404, never 304.
 */
public class ConditionalGet {
    public static final String IF_NONE_MATCH = "If-None-Match";
    /** One entity-tag of a list: optional weak prefix, then a quoted opaque tag. */
    private static final Pattern ENTITY_TAG = Pattern.compile("\\s*(?:W/)?(\"[^\"]*\")\\s*(?:,|$)");

    @ServerResponseFilter
    public void notModified(ContainerRequestContext request, ContainerResponseContext response) {
        String method = request.getMethod();
        if (response.getStatus() != 200 || !HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method)) {
            return;
        }
        Object etag = response.getHeaders().getFirst(HttpHeaders.ETAG);
        String ifNoneMatch = request.getHeaderString(IF_NONE_MATCH);
        if (etag != null && ifNoneMatch != null && matches(ifNoneMatch, etag.toString())) {
            response.setStatus(304);
            response.setEntity(null);
            response.getHeaders().remove(HttpHeaders.CONTENT_TYPE);
        }
    }

    /**
     * Weak comparison: W/"3" and "3" name the same version. "*" matches any current record. A header
     * that is not a list of entity-tags matches nothing, so the caller simply gets the record.
     */
    static boolean matches(String ifNoneMatch, String etag) {
        String value = ifNoneMatch.trim();
        if (value.equals("*")) {
            return true;
        }
        String current = opaque(etag);
        Matcher tag = ENTITY_TAG.matcher(value);
        int at = 0;
        boolean found = false;
        while (at < value.length() && tag.region(at, value.length()).lookingAt()) {
            found |= tag.group(1).equals(current);
            at = tag.end();
        }
        return found && at == value.length();
    }

    private static String opaque(String etag) {
        return etag.startsWith("W/") ? etag.substring(2) : etag;
    }

    /**
     * The contract of a read whose 200 carries an ETag: it takes If-None-Match and may answer 304
     * with the ETag. Called by {@link ProblemResponsesFilter} for every operation.
     */
    static void declare(PathItem.HttpMethod method, Operation operation) {
        APIResponse ok = operation.getResponses().getAPIResponse("200");
        if (method != PathItem.HttpMethod.GET || ok == null || ok.getHeaders() == null
                || !ok.getHeaders().containsKey(HttpHeaders.ETAG)) {
            return;
        }
        Schema string = OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING));
        operation.addParameter(OASFactory.createParameter().name(IF_NONE_MATCH).in(Parameter.In.HEADER)
                .description("ETags the caller holds (a list, weak or strong, or *): when one is the record's"
                        + " current ETag, the answer is 304 without a body")
                .schema(string));
        operation.getResponses().addAPIResponse("304", OASFactory.createAPIResponse()
                .description("Not Modified: If-None-Match names the current ETag; no body")
                .addHeader(HttpHeaders.ETAG, OASFactory.createHeader().description("The record's current ETag")
                        .schema(string)));
    }
}
