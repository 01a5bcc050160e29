package io.animus.registry.webhook;

import java.net.URI;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;

import io.animus.registry.identity.Roles;
import io.animus.registry.web.ETags;
import io.animus.registry.web.MergePatch;
import io.animus.registry.web.Page;
import io.animus.registry.web.PageRequest;
import io.animus.registry.web.Problem;
import io.animus.registry.web.ProblemException;
import io.animus.registry.web.RegistryApi;
import io.animus.registry.web.Replacements;

/** {@code /api/v1/webhooks}: endpoints told of system events, their deliveries and redeliveries. Admins only. */
@Tag(name = "Webhooks", description = "Endpoints told of system events, their deliveries and redeliveries")
@SecurityRequirement(name = RegistryApi.BEARER)
@Path("/api/v1/webhooks")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class WebhookResource {

    @Inject
    WebhookService webhooks;

    @Inject
    Replacements replacements;

    @GET
    @Operation(operationId = "listWebhooks", summary = "List the webhooks")
    @APIResponse(responseCode = "200", description = "A page of webhooks (their secrets are never shown)")
    public Page<WebhookResponse> list(@BeanParam @Valid PageRequest page) {
        return webhooks.list(page);
    }

    @POST
    @Operation(operationId = "createWebhook", summary = "Register a webhook for system events")
    @APIResponse(responseCode = "201", description = "Registered; Location names it", content = @Content(schema = @Schema(implementation = WebhookResponse.class)))
    @APIResponse(responseCode = "422", description = "The URL, an event name or the secret breaks a rule", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public Response create(@Valid @NotNull WebhookRequest request) {
        Webhook webhook = webhooks.create(request);
        return ETags.created("/api/v1/webhooks/" + webhook.id, WebhookResponse.from(webhook), webhook.updatedAt);
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getWebhook", summary = "Read a webhook")
    @APIResponse(responseCode = "200", description = "The webhook, with its ETag", content = @Content(schema = @Schema(implementation = WebhookResponse.class)))
    @APIResponse(responseCode = "404", description = "No such webhook", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public Response get(@PathParam("id") int id) {
        Webhook webhook = webhooks.find(id).orElseThrow(() -> ProblemException.notFound("No webhook " + id));
        return ETags.ok(WebhookResponse.from(webhook), webhook.updatedAt);
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "replaceWebhook", summary = "Replace a webhook's fields; without secret, the secret is kept")
    @APIResponse(responseCode = "200", description = "Replaced", content = @Content(schema = @Schema(implementation = WebhookResponse.class)))
    @APIResponse(responseCode = "404", description = "No such webhook", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "412", description = "If-Match names an older version", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "422", description = "The body breaks a rule", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public Response replace(@PathParam("id") int id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @NotNull @RequestBody(content = @Content(schema = @Schema(implementation = WebhookRequest.class))) JsonNode body) {
        return replacements.replace(replaceable(id), body, ifMatch);
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MergePatch.MEDIA_TYPE)
    @Operation(operationId = "patchWebhook", summary = "Change the fields of a webhook that a JSON merge patch names")
    @APIResponseSchema(value = WebhookResponse.class, responseCode = "200", responseDescription = "The webhook as changed")
    public Response patch(@PathParam("id") int id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, @NotNull JsonNode patch) {
        return replacements.patch(replaceable(id), patch, ifMatch);
    }

    private Replacements.Target<WebhookRequest, Webhook> replaceable(int id) {
        return new Replacements.Target<>(WebhookRequest.class,
                () -> webhooks.find(id).orElseThrow(() -> ProblemException.notFound("No webhook " + id)),
                (request, version) -> webhooks.replace(id, request, version), WebhookResponse::from, webhook -> webhook.updatedAt);
    }

    @DELETE
    @Path("/{id}")
    @Operation(operationId = "deleteWebhook", summary = "Remove a webhook and its deliveries")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "404", description = "No such webhook", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "412", description = "If-Match names an older version", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public void delete(@PathParam("id") int id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        webhooks.delete(id, ifMatch);
    }

    @POST
    @Path("/{id}/ping")
    @Operation(operationId = "pingWebhook", summary = "Queue a test event (ping) for this webhook alone")
    @APIResponse(responseCode = "202", description = "Queued; Location names the delivery", content = @Content(schema = @Schema(implementation = WebhookDeliveryResponse.class)))
    @APIResponse(responseCode = "404", description = "No such webhook", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "409", description = "The webhook is not active", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public Response ping(@PathParam("id") int id) {
        return accepted(webhooks.ping(id));
    }

    @GET
    @Path("/{id}/deliveries")
    @Operation(operationId = "listWebhookDeliveries", summary = "List a webhook's deliveries, newest first")
    @APIResponse(responseCode = "200", description = "A page of deliveries")
    public Page<WebhookDeliveryResponse> deliveries(@PathParam("id") int id, @QueryParam("status") DeliveryStatus status,
            @BeanParam @Valid PageRequest page) {
        return webhooks.deliveries(id, status, page);
    }

    @GET
    @Path("/{id}/deliveries/{deliveryId}")
    @Operation(operationId = "getWebhookDelivery", summary = "Read one delivery: its attempts and the event it carries")
    @APIResponse(responseCode = "200", description = "The delivery", content = @Content(schema = @Schema(implementation = WebhookDeliveryResponse.class)))
    @APIResponse(responseCode = "404", description = "No such webhook or delivery", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public WebhookDeliveryResponse delivery(@PathParam("id") int id, @PathParam("deliveryId") long deliveryId) {
        return WebhookDeliveryResponse.from(webhooks.delivery(id, deliveryId));
    }

    @POST
    @Path("/{id}/deliveries/{deliveryId}/redeliver")
    @Operation(operationId = "redeliverWebhookDelivery", summary = "Send a delivered or failed delivery's event again")
    @APIResponse(responseCode = "202", description = "Queued as a new delivery; Location names it", content = @Content(schema = @Schema(implementation = WebhookDeliveryResponse.class)))
    @APIResponse(responseCode = "404", description = "No such webhook or delivery", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "409", description = "The delivery is still pending, or the webhook is not active", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public Response redeliver(@PathParam("id") int id, @PathParam("deliveryId") long deliveryId) {
        return accepted(webhooks.redeliver(id, deliveryId));
    }

    private static Response accepted(WebhookDelivery delivery) {
        return Response.accepted(WebhookDeliveryResponse.from(delivery))
                .location(URI.create("/api/v1/webhooks/" + delivery.webhookId + "/deliveries/" + delivery.id)).build();
    }
}
