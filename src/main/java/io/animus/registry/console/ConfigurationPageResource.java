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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.animus.registry.config.ConfigHistoryResource;
import io.animus.registry.config.EnvVarResource;
import io.animus.registry.config.EnvVarResponse;
import io.animus.registry.config.HistoryEntryResponse;
import io.animus.registry.config.RollbackRequest;
import io.animus.registry.config.SystemConfigRequest;
import io.animus.registry.config.SystemConfigResource;
import io.animus.registry.config.SystemConfigResponse;
import io.animus.registry.config.SystemConfigUpdate;
import io.animus.registry.config.ValueType;
import io.animus.registry.identity.CurrentUser;
import io.animus.registry.web.ETags;
import io.animus.registry.web.Page;
import io.animus.registry.web.PageRequest;
import io.animus.registry.web.ProblemException;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * The console's configuration page: system settings with typed inputs, their history and rollback,
 * masked secrets revealed on request; environment variables for admins. Every read and change goes
 * through the API's own resources, so the API's roles, validation, audit and history apply unchanged.
 */
@Path("/configuration")
@ConsolePage
@ConsoleForm
@Produces(MediaType.TEXT_HTML)
public class ConfigurationPageResource {

    /** One system setting's line: the setting, its entity tag for the next change, and its value when revealed. */
    public record Row(SystemConfigResponse s, String tag, String revealed) {

        static Row of(SystemConfigResponse setting) {
            return new Row(setting, ETags.of(setting.updatedAt()).getValue(), null);
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance configuration(Viewer viewer, String nav, List<Row> rows, long total,
                List<EnvVarResponse> envVars, String entry, List<HistoryEntryResponse> history, String historyTag);

        static native TemplateInstance row(Viewer viewer, Row row);
    }

    @Inject
    SystemConfigResource systemConfig;

    @Inject
    EnvVarResource envVars;

    @Inject
    ConfigHistoryResource history;

    @Inject
    ObjectMapper json;

    @Inject
    CurrentUser user;

    @GET
    public TemplateInstance page(@QueryParam("entry") String entry) {
        Viewer viewer = Viewer.of(user);
        Page<SystemConfigResponse> settings = systemConfig.list(null, PageRequest.of(0, PageRequest.MAX_SIZE));
        List<EnvVarResponse> env = viewer.admin() ? envVars.list(null, PageRequest.of(0, PageRequest.MAX_SIZE)).items()
                : List.of();
        List<HistoryEntryResponse> versions = List.of();
        String historyTag = null;
        if (entry != null && !entry.isBlank()) {
            Response answer = history.list(entry, null, PageRequest.of(0, PageRequest.MAX_SIZE));
            @SuppressWarnings("unchecked")
            Page<HistoryEntryResponse> page = (Page<HistoryEntryResponse>) answer.getEntity();
            versions = page.items();
            historyTag = answer.getEntityTag() == null ? null : answer.getEntityTag().getValue();
        }
        return Templates.configuration(viewer, "configuration", settings.items().stream().map(Row::of).toList(),
                settings.total(), env,
                entry == null ? "" : entry, versions, historyTag);
    }

    /** Saves a system setting's new value; its type decides how the form sent it (a checkbox for a boolean). */
    @POST
    @Path("system")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance save(@FormParam("config_key") String key, @FormParam("config_type") String type,
            @FormParam("value") String value, @FormParam("flag") String flag, @FormParam("tag") String tag,
            @FormParam("is_encrypted") String encrypted, @FormParam("description") String description,
            @FormParam("category") String category) {
        ValueType valueType = typeOf(type);
        String sent = valueType == ValueType.BOOLEAN ? Boolean.toString(flag != null) : value;
        Response answer = systemConfig.update(required(key, "config_key"), ifMatch(tag), json.valueToTree(new SystemConfigUpdate(sent,
                valueType, blankToNull(description), "true".equals(encrypted), blankToNull(category))));
        return row(answer, null);
    }

    /** Adds a system setting. */
    @POST
    @Path("system/new")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(@FormParam("config_key") String key, @FormParam("config_type") String type,
            @FormParam("value") String value, @FormParam("flag") String flag, @FormParam("is_encrypted") String encrypted,
            @FormParam("description") String description, @FormParam("category") String category) {
        ValueType valueType = typeOf(type);
        String sent = valueType == ValueType.BOOLEAN ? Boolean.toString(flag != null) : value;
        systemConfig.create(new SystemConfigRequest(key == null ? null : key.strip(), sent, valueType,
                blankToNull(description), "on".equals(encrypted) || "true".equals(encrypted), blankToNull(category)));
        return Response.noContent().header("HX-Redirect", "/configuration").build();
    }

    /** Shows a secret's value to an admin who confirmed; the API records the reveal. */
    @POST
    @Path("system/reveal")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance reveal(@FormParam("config_key") String key) {
        Response answer = systemConfig.reveal(required(key, "config_key"));
        return row(answer, ((SystemConfigResponse) answer.getEntity()).configValue());
    }

    /** Rolls an entry back to one of its versions. */
    @POST
    @Path("rollback")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response rollback(@FormParam("entry_key") String entry, @FormParam("version") Integer version,
            @FormParam("tag") String tag) {
        history.rollback(ifMatch(tag), new RollbackRequest(required(entry, "entry_key"), version));
        return Response.noContent().header("HX-Redirect", "/configuration?entry=" + Pages.encode(entry)).build();
    }

    private TemplateInstance row(Response answer, String revealed) {
        SystemConfigResponse setting = (SystemConfigResponse) answer.getEntity();
        String tag = answer.getEntityTag() == null ? null : answer.getEntityTag().getValue();
        return Templates.row(Viewer.of(user), new Row(setting, tag, revealed));
    }

    private static ValueType typeOf(String type) {
        try {
            return type == null ? ValueType.STRING : ValueType.valueOf(type.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("config_type", "must be one of string, number, boolean, json");
        }
    }

    private static String ifMatch(String tag) {
        return tag == null || tag.isBlank() ? null : "\"" + tag + "\"";
    }

    private static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw ProblemException.invalid(field, "is required");
        }
        return value;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
