package io.animus.registry.agent;

import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.databind.JsonNode;

import io.animus.registry.agent.Status;
import io.animus.registry.identity.Role;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The body that creates an agent or replaces its fields. Absent optional fields take their defaults. */
@RegisterForReflection
public record AgentRequest(
        @NotBlank @Size(max = 100) String lettaUid,
        @Size(min = 1, max = 100) String name,
        @Size(max = 10_000) String description,
        Status status,
        JsonNode config,
        Boolean isActive,
        @Size(max = 1000) List<@NotNull @Positive Integer> visibleToUsers,
        @Size(max = 3) List<@NotNull Role> visibleToRoles) {

    void applyTo(Agent agent) {
        agent.lettaUid = lettaUid.strip();
        agent.name = name == null ? null : name.strip();
        agent.description = description;
        agent.status = status == null ? Status.READY : status;
        agent.config = config;
        agent.active = isActive == null || isActive;
        agent.visibleToUsers = visibleToUsers == null ? null : visibleToUsers.stream().distinct().toList();
        agent.visibleToRoles = visibleToRoles == null ? null : visibleToRoles.stream().map(Role::label).distinct().toList();
    }
}
