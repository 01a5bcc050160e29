package io.animus.registry.feed;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import io.animus.registry.agent.AgentVisibility;
import io.animus.registry.web.ProblemException;

/**
 * Reads the change feed for one viewer. A change of an agent the viewer cannot see, or of a row that
 * belongs to such an agent (its tool instances, agent configs, agent-scoped configurations), never
 * appears: the agent's visibility is the rule of {@link AgentVisibility}, applied to the agent as it
 * is now, or as it was at its last change once it is deleted. Environment variables, users and
 * service keys appear to admins only, as their endpoints are admins' only.
 * <p>
 * One statement reads the page, the newest position and the pruning mark, so that all three come from
 * one snapshot: every change up to the newest position that the viewer may see is in the page or
 * before it (positions are given at commit, in commit order; see {@code docs/decisions-delivery.md}).
 */
@ApplicationScoped
public class ChangeFeed {

    /** The tables whose changes only admins see. */
    static final String ADMIN_TABLES = "'env_vars', 'users', 'service_keys'";

    private static final String PAGE = """
            SELECT s.newest, s.pruned_through, p.position, p.table_name, p.row_id, p.op, p.at, p.by_user
            FROM (SELECT GREATEST(COALESCE((SELECT max(position) FROM changes), 0), f.pruned_through) AS newest, f.pruned_through
                  FROM change_feed_state f WHERE f.id = 1) s
            LEFT JOIN LATERAL (
                SELECT c.position, c.table_name, c.row_id, c.op, c.at, c.by_user
                FROM changes c
                LEFT JOIN agents live ON live.id = c.agent_id
                CROSS JOIN LATERAL (SELECT
                        CASE WHEN live.id IS NULL THEN c.agent_visible_to_users ELSE live.visible_to_users END AS visible_to_users,
                        CASE WHEN live.id IS NULL THEN c.agent_visible_to_roles ELSE live.visible_to_roles END AS visible_to_roles) a
                WHERE c.position > GREATEST(:since, s.pruned_through)
                  AND (CAST(:admin AS boolean) OR c.table_name NOT IN (%s) AND (c.agent_id IS NULL OR %s))
                ORDER BY c.position
                LIMIT :limit) p ON true
            ORDER BY p.position""".formatted(ADMIN_TABLES, AgentVisibility.SQL);

    /** The cursor that reads from the oldest change the feed still holds. */
    static final long FROM_OLDEST = -1;

    @Inject
    EntityManager em;

    /**
     * The changes after {@code since} that the viewer may see, at most {@code limit}. A cursor older
     * than what pruning kept is a 410, one past the newest a 400; {@link #FROM_OLDEST} reads from the
     * oldest change the feed holds.
     */
    @ActivateRequestContext
    public ChangeList read(Viewer viewer, long since, int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(PAGE)
                .setParameter("since", since)
                .setParameter("admin", viewer.admin())
                .setParameter("viewer_id", viewer.userId())
                .setParameter("viewer_role", viewer.role().label())
                .setParameter("limit", limit)
                .getResultList();
        long newest = ((Number) rows.get(0)[0]).longValue();
        long prunedThrough = ((Number) rows.get(0)[1]).longValue();
        if (since > newest) {
            throw ProblemException.badRequest("Cursor " + since + " is from the future: the newest cursor of the feed is " + newest);
        }
        if (since < prunedThrough && since != FROM_OLDEST) {
            throw gone(since, newest);
        }
        List<Change> changes = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            if (row[2] != null) {
                changes.add(new Change(row[2].toString(), (String) row[3], ((Number) row[4]).longValue(), (String) row[5],
                        instant(row[6]), row[7] == null ? null : ((Number) row[7]).intValue()));
            }
        }
        boolean more = changes.size() == limit;
        String cursor = more ? changes.get(changes.size() - 1).cursor() : String.valueOf(newest);
        return new ChangeList(changes, cursor, String.valueOf(newest), more);
    }

    /** The newest cursor of the feed now. */
    @ActivateRequestContext
    public long newest() {
        return ((Number) em.createNativeQuery("SELECT GREATEST(COALESCE((SELECT max(position) FROM changes), 0), pruned_through)"
                + " FROM change_feed_state WHERE id = 1").getSingleResult()).longValue();
    }

    static ProblemException gone(long since, long newest) {
        return new ProblemException(410, "Cursor " + since + " is older than the feed's retention: the changes after it were pruned."
                + " List the registry again, then follow the feed from the newest cursor, " + newest
                + " (GET /api/v1/changes?since=" + newest + ")");
    }

    private static Instant instant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof OffsetDateTime time) {
            return time.toInstant();
        }
        return ((Timestamp) value).toInstant();
    }
}
