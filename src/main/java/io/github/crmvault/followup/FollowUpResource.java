package io.github.crmvault.followup;

import io.github.crmvault.common.paging.Page;
import io.github.crmvault.common.paging.PageRequest;
import io.github.crmvault.common.security.Roles;
import io.github.crmvault.common.web.Ids;
import io.github.crmvault.followup.FollowUpDtos.FollowUpItem;
import io.github.crmvault.followup.FollowUpDtos.Kind;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.Explode;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterStyle;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * A person's to-do list for today. Integration tokens are refused: the list is work for people who
 * own customers, and an integrator derives what it needs from the data it pulls.
 */
@Path("/api/v1/follow-ups")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Follow-ups")
public class FollowUpResource {
    @Inject
    FollowUpService service;

    @GET
    @RolesAllowed({Roles.SALES, Roles.MANAGER, Roles.ADMIN})
    @Operation(operationId = "listFollowUps", summary = "What to do today: due and overdue next steps, A customers not"
            + " visited, claims whose protection ends, customers that moved from B into A",
            description = "For the customers with an owner the caller can see: a rep their own, a manager their own and"
                    + " their team subtree's reps', an admin everyone's. Grouped by owner (ownerId, in a stable order),"
                    + " then most urgent first (kind, see FollowUpKind), then the earliest dueOn, then customerId."
                    + " Derived on every read: recording a visit of the customer, or changing its latest visit's next"
                    + " step, takes an item off the list; nothing is marked done.")
    @APIResponse(responseCode = "200", description = "One page of follow-ups")
    public Page<FollowUpItem> list(@Valid @BeanParam PageRequest page,
            @QueryParam("kind") @Parameter(description = "Only these kinds: one or a comma list such as"
                    + " NEXT_STEP_OVERDUE,NEXT_STEP_DUE", style = ParameterStyle.FORM, explode = Explode.FALSE,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = Kind.class)) String kind,
            @QueryParam("ownerId") @Parameter(description = "Only the follow-ups of this owner's customers (a manager's"
                    + " rep); an owner outside the caller's view gives an empty list",
                    schema = @Schema(type = SchemaType.STRING, format = "uuid")) String ownerId) {
        return service.list(FollowUpService.kinds(kind), Ids.parse("ownerId", ownerId), page.cursor, page.limit());
    }
}
