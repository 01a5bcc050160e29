package io.animus.registry.config.layer;

import io.animus.registry.config.ConfigReadAccess;
import io.animus.registry.config.ValueTypes;
import io.animus.registry.config.secret.RevealPurpose;
import io.animus.registry.config.secret.SecretValues;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.animus.registry.config.layer.ConfigurationLayers.Resolved;
import io.animus.registry.crypto.Secrets;
import io.animus.registry.web.ProblemException;
import io.quarkus.security.ForbiddenException;

/**
 * The effective configuration of an agent, a tool and a tool instance: the layers read in one
 * statement ({@link LayerReader}) or from this replica's {@link LayerCache}, merged by
 * {@link ConfigurationLayers}; then, for each caller, the access check and the values shown: typed
 * values, secrets masked or, for an admin who asks, revealed and audited.
 */
@ApplicationScoped
public class EffectiveConfigurations {

    @Inject
    ConfigReadAccess access;

    @Inject
    SecretValues secrets;

    @Inject
    LayerReader reader;

    /** The settings as every reader who may see them, and not reveal, is shown them. */
    private static final StoredLayers.Memo.Key<List<EffectiveConfiguration.Setting>> MASKED = new StoredLayers.Memo.Key<>();

    @Inject
    LayerCache cache;

    public EffectiveConfiguration resolve(Integer agentId, Integer toolId, Integer toolInstanceId, boolean reveal) {
        if (reveal && !access.isAdmin()) {
            throw new ForbiddenException();
        }
        return shown(cache.get(new LayerScope(agentId, toolId, toolInstanceId), reader::read), reveal);
    }

    /** What the current user sees of layers already read (or cached); reads nothing unless {@code reveal} audits. */
    public EffectiveConfiguration shown(StoredLayers stored, boolean reveal) {
        StoredLayers layers = checked(stored, agent -> access.canSeeAgent(agent.visibleToUsers(), agent.visibleToRoles()));
        List<EffectiveConfiguration.Setting> settings = reveal ? settings(layers, true)
                : layers.memo().get(MASKED, () -> settings(layers, false));
        return new EffectiveConfiguration(layers.agentId(), layers.toolId(), layers.asked().toolInstanceId(), reveal, settings);
    }

    /** The layers of a scope when they are in this replica's cache; else null. */
    public StoredLayers cached(LayerScope scope) {
        return cache.peek(scope);
    }

    private List<EffectiveConfiguration.Setting> settings(StoredLayers layers, boolean reveal) {
        List<EffectiveConfiguration.Setting> settings = new ArrayList<>(layers.settings().size());
        for (Resolved resolved : layers.settings()) {
            settings.add(new EffectiveConfiguration.Setting(resolved.key(), shown(layers, resolved, reveal), resolved.type(),
                    resolved.encrypted(), resolved.origin().layer(), resolved.origin().source(), resolved.origin().sourceId(),
                    resolved.overrides()));
        }
        return List.copyOf(settings);
    }

    /**
     * The stored layers of a scope, once its tool instance, agent and tool are known to exist and to
     * fit together, and the agent to be one the caller may see (an agent it may not see is answered as
     * absent). Every reader of effective configurations comes through here.
     */
    public StoredLayers layers(LayerScope asked, Predicate<StoredLayers.Agent> canSee) {
        return checked(cache.get(asked, reader::read), canSee);
    }

    /** The layers as {@link #layers} answers them, from layers already read (or cached) for their scope. */
    public StoredLayers checked(StoredLayers layers, Predicate<StoredLayers.Agent> canSee) {
        LayerScope asked = layers.asked();
        if (asked.toolInstanceId() != null) {
            StoredLayers.Instance instance = layers.instance();
            if (instance == null) {
                throw ProblemException.notFound("No tool instance has the id " + asked.toolInstanceId());
            }
            checkTool(instance, asked.toolId());
            checkAgent(instance, asked.agentId());
        }
        Integer agentId = asked.toolInstanceId() == null ? asked.agentId() : layers.instance().agentId();
        if (agentId != null && (layers.agent() == null || !canSee.test(layers.agent()))) {
            throw ProblemException.notFound("No agent has the id " + agentId);
        }
        Integer toolId = asked.toolInstanceId() == null ? asked.toolId() : Integer.valueOf(layers.instance().toolId());
        if (toolId != null && layers.toolId() == null) {
            throw ProblemException.notFound("No tool has the id " + toolId);
        }
        return layers;
    }

    private static void checkTool(StoredLayers.Instance instance, Integer toolId) {
        if (toolId != null && toolId != instance.toolId()) {
            throw ProblemException.invalid("tool_id", "tool instance " + instance.id() + " is an instance of tool "
                    + instance.toolId() + ", not of tool " + toolId);
        }
    }

    private static void checkAgent(StoredLayers.Instance instance, Integer agentId) {
        Integer own = instance.agentId();
        if (agentId != null && !agentId.equals(own)) {
            throw ProblemException.invalid("agent_id", own == null
                    ? "tool instance " + instance.id() + " is the master instance of its tool and belongs to no agent"
                    : "tool instance " + instance.id() + " belongs to agent " + own + ", not to agent " + agentId);
        }
    }

    private JsonNode shown(StoredLayers layers, Resolved resolved, boolean reveal) {
        if (!resolved.encrypted() || resolved.value() == null) {
            return ValueTypes.toJson(resolved.type(), resolved.value());
        }
        if (!reveal) {
            return JsonNodeFactory.instance.textNode(Secrets.MASK);
        }
        return ValueTypes.toJson(resolved.type(),
                secrets.reveal(layers.entryKey(resolved), resolved.value(), true, RevealPurpose.EFFECTIVE));
    }
}
