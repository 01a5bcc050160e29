package io.animus.registry.letta;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.animus.registry.agent.Agent;
import io.animus.registry.agent.AgentCache;
import io.animus.registry.agent.AgentLettaLink;
import io.animus.registry.agent.AgentService;
import io.animus.registry.agent.AgentVisibility;
import io.animus.registry.identity.CurrentUser;
import io.animus.registry.web.PageRequest;
import io.animus.registry.web.Problem;
import io.animus.registry.web.ProblemException;

/** The link's reads and imports: the check, the states, bringing Letta's agents in, and tool drift. */
@ApplicationScoped
public class LettaService {

    static final String UNREGISTERED = "unregistered";

    @Inject
    LettaLink link;

    @Inject
    ObjectMapper json;

    @Inject
    EntityManager em;

    @Inject
    CurrentUser currentUser;

    @Inject
    AgentService agents;

    @Inject
    AgentCache agentCache;

    /** Reaches Letta with the settings in use; never throws for Letta's sake. */
    public LettaCheckResponse check() {
        LinkSettings settings = link.settings();
        long start = System.nanoTime();
        String url = settings.url().map(Object::toString).orElse(null);
        try {
            LettaClient client = new LettaClient(settings, json);
            LettaClient.Health health = client.health();
            long count = client.agentCount();
            return new LettaCheckResponse(true, url, health.version(), health.status(), count, null, null, elapsedMs(start), Instant.now());
        } catch (LettaFailure e) {
            return new LettaCheckResponse(false, url, null, null, null, e.reason().label(), e.getMessage(), elapsedMs(start), Instant.now());
        }
    }

    /** A page of states ({@code state} null: every one); unregistered Letta agents only for admins. */
    @Transactional
    public LettaStatesResponse states(String state, PageRequest page) {
        if (state != null && !AgentLettaLink.STATES.contains(state) && !UNREGISTERED.equals(state)) {
            throw ProblemException.badRequest("state must be one of linked, missing_in_letta, not_a_letta_id, unchecked, unregistered");
        }
        boolean admin = currentUser.isAdmin();
        boolean registered = state == null || !UNREGISTERED.equals(state);
        boolean unregistered = admin && (state == null || UNREGISTERED.equals(state));
        Map<String, Object> parameters = new LinkedHashMap<>();
        List<String> parts = new ArrayList<>();
        if (registered) {
            StringBuilder where = new StringBuilder(" WHERE true");
            if (state != null) {
                where.append(" AND COALESCE(l.state, 'unchecked') = :state");
                parameters.put("state", state);
            }
            if (!admin) {
                where.append(" AND ").append(AgentVisibility.SQL);
                parameters.put("viewer_id", currentUser.id());
                parameters.put("viewer_role", currentUser.role().label());
            }
            parts.add("SELECT COALESCE(l.state, 'unchecked') AS state, a.id AS agent_id, a.letta_uid, a.name, l.letta_id, l.letta_name,"
                    + " CAST(l.letta_tools AS text) AS tools, l.letta_updated_at, l.checked_at, l.state_since"
                    + " FROM agents a LEFT JOIN letta_links l ON l.agent_id = a.id" + where);
        }
        if (unregistered) {
            parts.add("SELECT 'unregistered' AS state, CAST(NULL AS integer) AS agent_id, CAST(NULL AS varchar) AS letta_uid,"
                    + " CAST(NULL AS varchar) AS name, u.letta_id, u.name AS letta_name, CAST(u.letta_tools AS text) AS tools,"
                    + " u.letta_updated_at, u.checked_at, u.state_since FROM letta_unregistered u");
        }
        List<LettaAgentResponse> items = new ArrayList<>();
        long total = 0;
        if (!parts.isEmpty()) {
            String union = String.join(" UNION ALL ", parts);
            Query select = em.createNativeQuery("SELECT * FROM (" + union + ") s ORDER BY s.agent_id NULLS LAST, s.letta_id LIMIT :limit OFFSET :offset");
            Query count = em.createNativeQuery("SELECT count(*) FROM (" + union + ") s");
            parameters.forEach((name, value) -> {
                select.setParameter(name, value);
                count.setParameter(name, value);
            });
            select.setParameter("limit", page.size()).setParameter("offset", (long) page.page() * page.size());
            @SuppressWarnings("unchecked")
            List<Object[]> rows = select.getResultList();
            for (Object[] row : rows) {
                items.add(new LettaAgentResponse((String) row[0], row[1] == null ? null : ((Number) row[1]).intValue(), (String) row[2],
                        (String) row[3], (String) row[4], (String) row[5], tools((String) row[6]), instant(row[7]), instant(row[8]),
                        instant(row[9])));
            }
            total = ((Number) count.getSingleResult()).longValue();
        }
        LettaRunResponse last = LettaRun.latest().map(LettaRunResponse::from).orElse(null);
        LettaRunResponse completed = LettaRun.latestCompleted().map(LettaRunResponse::from).orElse(null);
        return new LettaStatesResponse(items, page.page(), page.size(), total, last, completed);
    }

    /** One unregistered Letta agent made a registry agent, linked at once. */
    @Transactional
    public Agent importOne(String lettaId) {
        if (!LettaClient.AGENT_ID.matcher(lettaId).matches()) {
            throw ProblemException.invalid("letta_id", "is not a Letta agent id (agent-<uuid4>)");
        }
        LettaUnregistered found = LettaUnregistered.findById(lettaId, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        if (found == null) {
            Agent existing = Agent.<Agent> find("lettaUid in ?1", List.of(lettaId, lettaId.substring("agent-".length()))).firstResult();
            if (existing != null) {
                throw ProblemException.conflict("The Letta agent " + lettaId + " is already registered, as agent " + existing.id);
            }
            throw ProblemException.notFound("No unregistered Letta agent " + lettaId
                    + " in the last reconciliation; reconcile (POST /api/v1/letta/reconcile) and try again");
        }
        List<Agent> created = create(List.of(found));
        return created.get(0);
    }

    /** Every unregistered Letta agent made a registry agent in one go, or none when a name is taken. */
    @Transactional
    public List<Agent> importAll() {
        List<LettaUnregistered> all = LettaUnregistered.<LettaUnregistered> find("order by lettaId")
                .withLock(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE).list();
        return create(all);
    }

    private List<Agent> create(List<LettaUnregistered> letta) {
        List<Problem.FieldError> conflicts = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (LettaUnregistered agent : letta) {
            if (agent.name == null || agent.name.isBlank() || agent.name.length() > 100) {
                conflicts.add(new Problem.FieldError(agent.lettaId, "its Letta name is empty or longer than 100 characters"));
            } else if (!names.add(agent.name)) {
                conflicts.add(new Problem.FieldError(agent.lettaId, "the name " + agent.name + " is that of another Letta agent imported with it"));
            }
        }
        if (!names.isEmpty()) {
            @SuppressWarnings("unchecked")
            List<Object[]> taken = em.createNativeQuery("SELECT name, id FROM agents WHERE name IN (:names)")
                    .setParameter("names", names).getResultList();
            Map<String, Object> takenBy = new LinkedHashMap<>();
            taken.forEach(row -> takenBy.put((String) row[0], row[1]));
            for (LettaUnregistered agent : letta) {
                if (takenBy.containsKey(agent.name)) {
                    conflicts.add(new Problem.FieldError(agent.lettaId, "the name " + agent.name + " is taken by agent " + takenBy.get(agent.name)));
                }
            }
        }
        if (!conflicts.isEmpty()) {
            StringBuilder detail = new StringBuilder("Nothing was imported: ").append(conflicts.size()).append(" name(s) cannot be used: ");
            conflicts.stream().limit(20).forEach(conflict -> detail.append(conflict.field()).append(" (").append(conflict.message()).append("); "));
            detail.setLength(detail.length() - 2);
            throw new ProblemException(409, detail.toString(), conflicts);
        }
        Instant now = Instant.now();
        List<Agent> created = new ArrayList<>();
        for (LettaUnregistered letta1 : letta) {
            Agent agent = new Agent();
            agent.lettaUid = letta1.lettaId;
            agent.name = letta1.name;
            agent.description = letta1.description;
            agent.createdBy = currentUser.reference();
            agent.persist();
            created.add(agent);
        }
        em.flush();
        for (int i = 0; i < letta.size(); i++) {
            LettaUnregistered source = letta.get(i);
            AgentLettaLink linked = new AgentLettaLink();
            linked.agentId = created.get(i).id;
            linked.state = AgentLettaLink.LINKED;
            linked.lettaId = source.lettaId;
            linked.lettaName = source.name;
            linked.lettaTools = source.lettaTools;
            linked.lettaUpdatedAt = source.lettaUpdatedAt;
            linked.checkedAt = source.checkedAt;
            linked.stateSince = now;
            linked.persist();
            source.delete();
        }
        em.flush();
        agentCache.evictAll();
        return created;
    }

    /** What a linked agent's tools in Letta and in the registry lack of each other. */
    @Transactional
    public LettaDriftResponse drift(int agentId) {
        Agent agent = agents.find(agentId).orElseThrow(() -> ProblemException.notFound("No agent " + agentId));
        AgentLettaLink found = AgentLettaLink.forAgent(agent.id).orElse(null);
        String state = found == null ? AgentLettaLink.UNCHECKED : found.state;
        if (!AgentLettaLink.LINKED.equals(state)) {
            throw ProblemException.conflict("Agent " + agentId + " is " + state + ", not linked: there are no Letta tools to compare");
        }
        @SuppressWarnings("unchecked")
        List<String> registryTools = em.createNativeQuery("""
                SELECT t.name FROM tools t WHERE t.module_scope = 'global' AND t.is_enabled AND t.status <> 'Off'
                UNION SELECT t.name FROM tool_instances i JOIN tools t ON t.id = i.tool_id
                WHERE i.agent_id = :agent AND i.is_active AND i.status <> 'Off' AND t.is_enabled
                """).setParameter("agent", agentId).getResultList();
        @SuppressWarnings("unchecked")
        List<String> plugins = em.createNativeQuery("""
                SELECT DISTINCT p.name FROM plugins p JOIN tools t ON t.id = p.tool_id
                WHERE p.is_enabled AND p.status = 'Active' AND t.is_enabled AND t.status <> 'Off'
                  AND (t.module_scope = 'global' OR EXISTS (SELECT 1 FROM tool_instances i WHERE i.tool_id = t.id AND i.agent_id = :agent
                       AND i.is_active AND i.status <> 'Off'))
                """).setParameter("agent", agentId).getResultList();
        return ToolDrift.compare(agent.id, found, new TreeSet<>(registryTools), new TreeSet<>(plugins));
    }

    private List<String> tools(String text) {
        if (text == null) {
            return null;
        }
        try {
            return json.readValue(text, new TypeReference<List<String>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("letta_tools holds a JSON array of names", e);
        }
    }

    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        if (value instanceof java.time.OffsetDateTime offset) {
            return offset.toInstant();
        }
        throw new IllegalStateException("not a time: " + value.getClass());
    }

    private static long elapsedMs(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
