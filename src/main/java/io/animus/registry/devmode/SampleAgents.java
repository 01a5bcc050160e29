package io.animus.registry.devmode;

import java.util.List;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.animus.registry.agent.Status;
import io.animus.registry.agent.Agent;
import io.animus.registry.discovery.DiscoveryScan;
import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;

/**
 * Dev mode only: registers the agents of the sample Animus home (Athena, Monday, and the one whose
 * folder is named by its Letta id) and scans the home once, so that a first run shows agents with
 * their modules and a discovery run that matches every agent folder. Absent from tests and from the
 * packaged application.
 */
@IfBuildProfile("dev")
public class SampleAgents {

    private static final Logger LOG = Logger.getLogger(SampleAgents.class);

    /** The agents the sample home's {@code agents/} folders name: letta_uid, name, description. */
    static final List<List<String>> AGENTS = List.of(
            List.of("athena", "Athena", "Research and configuration assistant (sample)"),
            List.of("monday", "Monday", "Calendar and planning agent (sample)"),
            List.of("7c0e2f4a-9b1d-4e3a-8f52-1d6b3a9e4c17", "Timbre", "Voice journal agent, folder named by its Letta id (sample)"));

    @Inject
    DiscoveryScan scan;

    void onStart(@Observes StartupEvent event) {
        int added = QuarkusTransaction.requiringNew().call(() -> {
            int count = 0;
            for (List<String> sample : AGENTS) {
                if (Agent.findByLettaUid(sample.get(0)).isEmpty()) {
                    Agent agent = new Agent();
                    agent.lettaUid = sample.get(0);
                    agent.name = sample.get(1);
                    agent.description = sample.get(2);
                    agent.status = Status.HEALTHY;
                    agent.persist();
                    count++;
                }
            }
            return count;
        });
        if (added > 0) {
            LOG.infof("Dev mode: registered %d sample agent(s) of the sample Animus home", added);
        }
        scan.now();
    }
}
