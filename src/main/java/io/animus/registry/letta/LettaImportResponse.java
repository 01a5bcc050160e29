package io.animus.registry.letta;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.animus.registry.agent.Agent;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The registry agents an import made, each with the Letta agent it links. */
@RegisterForReflection
@Schema(name = "LettaImport")
public record LettaImportResponse(int imported, List<Imported> agents) {

    @RegisterForReflection
    @Schema(name = "LettaImported")
    public record Imported(int agentId, String lettaId, String name) {
    }

    static LettaImportResponse of(List<Agent> agents) {
        return new LettaImportResponse(agents.size(), agents.stream().map(agent -> new Imported(agent.id, agent.lettaUid, agent.name)).toList());
    }
}
