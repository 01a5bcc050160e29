package io.animus.registry.state;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.animus.registry.config.secret.SecretPlaintexts;
import io.animus.registry.identity.CurrentUser;
import io.animus.registry.state.StatePlan.Action;
import io.animus.registry.state.StatePlanner.Planned;
import io.animus.registry.web.ProblemException;

/**
 * Export, plan and apply of the registry's declared state. A plan carries the digest of the state it was
 * made against; an apply recomputes it under a lock that serializes applies and refuses with 412, writing
 * nothing, when the registry has changed since, so that only the plan that was shown is applied. The
 * apply is one transaction: a refused entry rolls every write back.
 */
@ApplicationScoped
public class StateService {

    private static final Logger LOG = Logger.getLogger(StateService.class);

    @Inject
    StateReader reader;

    @Inject
    StateDocuments documents;

    @Inject
    StateApplier applier;

    @Inject
    CanonicalJson canonical;

    @Inject
    SecretPlaintexts plaintexts;

    @Inject
    CurrentUser currentUser;

    @Inject
    EntityManager em;

    @Transactional
    public ObjectNode export() {
        return documents.document(reader.read());
    }

    /** What applying the document would do; writes nothing. */
    @Transactional
    public StatePlan plan(JsonNode document, boolean prune) {
        List<StateItem> desired = documents.items(document, "document");
        List<StateItem> current = reader.read();
        return plan(current, desired, prune, digest(current)).plan;
    }

    /**
     * Applies the document when the registry's state still has {@code digest}: 412 otherwise. Answers the
     * plan that was applied, with the digest of the state after it.
     */
    @Transactional
    public StatePlan apply(JsonNode document, String digest, boolean prune) {
        if (digest == null || digest.isBlank()) {
            throw ProblemException.invalid("digest", "is required: the digest of the plan that was shown (POST /api/v1/state/plan)");
        }
        List<StateItem> desired = documents.items(document, "document");
        em.createNativeQuery("SELECT 1 FROM pg_advisory_xact_lock(hashtext('animus-registry.state'))").getSingleResult();
        List<StateItem> current = reader.read();
        String now = digest(current);
        if (!now.equals(digest.strip())) {
            throw ProblemException.preconditionFailed("The registry has changed since the plan was made (its digest is now " + now
                    + "): make a new plan, review it, and apply that one");
        }
        Computed computed = plan(current, desired, prune, now);
        applier.apply(computed.changes);
        em.flush();
        StatePlan.Summary summary = computed.plan.summary();
        LOG.infof("State applied by user %s (id %s): %d created, %d updated, %d deleted", currentUser.username(), currentUser.id(),
                summary.create(), summary.update(), summary.delete());
        return new StatePlan(digest(reader.read()), prune, summary, computed.plan.changes());
    }

    private record Computed(StatePlan plan, List<Planned> changes) {
    }

    private Computed plan(List<StateItem> current, List<StateItem> desired, boolean prune, String digest) {
        StatePlanner.Result result = StatePlanner.plan(current, desired, prune,
                item -> item.stored() == null ? null : plaintexts.open(item.entryKey(), item.stored()));
        List<StatePlan.Change> changes = result.changes().stream().map(Planned::change).toList();
        StatePlan.Summary summary = new StatePlan.Summary(count(changes, Action.CREATE), count(changes, Action.UPDATE),
                count(changes, Action.DELETE), result.unchanged());
        return new Computed(new StatePlan(digest, prune, summary, changes), result.changes());
    }

    private static int count(List<StatePlan.Change> changes, Action action) {
        return (int) changes.stream().filter(change -> change.action() == action).count();
    }

    /** SHA-256 over every entry of the state, its stored secrets included (so that a changed secret changes it). */
    public String digest(List<StateItem> items) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (StateItem item : items) {
                sha.update(item.id().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(canonical.text(item.fields()).getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                if (item.stored() != null) {
                    sha.update(item.stored().getBytes(StandardCharsets.UTF_8));
                }
                sha.update((byte) '\n');
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
