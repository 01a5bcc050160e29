package io.animus.registry.delivery;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.animus.registry.config.layer.ConfigurationLayers.Resolved;
import io.animus.registry.config.envvar.Dotenv;
import io.animus.registry.config.layer.EffectiveConfigurations;
import io.animus.registry.config.layer.LayerCache;
import io.animus.registry.config.secret.SecretPlaintexts;
import io.animus.registry.config.layer.StoredLayers;
import io.animus.registry.config.ValueTypes;
import io.animus.registry.web.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * A module key's own effective configuration, through the same resolution as
 * {@code /configurations/effective} ({@link EffectiveConfigurations}), with its secrets decrypted
 * for the key: as JSON, or as dotenv lines a shell reads back exactly. Its version is the version of
 * the stored layers, so it is also the entity tag.
 */
@ApplicationScoped
public class ConfigurationDelivery {

    /** The media type of the dotenv form. */
    public static final MediaType DOTENV = MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8");

    /** The bodies built once per read of the layers, for every module key bound to them. */
    private static final StoredLayers.Memo.Key<String> DOTENV_BODY = new StoredLayers.Memo.Key<>();
    private static final StoredLayers.Memo.Key<byte[]> JSON_BODY = new StoredLayers.Memo.Key<>();

    @Inject
    EffectiveConfigurations effective;

    @Inject
    LayerCache cache;

    @Inject
    SecretPlaintexts plaintexts;

    @Inject
    DeliveryAudit audit;

    @Inject
    ObjectMapper json;

    /** The layers of the key's scope when this replica holds them, without a database read; else null. */
    StoredLayers cached(ModuleBinding binding) {
        StoredLayers layers = cache.peek(binding.scope());
        return layers == null ? null : checked(layers);
    }

    /** The layers of the key's scope, read when they are not cached. Blocking. */
    StoredLayers current(ModuleBinding binding) {
        return checked(QuarkusTransaction.joiningExisting().call(() -> effective.layers(binding.scope(), agent -> true)));
    }

    /** A scope that no longer exists leaves its key with nothing to read: the key no longer authenticates anything. */
    private StoredLayers checked(StoredLayers layers) {
        try {
            return effective.checked(layers, agent -> true);
        } catch (ProblemException e) {
            if (e.status() == 404) {
                throw new ProblemException(401, "The scope of this module key no longer exists: " + e.getMessage());
            }
            throw e;
        }
    }

    /** The 304 answer for a version the client holds. */
    static Response notModified(String version) {
        return Response.notModified(new EntityTag(version)).build();
    }

    /**
     * The full answer, auditing each secret version delivered to this key for the first time (blocking
     * then; otherwise it reads nothing). The body is built once per version and format.
     */
    Response render(ModuleBinding binding, StoredLayers layers, boolean dotenv) {
        Object body = dotenv ? layers.memo().get(DOTENV_BODY, () -> dotenv(layers, plaintexts(layers)))
                : layers.memo().get(JSON_BODY, () -> json(layers));
        for (Resolved resolved : layers.settings()) {
            if (resolved.encrypted() && resolved.value() != null) {
                audit.delivered(binding.keyId(), layers.entryKey(resolved), resolved.value());
            }
        }
        return Response.ok(body).tag(new EntityTag(layers.version())).type(dotenv ? DOTENV : MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** The values as delivered: stored text, secrets decrypted (each stored version once per replica). */
    private Map<String, String> plaintexts(StoredLayers layers) {
        Map<String, String> texts = new LinkedHashMap<>();
        for (Resolved resolved : layers.settings()) {
            String value = resolved.value();
            texts.put(resolved.key(), resolved.encrypted() && value != null ? plaintexts.open(layers.entryKey(resolved), value) : value);
        }
        return texts;
    }

    private byte[] json(StoredLayers layers) {
        Map<String, String> texts = plaintexts(layers);
        Map<String, JsonNode> settings = new LinkedHashMap<>();
        Map<String, DeliveredConfiguration.Source> sources = new LinkedHashMap<>();
        for (Resolved resolved : layers.settings()) {
            settings.put(resolved.key(), ValueTypes.toJson(resolved.type(), texts.get(resolved.key())));
            sources.put(resolved.key(), new DeliveredConfiguration.Source(resolved.origin().layer(), resolved.origin().source(),
                    resolved.origin().sourceId()));
        }
        DeliveredConfiguration.Scope scope = new DeliveredConfiguration.Scope(layers.agentId(), layers.toolId(),
                layers.instance() == null ? null : layers.instance().id());
        try {
            return json.writeValueAsBytes(new DeliveredConfiguration(scope, layers.version(), settings, sources));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a delivered configuration is always serializable", e);
        }
    }

    /**
     * Dotenv lines, in key order, named by {@link Dotenv#name}. When two keys give one name, the first
     * in key order keeps it and the other is left out with a comment that says so.
     */
    static String dotenv(StoredLayers layers, Map<String, String> values) {
        StringBuilder file = new StringBuilder()
                .append("# Animus registry configuration, version ").append(layers.version()).append('\n')
                .append("# POSIX shell syntax: load with  set -a; . ./this-file; set +a\n");
        Map<String, String> taken = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : values.entrySet()) {
            String name = Dotenv.name(entry.getKey());
            String first = taken.putIfAbsent(name, entry.getKey());
            if (first != null) {
                file.append("# ").append(Dotenv.name(entry.getKey())).append(" of key ").append(safeComment(entry.getKey()))
                        .append(" is left out: the key ").append(safeComment(first)).append(" has that name\n");
                continue;
            }
            file.append(name).append('=').append(Dotenv.quote(entry.getValue())).append('\n');
        }
        return file.toString();
    }

    private static String safeComment(String key) {
        return key.replaceAll("[\\r\\n]", "?");
    }
}
