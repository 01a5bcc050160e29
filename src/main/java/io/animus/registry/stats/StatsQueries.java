package io.animus.registry.stats;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;

import io.animus.registry.agent.AgentVisibility;
import io.animus.registry.identity.Role;
import io.animus.registry.web.Page;
import io.animus.registry.web.PageRequest;

/**
 * The statistics, computed by SQL from what the database records (chat sessions, messages, replies,
 * instances) and from the flushed usage counts ({@code usage_counts}), over a window of whole UTC days
 * that ends today. A caller who is not an admin counts only the agents they may see
 * ({@link AgentVisibility}); the registry-wide figures no agent carries (delivery reads, users,
 * webhooks) are an admin's only.
 */
@ApplicationScoped
public class StatsQueries {

    /** Who asks, and the window asked for. */
    public record Viewer(Integer userId, Role role, LocalDate from, LocalDate to) {

        boolean admin() {
            return role == Role.ADMIN;
        }

        /** The visibility rule over the agent {@code a}: anything for an admin, else a visible agent that exists. */
        String visible() {
            return admin() ? "TRUE" : "(a.id IS NOT NULL AND " + AgentVisibility.SQL + ")";
        }

        Instant since() {
            return from.atStartOfDay(ZoneOffset.UTC).toInstant();
        }

        /** The native query of {@code sql} with the parameters it names bound. */
        Query query(EntityManager entityManager, String sql) {
            Query query = entityManager.createNativeQuery(sql);
            if (sql.contains(":from")) {
                query.setParameter("from", Date.valueOf(from));
            }
            if (sql.contains(":since")) {
                query.setParameter("since", Timestamp.from(since()));
            }
            if (sql.contains(":viewer_id")) {
                query.setParameter("viewer_id", userId).setParameter("viewer_role", role.label());
            }
            return query;
        }
    }

    private static final String SESSIONS = "SELECT count(*) FROM web_chat_sessions s WHERE s.agent_id = a.id AND s.created_at >= :since";
    private static final String MESSAGES = "SELECT count(*) FROM web_chat_messages m JOIN web_chat_sessions s ON s.id = m.session_id"
            + " WHERE s.agent_id = a.id AND m.timestamp >= :since";
    private static final String RESPONSES = "SELECT count(*) FROM web_chat_responses r JOIN web_chat_sessions s ON s.id = r.session_id"
            + " WHERE s.agent_id = a.id AND r.timestamp >= :since";
    private static final String AGENT_READS = "SELECT coalesce(sum(u.count), 0) FROM usage_counts u WHERE u.subject = 'agent'"
            + " AND u.subject_id = a.id AND u.metric = 'delivery_reads' AND u.day >= CAST(:from AS date)";
    private static final String AGENT_LAST = "GREATEST((SELECT max(s.last_active) FROM web_chat_sessions s WHERE s.agent_id = a.id),"
            + " (SELECT max(u.last_at) FROM usage_counts u WHERE u.subject = 'agent' AND u.subject_id = a.id))";
    private static final String AGENTS = "SELECT a.id, a.letta_uid, a.name, (" + SESSIONS + "), (" + MESSAGES + "), (" + RESPONSES
            + "), (" + AGENT_READS + "), " + AGENT_LAST + " FROM agents a WHERE ";

    @Inject
    EntityManager entityManager;

    /** The registry as a whole, as the viewer may see it. */
    public RegistryStats registry(Viewer viewer) {
        String visible = viewer.visible();
        Object[] counts = (Object[]) viewer.query(entityManager, "SELECT"
                + " (SELECT count(*) FROM agents a WHERE " + visible + "),"
                + " (SELECT count(*) FROM agents a WHERE a.is_active AND " + visible + "),"
                + " (SELECT count(*) FROM tools),"
                + " (SELECT count(*) FROM tool_instances i LEFT JOIN agents a ON a.id = i.agent_id WHERE i.agent_id IS NULL OR "
                + visible + "),"
                + " (SELECT count(*) FROM plugins),"
                + " (SELECT count(*) FROM web_chat_sessions s LEFT JOIN agents a ON a.id = s.agent_id WHERE s.created_at >= :since AND "
                + visible + "),"
                + " (SELECT count(*) FROM web_chat_messages m JOIN web_chat_sessions s ON s.id = m.session_id"
                + " LEFT JOIN agents a ON a.id = s.agent_id WHERE m.timestamp >= :since AND " + visible + "),"
                + " (SELECT count(*) FROM web_chat_responses r JOIN web_chat_sessions s ON s.id = r.session_id"
                + " LEFT JOIN agents a ON a.id = s.agent_id WHERE r.timestamp >= :since AND " + visible + "),"
                + " (SELECT coalesce(sum(u.count), 0) FROM usage_counts u WHERE u.subject = 'registry' AND u.metric = 'delivery_reads'"
                + " AND u.day >= CAST(:from AS date)),"
                + " (SELECT count(*) FROM users), (SELECT count(*) FROM webhooks)").getSingleResult();
        boolean admin = viewer.admin();
        List<RegistryStats.Day> days = new ArrayList<>();
        for (Object[] row : rows(viewer, daily(viewer, "TRUE", "registry", "0"))) {
            days.add(new RegistryStats.Day(day(row[0]), number(row[1]), number(row[2]), number(row[3]), admin ? number(row[4]) : null));
        }
        return new RegistryStats(viewer.from(), viewer.to(), number(counts[0]), number(counts[1]), number(counts[2]),
                number(counts[3]), number(counts[4]), number(counts[5]), number(counts[6]), number(counts[7]),
                admin ? number(counts[8]) : null, admin ? number(counts[9]) : null, admin ? number(counts[10]) : null, days);
    }

    /** The agents the viewer may see, a page of them, with their totals over the window. */
    public Page<AgentStats> agents(Viewer viewer, PageRequest page) {
        String where = viewer.visible();
        List<AgentStats> items = new ArrayList<>();
        for (Object[] row : rows(viewer, AGENTS + where + " ORDER BY a.id LIMIT " + page.size() + " OFFSET "
                + (long) page.page() * page.size())) {
            items.add(agent(viewer, row, null));
        }
        Number total = (Number) viewer.query(entityManager, "SELECT count(*) FROM agents a WHERE " + where).getSingleResult();
        return new Page<>(items, page.page(), page.size(), total.longValue());
    }

    /** One agent with its totals and its days, or empty when it does not exist or the viewer may not see it. */
    public Optional<AgentStats> agent(Viewer viewer, int agentId) {
        List<Object[]> found = rows(viewer, AGENTS + viewer.visible() + " AND a.id = " + agentId);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        List<AgentStats.Day> days = new ArrayList<>();
        for (Object[] row : rows(viewer, daily(viewer, "s.agent_id = " + agentId, "agent", Integer.toString(agentId)))) {
            days.add(new AgentStats.Day(day(row[0]), number(row[1]), number(row[2]), number(row[3]), number(row[4])));
        }
        return Optional.of(agent(viewer, found.get(0), days));
    }

    /** The tools, a page of them, with their figures over the window. */
    public Page<ToolStats> tools(Viewer viewer, PageRequest page) {
        List<ToolStats> items = new ArrayList<>();
        for (Object[] row : rows(viewer, tools(viewer) + " ORDER BY t.id LIMIT " + page.size() + " OFFSET "
                + (long) page.page() * page.size())) {
            items.add(tool(viewer, row, null));
        }
        Number total = (Number) entityManager.createNativeQuery("SELECT count(*) FROM tools").getSingleResult();
        return new Page<>(items, page.page(), page.size(), total.longValue());
    }

    /** One tool with its figures and its days, or empty when it does not exist. */
    public Optional<ToolStats> tool(Viewer viewer, int toolId) {
        List<Object[]> found = rows(viewer, tools(viewer) + " AND t.id = " + toolId);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        List<ToolStats.Day> days = new ArrayList<>();
        for (Object[] row : rows(viewer, "SELECT d.day, coalesce(u.count, 0) FROM " + window() + " LEFT JOIN usage_counts u"
                + " ON u.subject = 'tool' AND u.subject_id = " + toolId + " AND u.metric = 'delivery_reads' AND u.day = d.day ORDER BY d.day")) {
            days.add(new ToolStats.Day(day(row[0]), number(row[1])));
        }
        return Optional.of(tool(viewer, found.get(0), days));
    }

    private String tools(Viewer viewer) {
        String visible = viewer.visible();
        return "SELECT t.id, t.name,"
                + " (SELECT count(*) FROM tool_instances i LEFT JOIN agents a ON a.id = i.agent_id WHERE i.tool_id = t.id"
                + " AND (i.agent_id IS NULL OR " + visible + ")),"
                + " (SELECT count(DISTINCT i.agent_id) FROM tool_instances i JOIN agents a ON a.id = i.agent_id WHERE i.tool_id = t.id AND "
                + visible + "),"
                + " (SELECT coalesce(sum(u.count), 0) FROM usage_counts u WHERE u.subject = 'tool' AND u.subject_id = t.id"
                + " AND u.metric = 'delivery_reads' AND u.day >= CAST(:from AS date)),"
                + " (SELECT max(u.last_at) FROM usage_counts u WHERE u.subject = 'tool' AND u.subject_id = t.id)"
                + " FROM tools t WHERE TRUE";
    }

    /**
     * Per day of the window: chat sessions opened, messages, replies (of the sessions that
     * {@code sessions} selects, over the agents the viewer may see), and the delivery reads of one subject.
     */
    private static String daily(Viewer viewer, String sessions, String subject, String subjectId) {
        String visible = viewer.visible();
        String chat = " JOIN web_chat_sessions s ON s.id = %s.session_id LEFT JOIN agents a ON a.id = s.agent_id WHERE %s.timestamp >= :since AND "
                + visible + " AND (" + sessions + ") GROUP BY 1";
        return "WITH opened AS (SELECT CAST(s.created_at AT TIME ZONE 'UTC' AS date) AS day, count(*) AS n FROM web_chat_sessions s"
                + " LEFT JOIN agents a ON a.id = s.agent_id WHERE s.created_at >= :since AND " + visible + " AND (" + sessions
                + ") GROUP BY 1),"
                + " posted AS (SELECT CAST(m.timestamp AT TIME ZONE 'UTC' AS date) AS day, count(*) AS n FROM web_chat_messages m"
                + chat.formatted("m", "m") + "),"
                + " replied AS (SELECT CAST(r.timestamp AT TIME ZONE 'UTC' AS date) AS day, count(*) AS n FROM web_chat_responses r"
                + chat.formatted("r", "r") + ")"
                + " SELECT d.day, coalesce(o.n, 0), coalesce(p.n, 0), coalesce(r.n, 0), coalesce(u.count, 0) FROM " + window()
                + " LEFT JOIN opened o ON o.day = d.day LEFT JOIN posted p ON p.day = d.day LEFT JOIN replied r ON r.day = d.day"
                + " LEFT JOIN usage_counts u ON u.subject = '" + subject + "' AND u.subject_id = " + subjectId
                + " AND u.metric = 'delivery_reads' AND u.day = d.day ORDER BY d.day";
    }

    /** The days of the window, as {@code d (day)}. */
    private static String window() {
        return "(SELECT CAST(g AS date) AS day FROM generate_series(CAST(:from AS date), CAST(now() AT TIME ZONE 'UTC' AS date),"
                + " interval '1 day') g) d";
    }

    private AgentStats agent(Viewer viewer, Object[] row, List<AgentStats.Day> days) {
        return new AgentStats(number(row[0]).intValue(), (String) row[1], (String) row[2], viewer.from(), viewer.to(), number(row[3]),
                number(row[4]), number(row[5]), number(row[6]), instant(row[7]), days);
    }

    private ToolStats tool(Viewer viewer, Object[] row, List<ToolStats.Day> days) {
        return new ToolStats(number(row[0]).intValue(), (String) row[1], viewer.from(), viewer.to(), number(row[2]), number(row[3]),
                number(row[4]), instant(row[5]), days);
    }

    @SuppressWarnings("unchecked")
    private List<Object[]> rows(Viewer viewer, String sql) {
        return viewer.query(entityManager, sql).getResultList();
    }

    private static Long number(Object value) {
        return value == null ? 0L : ((Number) value).longValue();
    }

    private static LocalDate day(Object value) {
        return value instanceof Date date ? date.toLocalDate() : (LocalDate) value;
    }

    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        return (Instant) value;
    }
}
