package io.animus.registry.feed;

import java.time.Duration;
import java.time.Instant;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.animus.registry.web.RegistryApi;
import io.animus.registry.identity.CurrentUser;
import io.animus.registry.identity.Roles;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;

/**
 * {@code /api/v1/changes}: what changed in the registry, in commit order, as pages
 * ({@code ?since=&limit=}) or as Server-Sent Events ({@code /stream}, resumable with
 * {@code Last-Event-ID}). Any signed-in user; each sees the changes of what they may read.
 */
@Tag(name = "Changes", description = "What changed in the registry, as pages or a live stream")
@SecurityRequirement(name = RegistryApi.BEARER)
@Path("/api/v1/changes")
@Produces(MediaType.APPLICATION_JSON)
public class ChangeFeedResource {

    @Inject
    ChangeFeed feed;

    @Inject
    ChangeStreams streams;

    @Inject
    ChangeFeedConfig config;

    @Inject
    CurrentUser currentUser;

    @Inject
    JsonWebToken token;

    /**
     * The changes after {@code since} (without it: from the oldest change the feed still holds), at
     * most {@code limit} (1 to 1000, 100 by default). Ask again with the answer's {@code cursor}.
     */
    @Operation(operationId = "listChanges", summary = "List the changes after a cursor")
    @APIResponse(responseCode = "200", description = "The changes, and the cursor to ask again with",
            content = @Content(schema = @Schema(implementation = ChangeList.class)))
    @APIResponse(responseCode = "410", ref = "Gone")
    @GET
    @RolesAllowed({ Roles.ADMIN, Roles.USER, Roles.VIEWER })
    public ChangeList list(@QueryParam("since") String since, @QueryParam("limit") String limit, @Context UriInfo uri) {
        int size = ChangeCursors.limit(given(uri, "limit", limit));
        since = given(uri, "since", since);
        long from = since == null ? ChangeFeed.FROM_OLDEST : ChangeCursors.parse(since, "since");
        return feed.read(viewer(), from, size);
    }

    /**
     * The same changes as Server-Sent Events: {@code open}, then one {@code change} per change (its
     * cursor is the event id), {@code ping} now and then. It starts after {@code Last-Event-ID}, else
     * after {@code since}, else at the newest change. The stream ends when the caller's access token
     * expires (or after {@code animus.changes.stream.max-lifetime}); the client reconnects.
     */
    @Operation(operationId = "streamChanges", summary = "Follow the changes live (Server-Sent Events)")
    @APIResponse(responseCode = "200", description = "The stream of events: open, change (its cursor is the event id), ping",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "410", ref = "Gone")
    @GET
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RolesAllowed({ Roles.ADMIN, Roles.USER, Roles.VIEWER })
    @Blocking
    public Multi<OutboundSseEvent> stream(@QueryParam("since") String since, @HeaderParam("Last-Event-ID") String lastEventId,
            @Context Sse sse, @Context UriInfo uri) {
        Viewer viewer = viewer();
        since = given(uri, "since", since);
        long from;
        if (lastEventId != null) {
            from = ChangeCursors.parse(lastEventId.strip(), "Last-Event-ID");
        } else if (since != null) {
            from = ChangeCursors.parse(since, "since");
        } else {
            from = feed.newest();
        }
        feed.read(viewer, from, 1);
        return streams.follow(viewer, from).map(event -> toSse(sse, event))
                .select().first(lifetime())
                .onFailure().recoverWithCompletion();
    }

    /** The parameter's value; an empty one ({@code ?since=}) is given, and refused as malformed, not taken for absent. */
    private static String given(UriInfo uri, String name, String value) {
        return value == null && uri.getQueryParameters().containsKey(name) ? "" : value;
    }

    private Viewer viewer() {
        return new Viewer(currentUser.id(), currentUser.role());
    }

    private static OutboundSseEvent toSse(Sse sse, FeedEvent event) {
        OutboundSseEvent.Builder builder = sse.newEventBuilder().name(event.name())
                .mediaType(MediaType.TEXT_PLAIN_TYPE).data(String.class, event.data());
        if (event.id() != null) {
            builder.id(event.id());
        }
        return builder.build();
    }

    private Duration lifetime() {
        Duration lifetime = config.stream().maxLifetime();
        if (token.getExpirationTime() > 0) {
            Duration untilExpiry = Duration.between(Instant.now(), Instant.ofEpochSecond(token.getExpirationTime()));
            lifetime = untilExpiry.compareTo(lifetime) < 0 ? untilExpiry : lifetime;
        }
        return lifetime.isNegative() ? Duration.ZERO : lifetime;
    }
}
