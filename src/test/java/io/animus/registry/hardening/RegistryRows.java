package io.animus.registry.hardening;

import static io.restassured.RestAssured.given;

import java.util.Map;
import java.util.UUID;

import io.restassured.http.ContentType;

/**
 * One entry of every kind, created through the API as an admin, so that the hardening suites can
 * address real rows: two agents, a global tool with a plugin, an agent-scoped tool with an instance
 * of the first agent, a configuration, a system setting, an environment variable, an agent setting,
 * a viewer, a service key for the operations on keys to revoke and rotate, and a module key bound to
 * the second agent (which no operation deletes: deleting its scope would revoke the key).
 */
record RegistryRows(int agent, String agentLettaUid, int otherAgent, String otherAgentLettaUid,
        int globalTool, String globalToolName, int plugin, String pluginName,
        int agentTool, int instance, int configuration, String configurationKey,
        String systemKey, int envVar, String envVarName, int agentConfig, String agentConfigKey,
        int viewer, String viewerName, int serviceKey, String moduleKey) {

    static RegistryRows create(String adminToken) {
        String u = UUID.randomUUID().toString().substring(0, 8);
        String lettaUid = "hardening-agent-" + u;
        String otherLettaUid = "hardening-other-" + u;
        int agent = post(adminToken, "/api/v1/agents", Map.of("letta_uid", lettaUid, "name", "Hardening " + u));
        int otherAgent = post(adminToken, "/api/v1/agents", Map.of("letta_uid", otherLettaUid));
        String toolName = "hardening-tool-" + u;
        int globalTool = post(adminToken, "/api/v1/tools", Map.of("name", toolName));
        String pluginName = "hardening-plugin-" + u;
        int plugin = post(adminToken, "/api/v1/tools/" + globalTool + "/plugins", Map.of("name", pluginName));
        int agentTool = post(adminToken, "/api/v1/tools", Map.of("name", "hardening-module-" + u, "module_scope", "agent"));
        int instance = post(adminToken, "/api/v1/tools/" + agentTool + "/instances", Map.of("agent_id", agent));
        String configurationKey = "hardening.setting." + u;
        int configuration = post(adminToken, "/api/v1/configurations",
                Map.of("key", configurationKey, "scope", "system", "value", "plain"));
        String systemKey = "hardening.system." + u;
        post(adminToken, "/api/v1/system-config", Map.of("config_key", systemKey, "config_value", "plain"));
        String envVarName = "HARDENING_" + u.toUpperCase().replace('-', '_');
        int envVar = post(adminToken, "/api/v1/env-vars", Map.of("var_name", envVarName, "var_value", "plain"));
        String agentConfigKey = "hardening.agent." + u;
        int agentConfig = post(adminToken, "/api/v1/agent-configs",
                Map.of("agent_id", agent, "config_key", agentConfigKey, "config_value", "plain"));
        String viewerName = "hardening-viewer-" + u;
        int viewer = post(adminToken, "/api/v1/users", Map.of("username", viewerName, "email", viewerName + "@example.org",
                "password", "Quartz-Meadow-Lantern-58", "role", "viewer"));
        int serviceKey = post(adminToken, "/api/v1/service-keys", Map.of("name", "hardening-broca-" + u));
        String moduleKey = given().auth().oauth2(adminToken).contentType(ContentType.JSON)
                .body(Map.of("name", "hardening-module-" + u, "role", "module", "agent_id", otherAgent))
                .post("/api/v1/service-keys").then().statusCode(201).extract().path("key");
        return new RegistryRows(agent, lettaUid, otherAgent, otherLettaUid, globalTool, toolName, plugin, pluginName,
                agentTool, instance, configuration, configurationKey, systemKey, envVar, envVarName, agentConfig,
                agentConfigKey, viewer, viewerName, serviceKey, moduleKey);
    }

    /**
     * The value of path parameter {@code name} in {@code template} that names one of these rows. A
     * template that names nothing known (an endpoint added later) gets {@code 1}.
     */
    String pathValue(String template, String name) {
        if (name.equals("toolId")) {
            return String.valueOf(template.contains("/instances") ? agentTool : globalTool);
        }
        if (name.equals("config_key")) {
            return systemKey;
        }
        if (name.equals("letta_uid")) {
            return agentLettaUid;
        }
        String collection = collectionOf(template, name);
        return String.valueOf(switch (collection) {
            case "agents" -> agent;
            case "tools" -> globalTool;
            case "plugins" -> plugin;
            case "tool-instances", "instances" -> instance;
            case "configurations" -> configuration;
            case "env-vars" -> envVar;
            case "agent-configs" -> agentConfig;
            case "users" -> viewer;
            case "service-keys" -> serviceKey;
            default -> 1;
        });
    }

    /** The path segment before {@code {name}}: the collection the parameter points into. */
    private static String collectionOf(String template, String name) {
        String[] segments = template.split("/");
        for (int i = 1; i < segments.length; i++) {
            if (segments[i].equals("{" + name + "}")) {
                return segments[i - 1];
            }
        }
        return "";
    }

    private static int post(String token, String path, Map<String, Object> body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post(path)
                .then().statusCode(201).extract().path("id");
    }
}
