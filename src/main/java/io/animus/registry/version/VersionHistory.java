package io.animus.registry.version;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import io.animus.registry.plugin.Plugin;
import io.animus.registry.tool.Tool;
import io.animus.registry.web.Page;
import io.animus.registry.web.PageRequest;
import io.animus.registry.web.ProblemException;

/**
 * The version lists of tools and plugins, in {@link VersionOrder}: the keys of all of a tool's rows
 * are read and ordered, and only the rows of the page asked for are loaded with their bodies.
 */
@ApplicationScoped
public class VersionHistory {

    @Inject
    EntityManager em;

    public Page<ToolVersionResponse> of(Tool tool, PageRequest page) {
        Slice slice = slice("ToolVersion", "toolId", tool.id, page);
        Map<Long, ToolVersion> rows = slice.ids().isEmpty() ? Map.of()
                : ToolVersion.<ToolVersion> list("id in ?1", slice.ids()).stream().collect(Collectors.toMap(row -> row.id, Function.identity()));
        return new Page<>(slice.ids().stream().map(id -> ToolVersionResponse.from(rows.get(id), tool)).toList(), page.page(), page.size(),
                slice.total());
    }

    public Page<PluginVersionResponse> of(Plugin plugin, PageRequest page) {
        Slice slice = slice("PluginVersion", "pluginId", plugin.id, page);
        Map<Long, PluginVersion> rows = slice.ids().isEmpty() ? Map.of()
                : PluginVersion.<PluginVersion> list("id in ?1", slice.ids()).stream().collect(Collectors.toMap(row -> row.id, Function.identity()));
        return new Page<>(slice.ids().stream().map(id -> PluginVersionResponse.from(rows.get(id), plugin)).toList(), page.page(),
                page.size(), slice.total());
    }

    public ToolVersionResponse one(Tool tool, long id) {
        return ToolVersion.<ToolVersion> find("id = ?1 and toolId = ?2", id, tool.id).firstResultOptional()
                .map(row -> ToolVersionResponse.from(row, tool))
                .orElseThrow(() -> ProblemException.notFound("Tool " + tool.id + " has no version " + id));
    }

    public PluginVersionResponse one(Plugin plugin, long id) {
        return PluginVersion.<PluginVersion> find("id = ?1 and pluginId = ?2", id, plugin.id).firstResultOptional()
                .map(row -> PluginVersionResponse.from(row, plugin))
                .orElseThrow(() -> ProblemException.notFound("Plugin " + plugin.id + " has no version " + id));
    }

    /** Whether a row of {@code version} and {@code hash} is the definition its owner has now. */
    static boolean isCurrent(String version, String hash, String currentVersion, String currentHash) {
        return hash.equals(currentHash) && Objects.equals(version, currentVersion);
    }

    /** The ids of one page of an owner's rows, in order, and how many rows it has in all. */
    private record Slice(List<Long> ids, long total) {
    }

    /** The ids of the rows of one owner on the page asked for, in {@link VersionOrder#NEWEST_FIRST}. */
    private Slice slice(String entity, String owner, int ownerId, PageRequest page) {
        List<VersionOrder.Key> keys = new ArrayList<>();
        for (Object[] row : em.createQuery("select v.id, v.version, v.recordedAt from " + entity + " v where v." + owner + " = :owner",
                Object[].class).setParameter("owner", ownerId).getResultList()) {
            keys.add(new VersionOrder.Key((Long) row[0], (String) row[1], (Instant) row[2]));
        }
        keys.sort(VersionOrder.NEWEST_FIRST);
        long from = (long) page.page() * page.size();
        if (from >= keys.size()) {
            return new Slice(List.of(), keys.size());
        }
        return new Slice(keys.subList((int) from, (int) Math.min(keys.size(), from + page.size())).stream().map(VersionOrder.Key::id)
                .toList(), keys.size());
    }
}
