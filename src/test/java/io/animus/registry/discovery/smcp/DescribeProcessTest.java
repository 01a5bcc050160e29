package io.animus.registry.discovery.smcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One plugin's {@code cli.py --describe} as a process: what it leaves running is ended with it, even a child that
 * its exit handed over to init and that still holds its output, and an interpreter that cannot be run is named.
 */
class DescribeProcessTest {

    private static final ExecutorService READERS = Executors.newCachedThreadPool();

    @TempDir
    Path folder;

    @AfterAll
    static void stopReaders() {
        READERS.shutdownNow();
    }

    private DescribeProcess.Outcome describe(String python, String script) throws Exception {
        Files.writeString(folder.resolve("cli.py"), "import json, os, subprocess, sys, time\n" + script);
        return new DescribeProcess(python, Duration.ofSeconds(5), 1024 * 1024, READERS).run(folder);
    }

    /** Whether the process has ended (gone, or a zombie not yet reaped), given up to 2 s for a kill to arrive. */
    private static boolean gone(long pid) throws Exception {
        Path stat = Path.of("/proc/" + pid + "/stat");
        for (int i = 0; i < 40; i++) {
            try {
                if (!Files.exists(stat) || Files.readString(stat).split(" ")[2].equals("Z")) {
                    return true;
                }
            } catch (java.nio.file.NoSuchFileException e) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    @Test
    void whatAPluginPrintsIsItsOutput() throws Exception {
        DescribeProcess.Outcome outcome = describe("python3", "print(json.dumps({'commands': [{'name': 'ok'}]}))\n");
        assertNull(outcome.failure());
        assertEquals("{\"commands\": [{\"name\": \"ok\"}]}\n", outcome.output());
    }

    @Test
    void aChildLeftRunningWithTheOutputIsEndedWhenThePluginExits() throws Exception {
        long start = System.nanoTime();
        DescribeProcess.Outcome outcome = describe("python3", """
                child = subprocess.Popen(['sleep', '60'])
                open('child.pid', 'w').write(str(child.pid))
                print(json.dumps({'commands': [{'name': 'left'}]}), flush=True)
                os._exit(0)
                """);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertNull(outcome.failure(), "the output ended with the plugin, not at the timeout");
        assertTrue(outcome.output().contains("\"left\""), outcome.output());
        assertTrue(millis < 5000, "answered before the 5 s timeout: " + millis + " ms");
        long child = Long.parseLong(Files.readString(folder.resolve("child.pid")).strip());
        assertTrue(gone(child), "the child the plugin left running was killed");
    }

    @Test
    void aChildOfAStoppedPluginIsEndedThoughItsParentIsGone() throws Exception {
        DescribeProcess.Outcome outcome = describe("python3", """
                if os.fork() == 0:
                    grandchild = subprocess.Popen(['sleep', '60'], stdout=subprocess.DEVNULL)
                    open('child.pid', 'w').write(str(grandchild.pid))
                    os._exit(0)
                time.sleep(60)
                """);
        assertTrue(outcome.failure().contains("did not finish within 5000 ms"), outcome.failure());
        long grandchild = Long.parseLong(Files.readString(folder.resolve("child.pid")).strip());
        assertTrue(gone(grandchild), "a grandchild whose parent had exited (handed over to init) was killed with the plugin");
    }

    @Test
    void anInterpreterThatCannotBeRunIsNamed() throws Exception {
        DescribeProcess.Outcome outcome = describe("no-such-python-3", "print('{}')\n");
        assertNull(outcome.output());
        assertTrue(outcome.failure().contains("could not be started with 'no-such-python-3' (animus.discovery.smcp.python)"), outcome.failure());
    }
}
