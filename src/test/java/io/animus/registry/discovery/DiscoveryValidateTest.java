package io.animus.registry.discovery;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.animus.registry.identity.Role;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/** {@code POST /api/v1/discovery/validate}: the dry run of one manifest or --describe output, which writes nothing. */
@QuarkusTest
class DiscoveryValidateTest {

    private static final String GOOD_DESCRIBE = """
            {"contract_version": "1.0", "plugin": {"name": "ignored", "version": "2.1.0", "description": "Weather"},
             "commands": [{"name": "forecast", "description": "The forecast",
                           "parameters": [{"name": "city", "type": "string", "required": true},
                                          {"name": "days", "type": "integer", "default": 3},
                                          {"name": "tags", "type": "array"}]},
                          {"name": "now"}]}""";

    @Inject
    DiscoveryFixtures db;

    @BeforeEach
    void setUp() {
        db.clean();
    }

    private ValidatableResponse validate(String path, String content) {
        return given().auth().oauth2(db.token(Role.ADMIN)).contentType("application/json")
                .body(Map.of("path", path, "content", content))
                .post("/api/v1/discovery/validate").then();
    }

    @Test
    void aManifestWithCommentsAndTrailingCommasIsValidAndNamesTheToolItWouldCreate() {
        validate("tools/weather/manifest.json", """
                // the weather tool
                {"name": "dt-weather", "type": "tool", "version": "1.2", /* global */ "module_scope": "global",
                 "config_schema": {"type": "object", "properties": {"units": {"type": "string"}}},}
                """).statusCode(200)
                .body("valid", equalTo(true))
                .body("problems", empty())
                .body("would_register", hasSize(1))
                .body("would_register[0].kind", equalTo("tool"))
                .body("would_register[0].name", equalTo("dt-weather"))
                .body("would_register[0].version", equalTo("1.2"))
                .body("would_register[0].module_scope", equalTo("global"))
                .body("would_register[0].existing", equalTo("new"));
    }

    @Test
    void aBrokenManifestIsInvalidWithTheProblemDiscoveryWouldReport() {
        validate("tools/broken/manifest.json", "{\"type\": \"tool\"}").statusCode(200)
                .body("valid", equalTo(false))
                .body("problems[0].path", equalTo("tools/broken/manifest.json"))
                .body("problems[0].reason", containsString("\"name\""))
                .body("would_register", empty());
        validate("tools/broken/manifest.json", "{\"name\": \"dt-x\", \"type\": \"tool\", \"config_schema\": {\"type\": \"nonsense\"}}")
                .statusCode(200).body("valid", equalTo(false)).body("problems[0].reason", containsString("config_schema"));
        validate("tools/broken/manifest.json", "{\"name\": \"dt-x\", \"type\": \"tool\"").statusCode(200)
                .body("valid", equalTo(false)).body("problems[0].reason", containsString("not valid JSON"));
    }

    @Test
    void thePathDecidesKindAndScope() {
        validate("agents/athena/modules/calendar/manifest.json", "{\"name\": \"dt-calendar\", \"type\": \"tool\"}").statusCode(200)
                .body("valid", equalTo(true))
                .body("would_register[0].kind", equalTo("tool_instance"))
                .body("would_register[0].agent_folder", equalTo("athena"))
                .body("would_register[0].module_scope", equalTo("agent"));
        validate("agents/athena/modules/calendar/manifest.json", "{\"name\": \"dt-calendar\", \"type\": \"tool\", \"module_scope\": \"global\"}")
                .statusCode(200).body("valid", equalTo(false)).body("problems[0].reason", containsString("agent-scoped"));
        validate("plugins/x/manifest.json", "{\"name\": \"dt-p\", \"type\": \"tool\"}").statusCode(200)
                .body("valid", equalTo(false)).body("problems[0].reason", containsString("describe plugins"));
        validate("elsewhere/x/manifest.json", "{\"name\": \"dt-p\", \"type\": \"tool\"}").statusCode(200)
                .body("valid", equalTo(false)).body("problems[0].reason", containsString("not where discovery reads manifests"));
    }

    @Test
    void aPluginNeedsItsToolInTheRegistry() {
        validate("plugins/p/manifest.json", "{\"name\": \"dt-p\", \"type\": \"plugin\", \"tool\": \"dt-nowhere\"}").statusCode(200)
                .body("valid", equalTo(false)).body("problems[0].reason", containsString("not in the registry"));
        makeTool("dt-parent");
        validate("plugins/p/manifest.json", "{\"name\": \"dt-p\", \"type\": \"plugin\", \"tool\": \"dt-parent\", \"version\": \"1\"}")
                .statusCode(200).body("valid", equalTo(true))
                .body("would_register[0].kind", equalTo("plugin"))
                .body("would_register[0].tool", equalTo("dt-parent"))
                .body("would_register[0].existing", equalTo("new"));
    }

    @Test
    void aNameTakenThroughTheApiIsAConflict() {
        makeTool("dt-taken");
        validate("tools/taken/manifest.json", "{\"name\": \"dt-taken\", \"type\": \"tool\"}").statusCode(200)
                .body("valid", equalTo(false))
                .body("problems[0].reason", containsString("created through the API"));
        makeTool("dt-smcpx__now");
        validate("plugins/dt-smcpx/cli.py", GOOD_DESCRIBE).statusCode(200)
                .body("valid", equalTo(false))
                .body("problems[0].reason", containsString("'dt-smcpx__now', which was created through the API"));
    }

    @Test
    void aDescribeOutputIsHeldToTheContractAndNamesItsTools() {
        validate("plugins/dt-weather/cli.py", GOOD_DESCRIBE).statusCode(200)
                .body("valid", equalTo(true))
                .body("would_register.kind", equalTo(java.util.List.of("tool", "plugin", "tool", "tool")))
                .body("would_register.name", equalTo(java.util.List.of("smcp", "dt-weather", "dt-weather__forecast", "dt-weather__now")))
                .body("would_register[1].tool", equalTo("smcp"))
                .body("would_register[1].version", equalTo("2.1.0"))
                .body("would_register[2].input_schema.type", equalTo("object"))
                .body("would_register[2].input_schema.properties.city.type", equalTo("string"))
                .body("would_register[2].input_schema.properties.days.default", equalTo(3))
                .body("would_register[2].input_schema.properties.tags.items.type", equalTo("string"))
                .body("would_register[2].input_schema.required", equalTo(java.util.List.of("city")))
                .body("would_register[2].input_schema.additionalProperties", equalTo(false))
                .body("would_register[3].input_schema.properties.size()", equalTo(0));
    }

    @Test
    void aDescribeOutputThatBreaksTheContractNamesEachField() {
        validate("plugins/dt-weather/cli.py", """
                {"contract_version": "2.0", "commands": [{"name": "bad name", "parameters": [{"name": "x", "type": "float",
                 "required": "yes"}]}, {"description": "no name"}]}""").statusCode(200)
                .body("valid", equalTo(false))
                .body("problems.path", hasItem("plugins/dt-weather/cli.py"))
                .body("problems.reason", hasItems(containsString("contract_version"), containsString("commands[0].name"),
                        containsString("commands[0].parameters[0].type"), containsString("commands[0].parameters[0].required"),
                        containsString("commands[1]")))
                .body("would_register", empty());
        validate("plugins/dt-weather/cli.py", "{\"commands\": [").statusCode(200)
                .body("valid", equalTo(false)).body("problems[0].reason", containsString("not a JSON document"));
        validate("plugins/" + "p".repeat(40) + "/cli.py", "{\"commands\": [{\"name\": \"" + "c".repeat(30) + "\"}]}").statusCode(200)
                .body("valid", equalTo(false)).body("problems[0].reason", containsString("^[a-zA-Z0-9_-]{1,64}$"));
    }

    @Test
    void aMalformedRequestIsAProblem() {
        String token = db.token(Role.ADMIN);
        given().auth().oauth2(token).contentType("application/json").body("{\"content\": \"{}\"}")
                .post("/api/v1/discovery/validate").then().statusCode(422).contentType("application/problem+json");
        given().auth().oauth2(token).contentType("application/json").body("{\"path\": \"tools/x/manifest.json\"}")
                .post("/api/v1/discovery/validate").then().statusCode(422).contentType("application/problem+json");
        given().auth().oauth2(token).contentType("application/json").body("[1, 2]")
                .post("/api/v1/discovery/validate").then().statusCode(org.hamcrest.Matchers.both(org.hamcrest.Matchers.greaterThanOrEqualTo(400))
                        .and(org.hamcrest.Matchers.lessThan(500))).contentType("application/problem+json");
        validate("/etc/tools/x/manifest.json", "{}").statusCode(422).contentType("application/problem+json")
                .body("detail", containsString("relative"));
        validate("tools/../../x/manifest.json", "{}").statusCode(422).body("detail", containsString(".."));
        validate("tools/x/README.md", "{}").statusCode(422).body("detail", containsString("neither a manifest.json"));
        validate("cli.py", "{}").statusCode(422);
    }

    @Test
    void onlyAdminsValidate() {
        for (Role role : new Role[] { Role.USER, Role.VIEWER }) {
            given().auth().oauth2(db.token(role)).contentType("application/json")
                    .body(Map.of("path", "tools/x/manifest.json", "content", "{}"))
                    .post("/api/v1/discovery/validate").then().statusCode(403);
        }
        given().contentType("application/json").body(Map.of("path", "tools/x/manifest.json", "content", "{}"))
                .post("/api/v1/discovery/validate").then().statusCode(401);
    }

    @Test
    void aDryRunOfOneFileWritesNothing() {
        makeTool("dt-present");
        db.token(Role.ADMIN);
        String before = db.databaseDump();
        validate("tools/weather/manifest.json", "{\"name\": \"dt-weather\", \"type\": \"tool\"}").statusCode(200).body("valid", equalTo(true));
        validate("tools/present/manifest.json", "{\"name\": \"dt-present\", \"type\": \"tool\"}").statusCode(200).body("valid", equalTo(false));
        validate("plugins/dt-weather/cli.py", GOOD_DESCRIBE).statusCode(200).body("valid", equalTo(true));
        validate("tools/x/README.md", "{}").statusCode(422);
        assertEquals(before, db.databaseDump());
    }

    private void makeTool(String name) {
        given().auth().oauth2(db.token(Role.ADMIN)).contentType("application/json").body(Map.of("name", name))
                .post("/api/v1/tools").then().statusCode(201);
    }
}
