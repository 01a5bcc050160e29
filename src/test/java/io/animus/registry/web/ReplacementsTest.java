package io.animus.registry.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotBlank;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.animus.registry.tool.Tool;
import io.animus.registry.tool.ToolRequest;
import io.animus.registry.tool.ToolResponse;
import io.animus.registry.tool.ToolService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * How a write meets another request that changed the resource in between: it is applied to the new
 * version, never over it; a client's own {@code If-Match} still refuses it; and a resource that
 * never holds still is a 409. The other request is placed exactly between the read and the write: on
 * a value in memory, and on a tool in the database.
 */
@QuarkusTest
class ReplacementsTest {

    @Inject
    Replacements replacements;

    @Inject
    ObjectMapper json;

    @Inject
    ToolService tools;

    /** The representation: an id and a version of the registry's, two fields a request sets. */
    record Note(int id, String title, String body, Instant updatedAt) {
    }

    /** The request of its PUT. */
    record NoteRequest(@NotBlank String title, String body) {
    }

    private final AtomicReference<Note> stored = new AtomicReference<>(new Note(1, "first", "text", Instant.parse("2026-01-01T00:00:00Z")));

    /** How many more writes another request slips in just before, changing {@code body}. */
    private final AtomicInteger interruptions = new AtomicInteger();

    private Replacements.Target<NoteRequest, Note> target() {
        return new Replacements.Target<>(NoteRequest.class, stored::get, (request, ifMatch) -> {
            if (interruptions.getAndDecrement() > 0) {
                Note now = stored.get();
                stored.set(new Note(1, now.title(), "changed by another request", now.updatedAt().plusSeconds(1)));
            }
            ETags.checkIfMatch(ifMatch, stored.get().updatedAt());
            Note written = new Note(1, request.title(), request.body(), stored.get().updatedAt().plusSeconds(1));
            stored.set(written);
            return written;
        }, note -> note, Note::updatedAt);
    }

    @Test
    void aPatchMeetingAnotherChangeIsAppliedToTheNewVersionAndKeepsThatChange() {
        interruptions.set(1);
        replacements.patch(target(), json.createObjectNode().put("title", "second"), null);
        assertEquals("second", stored.get().title());
        assertEquals("changed by another request", stored.get().body());
    }

    @Test
    void aPutThatRepeatsAnOlderUpdatedAtIsRefusedRatherThanWrittenOverTheNewerVersion() {
        interruptions.set(1);
        Note read = stored.get();
        ProblemException refused = assertThrows(ProblemException.class, () -> replacements.replace(target(),
                json.valueToTree(new Note(1, "second", read.body(), read.updatedAt())), null));
        assertEquals(422, refused.status());
        assertEquals("updated_at", refused.errors().get(0).field());
        assertEquals("changed by another request", stored.get().body());
        assertEquals("first", stored.get().title());
    }

    @Test
    void aClientsIfMatchOfTheVersionItReadIsRefusedOnceAnotherRequestChangedIt() {
        interruptions.set(1);
        String tag = "\"" + ETags.of(stored.get().updatedAt()).getValue() + "\"";
        ProblemException refused = assertThrows(ProblemException.class,
                () -> replacements.patch(target(), json.createObjectNode().put("title", "second"), tag));
        assertEquals(412, refused.status());
        assertEquals("first", stored.get().title());
    }

    @Test
    void aResourceThatNeverHoldsStillIsAConflictAfterThreeTries() {
        interruptions.set(3);
        ProblemException refused = assertThrows(ProblemException.class,
                () -> replacements.patch(target(), json.createObjectNode().put("title", "second"), null));
        assertEquals(409, refused.status());
        assertEquals("first", stored.get().title());
    }

    /**
     * The same on a real tool: another transaction commits a change between the read and the write,
     * and the retry must read that committed row, not the copy the request's session still holds.
     */
    @Test
    @ActivateRequestContext
    void aPatchMeetingAChangeCommittedMeanwhileIsAppliedToTheCommittedRow() {
        int id = QuarkusTransaction.requiringNew().call(() -> {
            Tool tool = new Tool();
            tool.name = "replacements-" + UUID.randomUUID();
            tool.persist();
            return tool.id;
        });
        AtomicInteger writes = new AtomicInteger();
        Replacements.Target<ToolRequest, Tool> target = new Replacements.Target<>(ToolRequest.class,
                () -> Tool.<Tool> findByIdOptional(id).orElseThrow(), (request, ifMatch) -> {
                    if (writes.getAndIncrement() == 0) {
                        QuarkusTransaction.requiringNew().run(() -> Tool.<Tool> findById(id).description = "committed meanwhile");
                    }
                    return tools.update(id, request, ifMatch).tool();
                }, ToolResponse::from, tool -> tool.updatedAt);

        replacements.patch(target, json.createObjectNode().put("category", "patched"), null);

        Tool stored = QuarkusTransaction.requiringNew().call(() -> Tool.<Tool> findById(id));
        assertEquals("patched", stored.category);
        assertEquals("committed meanwhile", stored.description);
        assertEquals(2, writes.get());
    }

    @Test
    void withoutInterruptionThePatchIsWrittenOnce() {
        replacements.patch(target(), json.createObjectNode().putNull("body"), "*");
        assertEquals(new Note(1, "first", null, Instant.parse("2026-01-01T00:00:01Z")), stored.get());
        assertThrows(jakarta.validation.ConstraintViolationException.class,
                () -> replacements.patch(target(), json.createObjectNode().putNull("title"), null));
    }
}
