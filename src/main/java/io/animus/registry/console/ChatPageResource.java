package io.animus.registry.console;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

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
        static native TemplateInstance chat(Viewer viewer, String nav, List<SessionRow> sessions,
                List<AgentResponse> agents, SessionRow session, Transcript transcript, Integer agent);
    }

    /** A session with the name of its agent (its id when the agent is not among those the user may see). */
    public record SessionRow(ChatSession session, String agent) {
    }

    /**
     * One page of a session's transcript, the latest by default; {@code earlier} and {@code later} are
     * the neighbouring pages, null where there is none.
     */
    public record Transcript(List<TranscriptEntry> entries, Integer earlier, Integer later) {
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
    public TemplateInstance page(@QueryParam("session") String sessionId, @QueryParam("agent") Integer agent,
            @QueryParam("transcript_page") Integer transcriptPage) {
        Page<ChatSession> own = sessions.list(PageRequest.of(0, 50), null, null);
        List<AgentResponse> visible = agents.list(new AgentService.Filter(null, true, null), PageRequest.of(0, 100)).items();
        Map<Integer, String> names = visible.stream()
                .collect(Collectors.toMap(AgentResponse::id, a -> a.name() != null ? a.name() : a.lettaUid()));
        SessionRow session = null;
        Transcript transcript = null;
        if (sessionId != null && !sessionId.isBlank()) {
            session = row(sessions.get(sessionId), names);
            transcript = transcript(sessionId, transcriptPage);
        }
        List<SessionRow> rows = own.items().stream().map(s -> row(s, names)).toList();
        return Templates.chat(Viewer.of(user), "chat", rows, visible, session, transcript, agent);
    }

    private static SessionRow row(ChatSession session, Map<Integer, String> names) {
        Integer agent = session.agentId();
        return new SessionRow(session, agent == null ? "none" : names.getOrDefault(agent, "agent " + agent));
    }

    /** The asked page of the transcript, or its last page: a long conversation opens where it stands. */
    private Transcript transcript(String sessionId, Integer asked) {
        int size = PageRequest.MAX_SIZE;
        Page<TranscriptEntry> page = sessions.transcript(sessionId, PageRequest.of(asked == null ? 0 : asked, size));
        int last = (int) Math.max(0, (page.total() - 1) / size);
        if (asked == null && last > 0) {
            page = sessions.transcript(sessionId, PageRequest.of(last, size));
        }
        int shown = page.page();
        return new Transcript(page.items(), shown > 0 ? shown - 1 : null, shown < last ? shown + 1 : null);
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
