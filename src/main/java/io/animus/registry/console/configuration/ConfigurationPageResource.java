package io.animus.registry.console.configuration;

import java.net.URI;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.animus.registry.config.history.ConfigHistoryService;
import io.animus.registry.config.ConfigParams;
import io.animus.registry.config.history.ConfigRollback;
import io.animus.registry.config.system.SystemConfig;
import io.animus.registry.config.system.SystemConfigRequest;
import io.animus.registry.config.system.SystemConfigResponse;
import io.animus.registry.config.system.SystemConfigStore;
import io.animus.registry.config.system.SystemConfigUpdate;
import io.animus.registry.config.ValueType;
import io.animus.registry.console.ConsoleForm;
import io.animus.registry.console.ConsolePage;
import io.animus.registry.console.Pages;
import io.animus.registry.console.Viewer;
import io.animus.registry.identity.CurrentUser;
import io.animus.registry.identity.Roles;
import io.animus.registry.web.ETags;
import io.animus.registry.web.Page;
import io.animus.registry.web.PageRequest;
import io.animus.registry.web.ProblemException;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * The console's configuration page: system settings with typed inputs, their history and rollback,
 * masked secrets revealed on request; the other kinds of entry have their own lists
 * ({@link ConfigEntriesPageResource}). Every read and change goes
 * through the services behind the API, with the API's roles, so its validation, audit and history apply unchanged.
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
                EntryHistory history);

        static native TemplateInstance row(Viewer viewer, Row row);
    }

    @Inject
    SystemConfigStore systemConfig;

    @Inject
    ConfigHistoryService history;

    @Inject
    ConfigRollback rollback;

    @Inject
    ObjectMapper json;

    @Inject
    CurrentUser user;

    @GET
    public TemplateInstance page(@QueryParam("entry") String entry) {
        Viewer viewer = Viewer.of(user);
        Page<SystemConfigResponse> settings = systemConfig.list(null, PageRequest.of(0, PageRequest.MAX_SIZE));
        return Templates.configuration(viewer, "configuration", settings.items().stream().map(Row::of).toList(),
                settings.total(), EntryHistory.of(history, entry));
    }

    /** Saves a system setting's new value; its type decides how the form sent it (a checkbox for a boolean). */
    @POST
    @Path("system")
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance save(@FormParam("config_key") String key, @FormParam("config_type") String type,
            @FormParam("value") String value, @FormParam("flag") String flag, @FormParam("tag") String tag,
            @FormParam("is_encrypted") String encrypted, @FormParam("description") String description,
            @FormParam("category") String category) {
        ValueType valueType = typeOf(type);
        String sent = valueType == ValueType.BOOLEAN ? Boolean.toString(flag != null) : value;
        SystemConfig saved = systemConfig.replace(required(key, "config_key"), new SystemConfigUpdate(sent,
                valueType, blankToNull(description), "true".equals(encrypted), blankToNull(category)), ifMatch(tag));
        return row(saved, null);
    }

    /** Adds a system setting. */
    @POST
    @Path("system/new")
    @RolesAllowed(Roles.ADMIN)
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
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance reveal(@FormParam("config_key") String key) {
        var revealed = systemConfig.reveal(required(key, "config_key"));
        return row(revealed.entry(), revealed.plaintext());
    }

    /**
     * Rolls an entry back to one of its versions, then shows its history on the list it came from
     * ({@code back} names an {@link EntryKind}; empty for the system settings).
     */
    @POST
    @Path("rollback")
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response rollback(@FormParam("entry_key") String entry, @FormParam("version") Integer version,
            @FormParam("tag") String tag, @FormParam("back") String back, @HeaderParam("HX-Request") String htmx) {
        if (version == null) {
            throw ProblemException.invalid("version", "is required");
        }
        String page = back == null || back.isBlank() ? "/configuration" : EntryKind.of(back).page();
        rollback.rollback(ConfigParams.entryKey("entry_key", entry), version, ifMatch(tag));
        String location = page + "?entry=" + Pages.encode(entry) + "#history";
        return htmx != null ? Response.noContent().header("HX-Redirect", location).build()
                : Response.seeOther(URI.create(location)).build();
    }

    private TemplateInstance row(SystemConfig setting, String revealed) {
        return Templates.row(Viewer.of(user), new Row(SystemConfigResponse.from(setting), ETags.of(setting.updatedAt).getValue(), revealed));
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
