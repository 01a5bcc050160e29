package io.animus.registry.discovery.smcp;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * --describe outputs that break one rule of SMCP's plugin contract v1 each, with the field the problem
 * must name; shared by the contract's unit test and the scan's tests, which print them from real plugins.
 */
public final class ContractPayloads {

    private ContractPayloads() {
    }

    /** Output to the field its problem names. */
    public static Map<String, String> oneRuleBrokenEach() {
        Map<String, String> payloads = new LinkedHashMap<>();
        payloads.put("{\"plugin\": {\"name\": \"x\"}}", "the output: required property 'commands'");
        payloads.put("[{\"name\": \"a\"}]", "the output:");
        payloads.put("{\"commands\": {\"name\": \"a\"}}", "commands:");
        payloads.put("{\"commands\": [{\"description\": \"no name\"}]}", "commands[0]:");
        payloads.put("{\"commands\": [{\"name\": \"has space\"}]}", "commands[0].name:");
        payloads.put("{\"commands\": [{\"name\": \"\"}]}", "commands[0].name:");
        payloads.put("{\"commands\": [{\"name\": 5}]}", "commands[0].name:");
        payloads.put("{\"commands\": [{\"name\": \"a\", \"description\": 5}]}", "commands[0].description:");
        payloads.put("{\"commands\": [{\"name\": \"a\", \"parameters\": {\"city\": \"string\"}}]}", "commands[0].parameters:");
        payloads.put("{\"commands\": [{\"name\": \"a\", \"parameters\": [{\"type\": \"string\"}]}]}", "commands[0].parameters[0]:");
        payloads.put("{\"commands\": [{\"name\": \"a\", \"parameters\": [{\"name\": \"\"}]}]}", "commands[0].parameters[0].name:");
        payloads.put("{\"commands\": [{\"name\": \"a\", \"parameters\": [{\"name\": \"p\", \"type\": \"float\"}]}]}",
                "commands[0].parameters[0].type:");
        payloads.put("{\"commands\": [{\"name\": \"a\", \"parameters\": [{\"name\": \"p\", \"required\": \"yes\"}]}]}",
                "commands[0].parameters[0].required:");
        payloads.put("{\"commands\": [{\"name\": \"a\", \"parameters\": [{\"name\": \"p\", \"description\": []}]}]}",
                "commands[0].parameters[0].description:");
        payloads.put("{\"commands\": [{\"name\": \"a\", \"parameters\": [{\"name\": \"p\", \"type\": \"array\", \"items\": \"string\"}]}]}",
                "commands[0].parameters[0].items:");
        payloads.put("{\"contract_version\": \"2.0\", \"commands\": []}", "contract_version:");
        payloads.put("{\"contract_version\": 1, \"commands\": []}", "contract_version:");
        payloads.put("{\"plugin\": \"weather\", \"commands\": []}", "plugin:");
        payloads.put("{\"plugin\": {\"name\": \"\"}, \"commands\": []}", "plugin.name:");
        payloads.put("{\"plugin\": {\"version\": 2}, \"commands\": []}", "plugin.version:");
        payloads.put("{\"plugin\": {\"description\": false}, \"commands\": []}", "plugin.description:");
        return payloads;
    }

    /** Outputs that keep to the contract. */
    public static String[] valid() {
        return new String[] {
                "{\"commands\": []}",
                "{\"contract_version\": \"1\", \"commands\": [{\"name\": \"a\"}]}",
                "{\"contract_version\": \"1.2.3\", \"plugin\": {\"name\": \"n\", \"version\": \"1\", \"x\": 1}, \"extra\": true,"
                        + " \"commands\": [{\"name\": \"a-b_c\", \"parameters\": [{\"name\": \"p\", \"type\": \"array\", \"items\": {\"type\": \"integer\"},"
                        + " \"required\": false, \"default\": [1], \"x\": 1}]}]}" };
    }
}
