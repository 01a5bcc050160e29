package io.animus.registry.discovery.smcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

/**
 * The registry's statement of SMCP's plugin contract v1 gives the published contract's verdict on every
 * payload (read from {@code ../shared/data/smcp/plugin-contract-v1.json}), names the field of each broken
 * rule, and adds the rules a schema cannot state.
 */
class DescribeContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The published contract, found from the working directory's parent upwards. */
    static Schema published() throws IOException {
        for (Path dir = Path.of("").toAbsolutePath().getParent(); dir != null; dir = dir.getParent()) {
            Path contract = dir.resolve("shared/data/smcp/plugin-contract-v1.json");
            if (Files.isRegularFile(contract)) {
                Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                        .getSchema(JSON.readTree(contract.toFile()));
                schema.initializeValidators();
                return schema;
            }
        }
        throw new AssertionError("../shared/data/smcp/plugin-contract-v1.json was not found above " + Path.of("").toAbsolutePath());
    }

    @Test
    void eachBrokenRuleIsRefusedNamingItsFieldAsThePublishedContractRefusesIt() throws Exception {
        Schema published = published();
        for (Map.Entry<String, String> payload : ContractPayloads.oneRuleBrokenEach().entrySet()) {
            JsonNode tree = JSON.readTree(payload.getKey());
            assertTrue(!published.validate(tree).isEmpty(), "the published contract accepts " + payload.getKey());
            DescribeContract.Broken broken = assertThrows(DescribeContract.Broken.class, () -> DescribeContract.read("weather", payload.getKey()),
                    payload.getKey());
            assertTrue(broken.reasons().stream().anyMatch(reason -> reason.startsWith(payload.getValue())),
                    payload.getKey() + " -> " + broken.reasons());
        }
    }

    @Test
    void validOutputsPassBothAndKeepTheirCommands() throws Exception {
        Schema published = published();
        for (String payload : ContractPayloads.valid()) {
            assertEquals(List.of(), published.validate(JSON.readTree(payload)), payload);
            Described described = DescribeContract.read("weather", payload);
            assertEquals(JSON.readTree(payload).get("commands").size(), described.commands().size());
        }
        Described described = DescribeContract.read("weather", ContractPayloads.valid()[2]);
        assertEquals("weather__a-b_c", described.commands().get(0).tool());
        assertEquals("1", described.version());
        assertEquals(JSON.readTree("{\"type\":\"object\",\"properties\":{\"p\":{\"type\":\"array\",\"default\":[1],\"items\":{\"type\":\"integer\"}}},"
                + "\"required\":[],\"additionalProperties\":false}"), JSON.readTree(described.commands().get(0).inputSchema()));
    }

    @Test
    void theToolNameMustFitSixtyFourCharactersOfTheAllowedClass() throws Exception {
        String command = "c".repeat(64 - "weather__".length());
        assertEquals("weather__" + command, DescribeContract.read("weather", "{\"commands\": [{\"name\": \"" + command + "\"}]}")
                .commands().get(0).tool());
        String payload = "{\"commands\": [{\"name\": \"" + command + "c\"}]}";
        assertTrue(published().validate(JSON.readTree(payload)).isEmpty(), "the schema alone cannot see the plugin's name");
        DescribeContract.Broken broken = assertThrows(DescribeContract.Broken.class, () -> DescribeContract.read("weather", payload));
        assertTrue(broken.reasons().get(0).contains("65 characters"), broken.reasons().toString());
        assertThrows(DescribeContract.Broken.class, () -> DescribeContract.read("wea ther", "{\"commands\": [{\"name\": \"a\"}]}"));
    }

    @Test
    void twoCommandsMayNotShareAName() {
        DescribeContract.Broken broken = assertThrows(DescribeContract.Broken.class,
                () -> DescribeContract.read("weather", "{\"commands\": [{\"name\": \"a\"}, {\"name\": \"a\"}]}"));
        assertTrue(broken.reasons().get(0).startsWith("commands[1].name"), broken.reasons().toString());
    }

    @Test
    void outputThatIsNotOneJsonDocumentIsRefused() {
        for (String text : new String[] { "", "{\"commands\": [{\"name\": \"a\"", "{\"commands\": []} trailing", "{\"commands\": [],}",
                "// c\n{\"commands\": []}", "{\"commands\": [], \"commands\": []}" }) {
            assertThrows(DescribeContract.Broken.class, () -> DescribeContract.read("weather", text), text);
        }
    }

    @Test
    void parametersBecomeTheInputSchemaAsSmcpMakesIt() throws Exception {
        JsonNode schema = DescribeContract.inputSchema(JSON.readTree("[{\"name\": \"city\", \"type\": \"string\", \"description\": \"where\","
                + " \"required\": true}, {\"name\": \"tags\", \"type\": \"array\"}, {\"name\": \"any\"}, {\"name\": \"n\", \"type\": \"integer\","
                + " \"default\": 3, \"description\": \"\"}]"));
        assertEquals(JSON.readTree("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\",\"description\":\"where\"},"
                + "\"tags\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},\"any\":{\"type\":\"string\"},\"n\":{\"type\":\"integer\",\"default\":3}},"
                + "\"required\":[\"city\"],\"additionalProperties\":false}"), schema);
    }
}
