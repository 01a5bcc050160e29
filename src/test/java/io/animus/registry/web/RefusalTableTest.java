package io.animus.registry.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.junit.jupiter.api.Test;

/** The table of failures answered by type alone and the types its mapper is registered for name the same types. */
class RefusalTableTest {

    @Test
    void everyTypeOfTheTableIsMappedByIt() throws NoSuchMethodException {
        ServerExceptionMapper mapper = ProblemMappers.class.getMethod("refusal", Throwable.class)
                .getAnnotation(ServerExceptionMapper.class);

        assertEquals(ProblemMappers.REFUSALS.keySet(), Set.of(mapper.value()));
    }
}
