package io.github.crmvault.common.openapi;

import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;

/**
 * What annotations cannot say about the generated schemas: closed sets become named components (so
 * generated clients get one type per set, not an anonymous union per field), list items get their
 * format, and the UUID pattern is anchored (unanchored, it matches any string that contains a UUID).
 */
public final class SchemaDetails {
    /** schema, property, the component its inline enum becomes. */
    private static final List<List<String>> NAMED_ENUMS = List.of(
            List.of("OwnershipEntry", "kind", "OwnershipKind"),
            List.of("HistoryEntry", "action", "HistoryAction"),
            List.of("HistoryEntry", "entityType", "HistoryEntityType"),
            List.of("OrgHistoryEntry", "action", "OrgHistoryAction"),
            List.of("OrgHistoryEntry", "entityType", "OrgEntityType"),
            List.of("SyncRemoved", "type", "SyncRecordType"),
            List.of("ConflictMatch", "status", "Status"),
            List.of("DuplicateCustomerProblem", "decision", "DuplicateDecision"),
            List.of("ExportRecord", "format", "ExportFormat"));

    private static final String NDJSON = "application/x-ndjson";

    private SchemaDetails() {
    }

    public static void apply(OpenAPI openAPI) {
        if (openAPI.getComponents() == null || openAPI.getComponents().getSchemas() == null) {
            return;
        }
        Map<String, Schema> schemas = openAPI.getComponents().getSchemas();
        for (List<String> entry : NAMED_ENUMS) {
            nameEnum(openAPI, schemas.get(entry.get(0)), entry.get(1), entry.get(2));
        }
        itemFormat(schemas.get("CustomerRequest"), "emails", "email");
        itemFormat(schemas.get("ConflictCheckRequest"), "emails", "email");
        ndjsonStreams(openAPI);
        Schema uuid = schemas.get("UUID");
        if (uuid != null) {
            uuid.pattern(anchored(uuid.getPattern()));
        }
    }

    /** A pattern that must match the whole value: JSON Schema patterns match anywhere unless anchored. */
    public static String anchored(String pattern) {
        return pattern == null || pattern.startsWith("^") ? pattern : "^" + pattern + "$";
    }

    private static void nameEnum(OpenAPI openAPI, Schema schema, String property, String component) {
        Schema inline = schema == null || schema.getProperties() == null ? null : schema.getProperties().get(property);
        if (inline == null || inline.getEnumeration() == null) {
            throw new IllegalStateException("No inline enum " + property + " to name " + component);
        }
        Schema existing = openAPI.getComponents().getSchemas().get(component);
        if (existing == null) {
            openAPI.getComponents().addSchema(component, OASFactory.createSchema().type(inline.getType())
                    .enumeration(inline.getEnumeration()));
        } else if (!existing.getEnumeration().equals(inline.getEnumeration())) {
            throw new IllegalStateException(component + " exists with other values than " + property);
        }
        Schema reference = OASFactory.createSchema().ref(component);
        // A $ref takes no siblings in OpenAPI 3.0: a description stays with the property through allOf.
        schema.addProperty(property, inline.getDescription() == null ? reference
                : OASFactory.createSchema().description(inline.getDescription()).allOf(List.of(reference)));
    }

    /**
     * An NDJSON body is a stream of lines, not one JSON document: its schema is text, so that a generator
     * does not parse it as JSON; the schema the annotation gave (that of one line) moves to x-ndjson-line.
     */
    private static void ndjsonStreams(OpenAPI openAPI) {
        if (openAPI.getPaths() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().values().stream()
                .flatMap(path -> path.getOperations().values().stream())
                .flatMap(operation -> operation.getResponses().getAPIResponses().values().stream())
                .filter(response -> response.getContent() != null)
                .map(response -> response.getContent().getMediaType(NDJSON))
                .filter(media -> media != null && media.getSchema() != null && media.getSchema().getRef() != null)
                .forEach(media -> {
                    String line = media.getSchema().getRef();
                    media.addExtension("x-ndjson-line", Map.of("$ref", line));
                    media.schema(OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING))
                            .description("NDJSON: UTF-8 text, one record per line (LF), each line a JSON object of "
                                    + "schema " + line.substring(line.lastIndexOf('/') + 1) + " (x-ndjson-line)"));
                });
    }

    private static void itemFormat(Schema schema, String property, String format) {
        if (schema != null && schema.getProperties() != null && schema.getProperties().get(property) != null
                && schema.getProperties().get(property).getItems() != null) {
            schema.getProperties().get(property).getItems().format(format);
        }
    }
}
