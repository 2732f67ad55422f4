package io.github.crmvault.common.openapi;

import io.github.crmvault.common.problem.ProblemType;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

/**
 * Gives every {@link ProblemType} a named schema whose {@code type} is an enum of exactly its URI, and
 * makes the problem body of every error response a {@code oneOf} of the types that response can
 * carry, discriminated by {@code type}, so that generated clients can switch on it.
 * <p>
 * Which types a response carries: the general types of its status ({@link #GENERAL}, which any
 * operation can answer: they come from filters, mappers and shared checks), plus every
 * {@code urn:problem:crm:*} its description names, plus the types of the extension schemas its
 * annotation referred to (such as {@code DuplicateCustomerProblem}). A named type that does not exist
 * stops the start, so descriptions cannot drift from {@link ProblemType}.
 */
public final class ProblemSchemas {
    public static final String PROBLEM_JSON = "application/problem+json";
    private static final String REF_PREFIX = "#/components/schemas/";
    private static final Pattern NAMED = Pattern.compile("urn:problem:crm:([a-z-]+)");

    /** Types any operation may answer with their status; the others only where an operation names them. */
    private static final Set<ProblemType> GENERAL = EnumSet.of(ProblemType.VALIDATION, ProblemType.MALFORMED_BODY,
            ProblemType.MALFORMED_URI, ProblemType.UNAUTHENTICATED, ProblemType.FORBIDDEN, ProblemType.UNKNOWN_USER,
            ProblemType.NOT_FOUND, ProblemType.METHOD_NOT_ALLOWED, ProblemType.NOT_ACCEPTABLE,
            ProblemType.REQUEST_TIMEOUT, ProblemType.CONFLICT, ProblemType.PRECONDITION_FAILED,
            ProblemType.PAYLOAD_TOO_LARGE, ProblemType.URI_TOO_LONG, ProblemType.UNSUPPORTED_MEDIA_TYPE,
            ProblemType.PRECONDITION_REQUIRED, ProblemType.RATE_LIMITED, ProblemType.HEADERS_TOO_LARGE,
            ProblemType.INTERNAL, ProblemType.SERVICE_UNAVAILABLE);

    private ProblemSchemas() {
    }

    /** The component name of a type's schema: urn:problem:crm:duplicate-customer is DuplicateCustomerProblem. */
    public static String schemaName(ProblemType type) {
        StringBuilder name = new StringBuilder();
        for (String word : type.name().toLowerCase().split("_")) {
            name.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
        }
        return name.append("Problem").toString();
    }

    /**
     * One named schema per problem type that some response carries; an extension schema of that name
     * keeps its members.
     */
    public static void declare(OpenAPI openAPI, Set<ProblemType> used) {
        Map<String, Schema> schemas = openAPI.getComponents().getSchemas();
        // The shared shape is only the template of the named ones: every body refers to those instead.
        Schema base = schemas.get("Problem");
        openAPI.getComponents().removeSchema("Problem");
        for (ProblemType type : ProblemType.values()) {
            String name = schemaName(type);
            if (!used.contains(type)) {
                // Answered outside any operation (405 on a path's other methods): no operation refers to it.
                openAPI.getComponents().removeSchema(name);
                continue;
            }
            Schema schema = schemas.get(name);
            if (schema == null) {
                schema = OASFactory.createSchema().type(List.of(SchemaType.OBJECT))
                        .description(type.title() + " (" + type.status() + ")")
                        .required(new ArrayList<>(base.getRequired())).properties(new LinkedHashMap<>(base.getProperties()));
                openAPI.getComponents().addSchema(name, schema);
            }
            schema.addProperty("type", OASFactory.createSchema().type(List.of(SchemaType.STRING))
                    .enumeration(List.of(type.uri())).examples(List.of(type.uri())));
            schema.addProperty("title", OASFactory.createSchema().type(List.of(SchemaType.STRING))
                    .examples(List.of(type.title())));
            schema.addProperty("status", OASFactory.createSchema().type(List.of(SchemaType.INTEGER)).format("int32")
                    .enumeration(List.of(type.status())));
        }
    }

    /** Rewrites the problem body of an error response as the oneOf of the types it carries; returns them. */
    public static Set<ProblemType> narrow(String where, String status, APIResponse response) {
        MediaType media = response.getContent() == null ? null : response.getContent().getMediaType(PROBLEM_JSON);
        if (media == null) {
            return Set.of();
        }
        Set<ProblemType> types = EnumSet.noneOf(ProblemType.class);
        for (ProblemType type : GENERAL) {
            if (String.valueOf(type.status()).equals(status)) {
                types.add(type);
            }
        }
        types.addAll(named(where, response.getDescription()));
        types.addAll(referred(media.getSchema()));
        if (types.isEmpty()) {
            throw new IllegalStateException(where + " " + status + ": the description names no problem type");
        }
        Schema oneOf = OASFactory.createSchema();
        List<Schema> choices = new ArrayList<>();
        Map<String, String> mapping = new LinkedHashMap<>();
        for (ProblemType type : types) {
            if (!String.valueOf(type.status()).equals(status)) {
                throw new IllegalStateException(where + " " + status + " names " + type.uri() + " of status "
                        + type.status());
            }
            choices.add(OASFactory.createSchema().ref(schemaName(type)));
            mapping.put(type.uri(), REF_PREFIX + schemaName(type));
        }
        oneOf.oneOf(choices).discriminator(OASFactory.createDiscriminator().propertyName("type").mapping(mapping));
        media.schema(oneOf);
        return types;
    }

    private static Set<ProblemType> named(String where, String description) {
        Set<ProblemType> types = EnumSet.noneOf(ProblemType.class);
        if (description == null) {
            return types;
        }
        Matcher matcher = NAMED.matcher(description);
        while (matcher.find()) {
            types.add(byUri(where, matcher.group()));
        }
        return types;
    }

    /** The types whose named schema the annotation referred to, directly or in a union. */
    private static Set<ProblemType> referred(Schema schema) {
        Set<ProblemType> types = EnumSet.noneOf(ProblemType.class);
        if (schema == null) {
            return types;
        }
        List<Schema> parts = new ArrayList<>(List.of(schema));
        if (schema.getAnyOf() != null) {
            parts.addAll(schema.getAnyOf());
        }
        if (schema.getOneOf() != null) {
            parts.addAll(schema.getOneOf());
        }
        for (Schema part : parts) {
            if (part.getRef() == null) {
                continue;
            }
            String name = part.getRef().substring(part.getRef().lastIndexOf('/') + 1);
            for (ProblemType type : ProblemType.values()) {
                if (schemaName(type).equals(name)) {
                    types.add(type);
                }
            }
        }
        return types;
    }

    private static ProblemType byUri(String where, String uri) {
        for (ProblemType type : ProblemType.values()) {
            if (type.uri().equals(uri)) {
                return type;
            }
        }
        throw new IllegalStateException(where + " names " + uri + ", which is not a problem type");
    }

    /** The operation's name in error messages. */
    public static String where(String path, Operation operation) {
        return operation.getOperationId() != null ? operation.getOperationId() : path;
    }
}
