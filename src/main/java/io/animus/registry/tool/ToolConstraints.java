package io.animus.registry.tool;

import java.util.Map;

import jakarta.inject.Singleton;

import io.animus.registry.web.KnownConstraints;

/** What breaking a constraint of the tools and tool instances tables means to the caller. */
@Singleton
class ToolConstraints implements KnownConstraints {

    @Override
    public Map<String, String> meanings() {
        return Map.of(
                "uq_tools_name", "a tool with this name already exists",
                "uq_tool_instances_agent_scoped", "this agent already has an instance of this agent-scoped tool",
                "ck_tool_instances_agent_required", "an instance of an agent-scoped tool needs an agent_id");
    }
}
