package io.animus.registry.console;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import io.animus.registry.agent.AgentResponse;
import io.animus.registry.agent.AgentService;
import io.animus.registry.chat.ChatMessageResource;
import io.animus.registry.chat.ChatSession;
import io.animus.registry.chat.ChatSessionResource;
import io.animus.registry.chat.OpenSessionRequest;
import io.animus.registry.chat.PostMessageRequest;
import io.animus.registry.chat.TranscriptEntry;
import io.animus.registry.identity.CurrentUser;
import io.animus.registry.web.Page;
import io.animus.registry.web.PageRequest;
import io.animus.registry.web.ProblemException;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.http.HttpServerRequest;

/**
 * The console's chat: the user's sessions, a new session with a visible agent, and one session whose
 * replies appear as Broca stores them (the API's Server-Sent Events, followed by the page's script).
 * Opening, posting and following go through the API's chat resources and their role rules.
 */
@Path("/chat")
@ConsolePage
@ConsoleForm
@Produces(MediaType.TEXT_HTML)
public class ChatPageResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance chat(Viewer viewer, String nav, List<ChatSession> sessions,
                List<AgentResponse> agents, ChatSession session, List<TranscriptEntry> transcript, Integer agent);
    }

    @Inject
    ChatSessionResource sessions;

    @Inject
    ChatMessageResource messages;

    @Inject
    AgentService agents;

    @Inject
    CurrentUser user;

    @GET
    public TemplateInstance page(@QueryParam("session") String sessionId, @QueryParam("agent") Integer agent) {
        Page<ChatSession> own = sessions.list(PageRequest.of(0, 50), null, null);
        List<AgentResponse> visible = agents.list(new AgentService.Filter(null, true, null), PageRequest.of(0, 100)).items();
        ChatSession session = null;
        List<TranscriptEntry> transcript = List.of();
        if (sessionId != null && !sessionId.isBlank()) {
            session = sessions.get(sessionId);
            transcript = sessions.transcript(sessionId, PageRequest.of(0, PageRequest.MAX_SIZE)).items();
        }
        return Templates.chat(Viewer.of(user), "chat", own.items(), visible, session, transcript, agent);
    }

    @POST
    @Path("open")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response open(@FormParam("agent_id") Integer agentId, @Context HttpServerRequest request) {
        if (agentId == null) {
            throw ProblemException.invalid("agent_id", "choose an agent");
        }
        ChatSession session = (ChatSession) sessions.open(new OpenSessionRequest(agentId, null), request).getEntity();
        return redirect("/chat?session=" + Pages.encode(session.id()));
    }

    @POST
    @Path("send")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response send(@FormParam("session") String sessionId, @FormParam("message") String message) {
        if (sessionId == null || sessionId.isBlank()) {
            throw ProblemException.invalid("session", "is required");
        }
        messages.post(sessionId, new PostMessageRequest(message));
        return Response.noContent().build();
    }

    /** The session's events; the page's script appends each message and reply as it comes. */
    @GET
    @Path("events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking
    public Multi<OutboundSseEvent> events(@QueryParam("session") String sessionId, @Context Sse sse) {
        if (sessionId == null || sessionId.isBlank()) {
            throw ProblemException.invalid("session", "is required");
        }
        // The API's method is guarded by its role check, which runs when the stream is subscribed:
        // subscribe off the event loop, where its database reads may block.
        return Multi.createFrom().deferred(() -> sessions.follow(sessionId, sse))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private static Response redirect(String location) {
        return Response.noContent().header("HX-Redirect", location).build();
    }
}
