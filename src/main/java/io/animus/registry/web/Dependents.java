package io.animus.registry.web;

import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.EntityManager;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The rows that still refer to an entry being deleted. Unless the caller asks for a cascade, their
 * presence refuses the delete with a 409 that counts them; with it, they are deleted first, so that
 * nothing is left dangling.
 */
public final class Dependents {

    /** One kind of referring row: its name in messages, its table, and the condition that finds them by {@code :id}. */
    @RegisterForReflection
    public record Kind(String name, String table, String condition) {
    }

    private Dependents() {
    }

    /** Refuses the delete of {@code entry} while rows of {@code kinds} refer to it, or deletes them when {@code cascade}. */
    public static void deleteOrRefuse(EntityManager em, int id, String entry, boolean cascade, List<Kind> kinds) {
        List<String> present = new ArrayList<>();
        for (Kind kind : kinds) {
            long count = ((Number) em.createNativeQuery("SELECT count(*) FROM " + kind.table() + " WHERE " + kind.condition())
                    .setParameter("id", id).getSingleResult()).longValue();
            if (count > 0) {
                present.add(count + " " + kind.name());
            }
        }
        if (present.isEmpty()) {
            return;
        }
        if (!cascade) {
            throw ProblemException.conflict(entry + " still has " + String.join(", ", present)
                    + "; delete them first or repeat the request with cascade=true");
        }
        for (Kind kind : kinds) {
            em.createNativeQuery("DELETE FROM " + kind.table() + " WHERE " + kind.condition()).setParameter("id", id).executeUpdate();
        }
    }
}
