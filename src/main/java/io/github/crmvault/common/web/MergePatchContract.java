package io.github.crmvault.common.web;

import io.github.crmvault.common.openapi.SchemaDetails;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

/**
 * A PATCH ({@link MergePatch}) is the PUT beside it with a partial body, so its contract is derived
 * from the PUT's rather than written twice: its request schema (the {@code <X>Patch} its
 * annotations name) is the PUT body's schema with every property optional and nullable and no
 * other member allowed, and it answers what the PUT answers, but 415 for another media type.
 */
@OpenApiFilter
public class MergePatchContract implements OASFilter {
    private static final String SCHEMAS = "#/components/schemas/";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getComponents() == null) {
            return;
        }
        for (PathItem path : openAPI.getPaths().getPathItems().values()) {
            Operation patch = path.getPATCH();
            Operation put = path.getPUT();
            String patchSchema = bodySchema(patch, MergePatch.MEDIA_TYPE);
            String putSchema = bodySchema(put, jakarta.ws.rs.core.MediaType.APPLICATION_JSON);
            if (patchSchema == null || putSchema == null) {
                continue;
            }
            Schema source = openAPI.getComponents().getSchemas().get(putSchema);
            openAPI.getComponents().addSchema(patchSchema, patchOf(putSchema, source, openAPI.getComponents().getSchemas()));
            // Shared, not copied: nothing edits an answer after this, and the contract stays one text.
            put.getResponses().getAPIResponses().forEach((code, response) -> {
                if (!code.equals("415")) {
                    patch.getResponses().addAPIResponse(code, response);
                }
            });
            patch.getResponses().addAPIResponse("415", OASFactory.createAPIResponse()
                    .description("The request body is not " + MergePatch.MEDIA_TYPE)
                    .content(OASFactory.createContent().addMediaType("application/problem+json",
                            OASFactory.createMediaType().schema(OASFactory.createSchema().ref("Problem")))));
            if (patch.getParameters() != null) {
                patch.getParameters().stream().filter(p -> "If-Match".equalsIgnoreCase(p.getName()))
                        .forEach(p -> p.required(true));
            }
        }
    }

    /** The name of the component schema an operation's request body of this media type refers to, or null. */
    private static String bodySchema(Operation operation, String mediaType) {
        if (operation == null || operation.getRequestBody() == null || operation.getRequestBody().getContent() == null) {
            return null;
        }
        MediaType media = operation.getRequestBody().getContent().getMediaType(mediaType);
        if (media == null || media.getSchema() == null || media.getSchema().getRef() == null
                || !media.getSchema().getRef().startsWith(SCHEMAS)) {
            return null;
        }
        return media.getSchema().getRef().substring(SCHEMAS.length());
    }

    private static Schema patchOf(String putName, Schema put, Map<String, Schema> components) {
        Schema patch = OASFactory.createSchema().type(List.of(Schema.SchemaType.OBJECT))
                .description("A JSON Merge Patch (RFC 7396) of " + putName + ": each member replaces that field,"
                        + " null clears it (400 for a required field), an array is replaced whole, and fields left"
                        + " out keep their values. Any other member is refused (400), as in " + putName + ".")
                .additionalPropertiesBoolean(false);
        if (put != null && put.getProperties() != null) {
            for (Map.Entry<String, Schema> property : put.getProperties().entrySet()) {
                patch.addProperty(property.getKey(), nullable(property.getValue(), components));
            }
        }
        return patch;
    }

    /**
     * The property, and null besides (type null is written as nullable: true in OpenAPI 3.0). A scalar
     * it takes from a component by allOf (such as UUID) is written out in place: nullable does not
     * reach into allOf, so a validator would hold null against the component and refuse it.
     */
    private static Schema nullable(Schema property, Map<String, Schema> components) {
        Schema copy = OASFactory.createSchema();
        copy.setAll(property.getAll());
        Schema scalar = scalarComponent(property, components);
        if (scalar != null) {
            copy.setRef(null);
            copy.setAllOf(null);
            copy.setType(scalar.getType());
            copy.setFormat(scalar.getFormat());
            copy.setPattern(SchemaDetails.anchored(scalar.getPattern()));
            copy.setMinLength(scalar.getMinLength());
            copy.setMaxLength(scalar.getMaxLength());
        }
        if (property.getType() != null && !property.getType().contains(Schema.SchemaType.NULL)) {
            // A new list: the PUT schema's own must not change.
            List<Schema.SchemaType> types = new ArrayList<>(property.getType());
            types.add(Schema.SchemaType.NULL);
            copy.setType(types);
        }
        return copy;
    }

    /**
     * The component a property refers to (by $ref beside its own members, written out as a one-element
     * allOf), when it is a plain string (no enum).
     */
    private static Schema scalarComponent(Schema property, Map<String, Schema> components) {
        String ref = property.getRef();
        if (ref == null && property.getAllOf() != null && property.getAllOf().size() == 1) {
            ref = property.getAllOf().get(0).getRef();
        }
        if (components == null) {
            return null;
        }
        Schema component = ref == null || !ref.startsWith(SCHEMAS) ? null : components.get(ref.substring(SCHEMAS.length()));
        boolean plainString = component != null && component.getType() != null
                && component.getType().equals(List.of(Schema.SchemaType.STRING)) && component.getEnumeration() == null;
        return plainString ? component : null;
    }
}
