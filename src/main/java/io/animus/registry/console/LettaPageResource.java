package io.animus.registry.console;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.animus.registry.identity.CurrentUser;
import io.animus.registry.letta.LettaCheckResponse;
import io.animus.registry.letta.LettaDriftResponse;
import io.animus.registry.letta.LettaResource;
import io.animus.registry.letta.LettaRunResponse;
import io.animus.registry.letta.LettaSettingsRequest;
import io.animus.registry.letta.LettaSettingsResponse;
import io.animus.registry.letta.LettaStatesResponse;
import io.animus.registry.web.PageRequest;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * The console's Letta page: every agent's link state, and for admins the link's settings, a check, a
 * reconciliation now and the imports of Letta's unregistered agents; and a linked agent's tool drift.
 * Everything goes through the API's resource, so the console answers what the API answers.
 */
@Path("/letta")
@ConsolePage
@ConsoleForm
@Produces(MediaType.TEXT_HTML)
public class LettaPageResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance letta(Viewer viewer, String nav, LettaSettingsResponse settings, LettaStatesResponse states,
                List<LettaRunResponse> runs, String state, Pages pages);

        static native TemplateInstance check(LettaCheckResponse check);

        static native TemplateInstance drift(Viewer viewer, String nav, LettaDriftResponse drift);
    }

    @Inject
    LettaResource letta;

    @Inject
    CurrentUser user;

    @Inject
    ConsoleConfig config;

    @GET
    public TemplateInstance page(@QueryParam("page") @DefaultValue("0") int page, @QueryParam("state") String state) {
        String filter = state == null || state.isBlank() ? null : state;
        LettaStatesResponse states = letta.states(PageRequest.of(page, config.pageSize()), filter);
        boolean admin = user.isAdmin();
        io.animus.registry.web.Page<Object> shown = new io.animus.registry.web.Page<>(List.of(), states.page(), states.size(), states.total());
        return Templates.letta(Viewer.of(user), "letta", admin ? letta.settings() : null, states, admin ? letta.runs(10) : List.of(),
                filter == null ? "" : filter, Pages.of(shown, "/letta", filter == null ? "" : "&state=" + Pages.encode(filter)));
    }

    @POST
    @Path("settings")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response saveSettings(@FormParam("url") String url, @FormParam("password") String password,
            @FormParam("remove_password") String removePassword, @FormParam("connect_timeout_ms") String connectTimeoutMs,
            @FormParam("read_timeout_ms") String readTimeoutMs, @FormParam("every") String every,
            @FormParam("switch_off_missing") String switchOffMissing) {
        String newPassword = removePassword != null ? "" : blank(password) ? null : password;
        letta.saveSettings(new LettaSettingsRequest(blank(url) ? null : url.strip(), newPassword, millis(connectTimeoutMs),
                millis(readTimeoutMs), blank(every) ? null : every.strip(), switchOffMissing != null));
        return reload();
    }

    @POST
    @Path("check")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance check() {
        return Templates.check(letta.check());
    }

    @POST
    @Path("reconcile")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response reconcile() {
        letta.reconcile();
        return reload();
    }

    @POST
    @Path("import")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response importOne(@FormParam("letta_id") String lettaId) {
        letta.importOne(lettaId == null ? "" : lettaId);
        return reload();
    }

    @POST
    @Path("import-all")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response importAll() {
        letta.importAll();
        return reload();
    }

    @GET
    @Path("drift")
    public TemplateInstance drift(@QueryParam("id") int id) {
        return Templates.drift(Viewer.of(user), "letta", letta.drift(id));
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    /** A number of milliseconds from a form field; what is not a number is sent on as out of range, so the API names it. */
    private static Long millis(String value) {
        if (blank(value)) {
            return null;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return -1L;
        }
    }

    private static Response reload() {
        return Response.noContent().header("HX-Redirect", "/letta").build();
    }
}
