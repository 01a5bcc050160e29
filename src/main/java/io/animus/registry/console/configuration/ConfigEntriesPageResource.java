package io.animus.registry.console.configuration;

import java.net.URI;
import java.util.List;
import java.util.function.Supplier;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.animus.registry.config.history.ConfigHistoryService;
import io.animus.registry.console.ConsoleForm;
import io.animus.registry.console.ConsolePage;
import io.animus.registry.console.Pages;
import io.animus.registry.console.Viewer;
import io.animus.registry.identity.CurrentUser;
import io.animus.registry.identity.Roles;
import io.animus.registry.web.Page;
import io.animus.registry.web.PageRequest;
import io.animus.registry.web.ProblemException;
import io.quarkus.arc.All;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * The configuration page's lists of environment variables, agent settings and scoped configurations:
 * paged, typed inputs for admins, secrets masked until revealed after a confirmation, history with
 * rollback. Each read and change is the API's service call, made by the kind's {@link ConsoleEntries}
 * ({@code EnvVarStore}, {@code AgentConfigStore}, {@code ConfigurationStore}) under the API's roles, so
 * their validation, read rules, audit and history apply unchanged. Every form works without script: htmx swaps a line, a plain post is answered with
 * the page (a refusal shown beside its field) or a redirect to it.
 */
@Path("/configuration/entries")
@ConsolePage
@ConsoleForm
@Produces(MediaType.TEXT_HTML)
public class ConfigEntriesPageResource {

    /** Entries per page: a page of admin lines with their forms stays well under 100 KB. */
    public static final int PAGE_SIZE = 25;

    /** What a list is narrowed to: a name (exact), the owner's id (agent, or scope id), a scope. */
    public record Filter(String name, Integer owner, String scope) {

        /** The page of {@code kind} that lists what this filter selects. */
        public String href(EntryKind kind) {
            String query = query();
            return kind.page() + (query.isEmpty() ? "" : "?" + query.substring(1));
        }

        public String query() {
            return (name == null ? "" : "&name=" + Pages.encode(name)) + (owner == null ? "" : "&owner=" + owner)
                    + (scope == null ? "" : "&scope=" + Pages.encode(scope));
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance entries(Viewer viewer, String nav, EntryKind kind, List<EntryRow> rows, Pages pages,
                Filter filter, FormFailure failure, int confirming, EntryHistory history);

        static native TemplateInstance entry(Viewer viewer, EntryKind kind, EntryRow row, FormFailure failure, int confirming);

        static native TemplateInstance deleted(EntryKind kind, EntryRow row);
    }

    @Inject
    @All
    List<ConsoleEntries> kinds;

    @Inject
    ConfigHistoryService history;

    @Inject
    CurrentUser user;

    @GET
    @Path("env-vars")
    @RolesAllowed(Roles.ADMIN)
    public TemplateInstance envVarsPage(@QueryParam("name") String name, @QueryParam("page") Integer page,
            @QueryParam("entry") String entry) {
        return page(EntryKind.ENV_VARS, new Filter(blankToNull(name), null, null), page, entry, FormFailure.NONE, 0, null);
    }

    @GET
    @Path("agent-configs")
    public TemplateInstance agentConfigsPage(@QueryParam("name") String name, @QueryParam("owner") Integer agentId,
            @QueryParam("page") Integer page, @QueryParam("entry") String entry) {
        return page(EntryKind.AGENT_CONFIGS, new Filter(blankToNull(name), agentId, null), page, entry, FormFailure.NONE, 0, null);
    }

    @GET
    @Path("configurations")
    public TemplateInstance configurationsPage(@QueryParam("name") String name, @QueryParam("owner") Integer scopeId,
            @QueryParam("scope") String scope, @QueryParam("page") Integer page, @QueryParam("entry") String entry) {
        return page(EntryKind.CONFIGURATIONS, new Filter(blankToNull(name), scopeId, blankToNull(scope)), page, entry,
                FormFailure.NONE, 0, null);
    }

    /** Saves an entry's new value; its type decides how the form sent it (a checkbox for a boolean). */
    @POST
    @Path("{kind}/save")
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response save(@PathParam("kind") String kindName, @FormParam("id") int id, @FormParam("type") String type,
            @FormParam("value") String value, @FormParam("flag") String flag, @FormParam("is_encrypted") String encrypted,
            @FormParam("description") String description, @FormParam("tag") String tag, @HeaderParam("HX-Request") String htmx) {
        EntryKind kind = EntryKind.of(kindName);
        return answer(kind, id, htmx, () -> {
            EntryValue sent = EntryValue.of(kind, type, value, flag, encrypted, description);
            if (sent.secret() && (value == null || value.isEmpty())) {
                throw ProblemException.invalid("value", "type the new secret value (the stored one is not shown, so it cannot be kept by leaving this empty)");
            }
            EntryRow saved = entries(kind).replace(id, sent, ifMatch(tag));
            return htmx != null ? ok(Templates.entry(Viewer.of(user), kind, saved, FormFailure.NONE, 0))
                    : Response.seeOther(URI.create(saved.alone().href(kind) + "#" + saved.dom())).build();
        });
    }

    /** Adds an entry of the kind. */
    @POST
    @Path("{kind}/new")
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(@PathParam("kind") String kindName, @BeanParam EntryForm form, @HeaderParam("HX-Request") String htmx) {
        EntryKind kind = EntryKind.of(kindName);
        return answer(kind, null, htmx, () -> {
            entries(kind).create(form, form.valueOf(kind));
            return htmx != null ? Response.noContent().header("HX-Redirect", kind.page()).build()
                    : Response.seeOther(URI.create(kind.page())).build();
        });
    }

    /**
     * Shows an entry's value to an admin who confirmed; the service records the reveal. A plain form
     * first answers the confirmation question, and reveals when it comes back confirmed.
     */
    @POST
    @Path("{kind}/reveal")
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response reveal(@PathParam("kind") String kindName, @FormParam("id") int id, @FormParam("confirm") String confirm,
            @HeaderParam("HX-Request") String htmx) {
        EntryKind kind = EntryKind.of(kindName);
        return answer(kind, id, htmx, () -> {
            if (!"yes".equals(confirm)) {
                return ok(page(kind, entries(kind).find(id).alone(), 0, null, FormFailure.NONE, id, null));
            }
            EntryRow revealed = entries(kind).reveal(id);
            return ok(htmx != null ? Templates.entry(Viewer.of(user), kind, revealed, FormFailure.NONE, 0)
                    : page(kind, revealed.alone(), 0, null, FormFailure.NONE, 0, revealed));
        });
    }

    /**
     * Deletes an entry; the deletion is a version of its history, so a rollback brings it back: its
     * line (or, for a plain form, the page) then links to that history.
     */
    @POST
    @Path("{kind}/delete")
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response delete(@PathParam("kind") String kindName, @FormParam("id") int id, @FormParam("tag") String tag,
            @HeaderParam("HX-Request") String htmx) {
        EntryKind kind = EntryKind.of(kindName);
        return answer(kind, id, htmx, () -> {
            EntryRow deleted = entries(kind).find(id);
            entries(kind).delete(id, ifMatch(tag));
            return htmx != null ? ok(Templates.deleted(kind, deleted))
                    : Response.seeOther(URI.create(deleted.historyHref(kind))).build();
        });
    }

    private TemplateInstance page(EntryKind kind, Filter filter, Integer page, String entry, FormFailure failure, int confirming,
            EntryRow revealed) {
        Viewer viewer = Viewer.of(user);
        Page<EntryRow> shown = entries(kind).list(filter, PageRequest.of(page == null ? 0 : Math.max(0, page), PAGE_SIZE));
        List<EntryRow> rows = revealed == null ? shown.items()
                : shown.items().stream().map(row -> row.id() == revealed.id() ? revealed : row).toList();
        return Templates.entries(viewer, "configuration", kind, rows, Pages.of(shown, kind.page(), filter.query()), filter,
                failure, confirming, EntryHistory.of(history, entry));
    }

    /** The entries of {@code kind}: each kind has its one bean. */
    private ConsoleEntries entries(EntryKind kind) {
        return kinds.stream().filter(one -> one.kind() == kind).findFirst()
                .orElseThrow(() -> new IllegalStateException("No console entries for " + kind));
    }

    /**
     * The answer of a change to the entry {@code id} (null: a new one): an htmx request's refusal is the
     * problem itself (the page's script puts each field's message beside its field); a plain form's is
     * the page again, listing that entry alone, with the messages beside the fields of the form that sent it.
     */
    private Response answer(EntryKind kind, Integer id, String htmx, Supplier<Response> change) {
        try {
            return change.get();
        } catch (ProblemException | ConstraintViolationException refused) {
            if (htmx != null) {
                throw refused;
            }
            FormFailure failure = FormFailure.of(id == null ? "new" : kind.dom(id), refused);
            Filter where = new Filter(null, null, null);
            if (id != null) {
                try {
                    where = entries(kind).find(id).alone();
                } catch (ProblemException gone) {
                    // The entry is not there (or not readable): the page lists them all, with the detail above.
                }
            }
            return Response.status(failure.status()).type(MediaType.TEXT_HTML_TYPE)
                    .entity(page(kind, where, 0, null, failure, 0, null)).build();
        }
    }

    private static Response ok(TemplateInstance page) {
        return Response.ok(page).type(MediaType.TEXT_HTML_TYPE).build();
    }

    private static String ifMatch(String tag) {
        return tag == null || tag.isBlank() ? null : "\"" + tag + "\"";
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
