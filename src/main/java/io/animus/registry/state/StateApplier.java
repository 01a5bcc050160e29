package io.animus.registry.state;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import com.fasterxml.jackson.databind.JsonNode;

import io.animus.registry.agent.Agent;
import io.animus.registry.agent.AgentRequest;
import io.animus.registry.agent.AgentService;
import io.animus.registry.agent.Status;
import io.animus.registry.config.Scope;
import io.animus.registry.config.ValueType;
import io.animus.registry.config.agent.AgentConfig;
import io.animus.registry.config.agent.AgentConfigRequest;
import io.animus.registry.config.agent.AgentConfigStore;
import io.animus.registry.config.envvar.EnvVar;
import io.animus.registry.config.envvar.EnvVarRequest;
import io.animus.registry.config.envvar.EnvVarStore;
import io.animus.registry.config.scoped.Configuration;
import io.animus.registry.config.scoped.ConfigurationRequest;
import io.animus.registry.config.scoped.ConfigurationStore;
import io.animus.registry.config.system.SystemConfigRequest;
import io.animus.registry.config.system.SystemConfigStore;
import io.animus.registry.crypto.Secrets;
import io.animus.registry.identity.Role;
import io.animus.registry.identity.user.User;
import io.animus.registry.identity.user.UserService;
import io.animus.registry.plugin.Plugin;
import io.animus.registry.plugin.PluginRequest;
import io.animus.registry.plugin.PluginService;
import io.animus.registry.plugin.PluginStatus;
import io.animus.registry.state.StatePlan.Action;
import io.animus.registry.state.StatePlanner.Planned;
import io.animus.registry.tool.ModuleScope;
import io.animus.registry.tool.Tool;
import io.animus.registry.tool.ToolInstance;
import io.animus.registry.tool.ToolInstanceRequest;
import io.animus.registry.tool.ToolInstanceService;
import io.animus.registry.tool.ToolRequest;
import io.animus.registry.tool.ToolService;
import io.animus.registry.web.Problem;
import io.animus.registry.web.ProblemException;

/**
 * Carries out a plan in the caller's transaction, every write through the service the API's own endpoint
 * calls (so the same rules, history, audit and change feed): creates and updates in the order of
 * {@link Kind} (a plugin after the plugins it needs), then deletes in the reverse order. The first entry
 * refused ends the apply with its problem, named after the entry, and the caller's transaction is rolled back.
 */
@ApplicationScoped
public class StateApplier {

    @Inject
    UserService users;

    @Inject
    AgentService agents;

    @Inject
    ToolService tools;

    @Inject
    PluginService plugins;

    @Inject
    ToolInstanceService instances;

    @Inject
    ConfigurationStore configurations;

    @Inject
    AgentConfigStore agentSettings;

    @Inject
    SystemConfigStore systemSettings;

    @Inject
    EnvVarStore envVars;

    @Inject
    Validator validator;

    @Inject
    EntityManager em;

    /** Entries written between two clears of the persistence context (see {@link #written}). */
    static final int CLEAR_EVERY = 50;

    private int sinceClear;

    public void apply(List<Planned> changes) {
        List<Planned> writes = new ArrayList<>(changes.stream().filter(change -> change.change().action() != Action.DELETE).toList());
        writes.sort(Comparator.comparing((Planned change) -> change.change().kind()).thenComparing(StateApplier::rank));
        sinceClear = 0;
        for (Planned change : pluginsFirstNeeded(writes)) {
            named(change, () -> write(change));
            written();
        }
        List<Planned> deletes = new ArrayList<>(changes.stream().filter(change -> change.change().action() == Action.DELETE).toList());
        deletes.sort(Comparator.comparing((Planned change) -> change.change().kind()).thenComparing(StateApplier::rank).reversed());
        for (Planned change : deletes) {
            named(change, () -> delete(change.current()));
            written();
        }
    }

    /**
     * Every {@value #CLEAR_EVERY} entries, flushes and clears the persistence context: each write flushes,
     * and a flush checks every entity the context holds, so that thousands of entries in one transaction
     * would cost the square of their number. Nothing here keeps an entity from one entry to the next.
     */
    private void written() {
        if (++sinceClear >= CLEAR_EVERY) {
            em.flush();
            em.clear();
            sinceClear = 0;
        }
    }

    /** A tool instance's rank among its namesakes (they are written in rank order, deleted in reverse); 1 for other entries. */
    private static int rank(Planned change) {
        return change.change().kind() == Kind.TOOL_INSTANCE ? StateKeys.occurrence(change.change().key()) : 1;
    }

    private void write(Planned change) {
        StateItem item = change.desired();
        boolean create = change.change().action() == Action.CREATE;
        switch (item.kind()) {
            case USER -> {
                Role role = Role.of(item.text("role"));
                boolean active = item.fields().get("is_active").asBoolean();
                if (create) {
                    users.createDeclared(item.text("username"), item.text("email"), role, active, null);
                } else {
                    users.changeDeclared(User.findByUsername(item.key()).orElseThrow(), item.text("email"), role, active);
                }
            }
            case AGENT -> {
                AgentRequest request = valid(new AgentRequest(item.text("letta_uid"), item.text("name"), item.text("description"),
                        Status.of(item.text("status")), json(item, "config"), item.fields().get("is_active").asBoolean(),
                        userIds(item.fields().get("visible_to_users")), roles(item.fields().get("visible_to_roles"))));
                if (create) {
                    agents.create(request);
                } else {
                    agents.update(agent(item.key()).id, request, null);
                }
            }
            case TOOL -> {
                ToolRequest request = valid(new ToolRequest(item.text("name"), item.text("description"), item.text("emoji"),
                        item.text("category"), item.text("version"), Status.of(item.text("status")), ModuleScope.of(item.text("module_scope")),
                        json(item, "config_schema"), item.fields().get("is_enabled").asBoolean()));
                if (create) {
                    tools.create(request);
                } else {
                    tools.update(tool(item.key()).id, request, null);
                }
            }
            case PLUGIN -> {
                Tool tool = tool(item.text("tool"));
                List<String> dependencies = new ArrayList<>();
                item.fields().get("dependencies").forEach(name -> dependencies.add(name.asText()));
                PluginRequest request = valid(new PluginRequest(item.text("name"), item.text("version"), PluginStatus.of(item.text("status")),
                        json(item, "config"), dependencies, item.fields().get("is_enabled").asBoolean()));
                if (create) {
                    plugins.create(tool.id, request);
                } else {
                    plugins.update(tool.id, plugin(tool, item.text("name")).orElseThrow().id, request, null);
                }
            }
            case TOOL_INSTANCE -> {
                Tool tool = tool(item.text("tool"));
                Integer agentId = item.text("agent") == null ? null : agent(item.text("agent")).id;
                Optional<ToolInstance> existing = create ? Optional.empty()
                        : instance(tool, agentId, item.text("name"), StateKeys.occurrence(item.key()));
                ToolInstanceRequest request = valid(new ToolInstanceRequest(agentId, item.text("name"), json(item, "config"),
                        Status.of(item.text("status")), existing.map(i -> i.lastRun).orElse(null), existing.map(i -> i.nextRun).orElse(null),
                        item.fields().get("is_active").asBoolean()));
                if (create) {
                    instances.create(tool.id, request);
                } else {
                    instances.update(existing.orElseThrow().id, request, null);
                }
            }
            case CONFIGURATION -> {
                Scope scope = Scope.of(item.text("scope"));
                Value value = value(item);
                ConfigurationRequest request = new ConfigurationRequest(item.text("key"), value.text(), ValueType.of(item.text("type")),
                        scope, ownerId(scope, item.text("owner")), item.text("description"), value.encrypted());
                if (create) {
                    configurations.create(request);
                } else {
                    configurations.replace(configuration(scope, request.scopeId(), request.key()).id, request, null);
                }
            }
            case AGENT_SETTING -> {
                Value value = value(item);
                int agentId = agent(item.text("agent")).id;
                AgentConfigRequest request = new AgentConfigRequest(agentId, item.text("key"), value.text(), ValueType.of(item.text("type")),
                        value.encrypted());
                if (create) {
                    agentSettings.create(request);
                } else {
                    agentSettings.replace(agentSetting(agentId, item.text("key")).id, request, null);
                }
            }
            case SYSTEM_SETTING -> {
                Value value = value(item);
                SystemConfigRequest request = new SystemConfigRequest(item.text("key"), value.text(), ValueType.of(item.text("type")),
                        item.text("description"), value.encrypted(), item.text("category"));
                if (create) {
                    systemSettings.create(request);
                } else {
                    systemSettings.replace(item.text("key"), request, null);
                }
            }
            case ENV_VAR -> {
                Value value = value(item);
                EnvVarRequest request = new EnvVarRequest(item.text("name"), value.text(), item.text("description"), value.encrypted());
                if (create) {
                    envVars.create(request);
                } else {
                    envVars.replace(EnvVar.findByName(item.text("name")).orElseThrow().id, request, null);
                }
            }
        }
    }

    /** Deletes the entry, with what depends on it; an entry already gone with its owner is left. */
    private void delete(StateItem item) {
        switch (item.kind()) {
            case AGENT -> Agent.findByLettaUid(item.key()).ifPresent(agent -> agents.delete(agent.id, true, null));
            case TOOL -> Tool.findByName(item.key()).ifPresent(tool -> tools.delete(tool.id, true, null));
            case PLUGIN -> Tool.findByName(item.text("tool")).flatMap(tool -> plugin(tool, item.text("name")))
                    .ifPresent(plugin -> plugins.delete(plugin.tool.id, plugin.id, true, null));
            case TOOL_INSTANCE -> Tool.findByName(item.text("tool")).flatMap(tool -> instance(tool,
                    item.text("agent") == null ? null : Agent.findByLettaUid(item.text("agent")).map(agent -> agent.id).orElse(-1),
                    item.text("name"), StateKeys.occurrence(item.key()))).ifPresent(instance -> instances.delete(instance.id, null));
            case CONFIGURATION -> {
                Scope scope = Scope.of(item.text("scope"));
                Configuration entry = configuration(scope, item.entryKey().ownerId(), item.text("key"));
                if (entry != null) {
                    configurations.delete(entry.id, null);
                }
            }
            case AGENT_SETTING -> {
                AgentConfig entry = agentSetting(item.entryKey().ownerId(), item.text("key"));
                if (entry != null) {
                    agentSettings.delete(entry.id, null);
                }
            }
            case SYSTEM_SETTING -> systemSettings.delete(item.key(), null);
            case ENV_VAR -> EnvVar.findByName(item.key()).ifPresent(entry -> envVars.delete(entry.id, null));
            case USER -> throw new IllegalStateException("users are never deleted by a plan");
        }
    }

    /** Runs one entry's write; a refusal names the entry, keeping its status and field errors. */
    private static void named(Planned change, Runnable write) {
        try {
            write.run();
        } catch (ProblemException e) {
            String entry = change.change().kind().label() + " " + change.change().key();
            throw new ProblemException(e.status(), "The state was not applied, nothing was written: " + entry + ": " + e.getMessage(),
                    e.errors());
        }
    }

    /** The writes with each tool's plugins ordered so that a plugin comes after those it depends on. */
    private static List<Planned> pluginsFirstNeeded(List<Planned> writes) {
        Map<String, Planned> pluginsByKey = new LinkedHashMap<>();
        writes.stream().filter(change -> change.change().kind() == Kind.PLUGIN).forEach(change -> pluginsByKey.put(change.change().key(), change));
        if (pluginsByKey.isEmpty()) {
            return writes;
        }
        List<Planned> ordered = new ArrayList<>();
        Set<String> placed = new HashSet<>();
        for (Planned change : writes) {
            if (change.change().kind() != Kind.PLUGIN) {
                ordered.add(change);
            } else {
                place(change, pluginsByKey, placed, ordered, new HashSet<>());
            }
        }
        return ordered;
    }

    private static void place(Planned change, Map<String, Planned> pluginsByKey, Set<String> placed, List<Planned> ordered, Set<String> visiting) {
        String key = change.change().key();
        if (placed.contains(key) || !visiting.add(key)) {
            return; // a cycle is left to the plugin rules, which refuse it by name
        }
        String tool = change.desired().text("tool");
        for (JsonNode dependency : change.desired().fields().get("dependencies")) {
            Planned needed = pluginsByKey.get(StateKeys.plugin(tool, dependency.asText()));
            if (needed != null) {
                place(needed, pluginsByKey, placed, ordered, visiting);
            }
        }
        if (placed.add(key)) {
            ordered.add(change);
        }
    }

    /** A request checked by its Bean Validation constraints, as the API's resources check it; 422 otherwise. */
    private <T> T valid(T request) {
        Set<ConstraintViolation<T>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            List<Problem.FieldError> errors = violations.stream()
                    .map(violation -> new Problem.FieldError(violation.getPropertyPath().toString(), violation.getMessage())).toList();
            throw ProblemException.invalid(errors.get(0).field() + " " + errors.get(0).message(), errors);
        }
        return request;
    }

    /** A setting's value as a write request carries it: text, a new secret's plaintext, or the mask that keeps the stored secret. */
    private record Value(String text, boolean encrypted) {
    }

    private static Value value(StateItem item) {
        JsonNode value = item.fields().get("value");
        if (SecretValue.isKeep(value)) {
            return new Value(Secrets.MASK, true);
        }
        if (SecretValue.isSecret(value)) {
            return new Value(SecretValue.plaintext("value", value), true);
        }
        return new Value(value == null || value.isNull() ? null : value.asText(), false);
    }

    private static JsonNode json(StateItem item, String field) {
        JsonNode node = item.fields().get(field);
        return node == null || node.isNull() ? null : node;
    }

    private static List<Integer> userIds(JsonNode names) {
        if (names == null || names.isNull()) {
            return null;
        }
        List<Integer> ids = new ArrayList<>();
        names.forEach(name -> ids.add(User.findByUsername(name.asText())
                .orElseThrow(() -> ProblemException.invalid("visible_to_users", "no user is named '" + name.asText() + "'")).id));
        return ids;
    }

    private static List<Role> roles(JsonNode labels) {
        if (labels == null || labels.isNull()) {
            return null;
        }
        List<Role> roles = new ArrayList<>();
        labels.forEach(label -> roles.add(Role.of(label.asText())));
        return roles;
    }

    private static Agent agent(String lettaUid) {
        return Agent.findByLettaUid(lettaUid).orElseThrow(() -> ProblemException.invalid("agent", "no agent has the letta_uid '" + lettaUid + "'"));
    }

    private static Tool tool(String name) {
        return Tool.findByName(name).orElseThrow(() -> ProblemException.invalid("tool", "no tool is named '" + name + "'"));
    }

    private static Optional<Plugin> plugin(Tool tool, String name) {
        return Plugin.<Plugin> find("tool = ?1 and name = ?2", tool, name).firstResultOptional();
    }

    /** The {@code occurrence}-th instance (by id) of the tool with this agent and name. */
    private static Optional<ToolInstance> instance(Tool tool, Integer agentId, String name, int occurrence) {
        String agentClause = agentId == null ? "agent is null" : "agent.id = :agent";
        String nameClause = name == null ? "name is null" : "name = :name";
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("tool", tool.id);
        if (agentId != null) {
            parameters.put("agent", agentId);
        }
        if (name != null) {
            parameters.put("name", name);
        }
        return ToolInstance.<ToolInstance> find("tool.id = :tool and " + agentClause + " and " + nameClause + " order by id", parameters)
                .range(occurrence - 1, occurrence - 1).firstResultOptional();
    }

    private static Integer ownerId(Scope scope, String owner) {
        return switch (scope) {
            case SYSTEM -> null;
            case AGENT -> agent(owner).id;
            case TOOL -> tool(owner).id;
            case USER -> User.findByUsername(owner).orElseThrow(() -> ProblemException.invalid("owner", "no user is named '" + owner + "'")).id;
        };
    }

    private static Configuration configuration(Scope scope, Integer scopeId, String key) {
        return (scopeId == null ? Configuration.<Configuration> find("scope = ?1 and scopeId is null and key = ?2", scope, key)
                : Configuration.<Configuration> find("scope = ?1 and scopeId = ?2 and key = ?3", scope, scopeId, key)).firstResult();
    }

    private static AgentConfig agentSetting(int agentId, String key) {
        return AgentConfig.<AgentConfig> find("agent.id = ?1 and configKey = ?2", agentId, key).firstResult();
    }
}
