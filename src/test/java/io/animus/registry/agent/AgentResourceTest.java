package io.animus.registry.agent;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.animus.registry.identity.Role;
import io.animus.registry.testing.Fixtures;
import io.animus.registry.testing.Fixtures.Caller;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

@QuarkusTest
class AgentResourceTest {

    static {
        io.restassured.RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Inject
    Fixtures fixtures;

    Caller admin;
    Caller user;
    Caller viewer;

    @BeforeEach
    void callers() {
        admin = fixtures.caller(Role.ADMIN);
        user = fixtures.caller(Role.USER);
        viewer = fixtures.caller(Role.VIEWER);
    }

    private Response create(Map<String, Object> body) {
        return given().header("Authorization", admin.bearer()).contentType(ContentType.JSON).body(body)
                .post("/api/v1/agents");
    }

    private int createAgent(Map<String, Object> body) {
        return create(body).then().statusCode(201).extract().path("id");
    }

    @Test
    void adminCreatesReadsUpdatesAndDeletesAnAgent() {
        String uid = Fixtures.unique("letta");
        Response created = create(Map.of("letta_uid", uid, "name", Fixtures.unique("Athena"),
                "description", "Animus Configuration Assistant", "config", Map.of("model", "gpt")));
        created.then().statusCode(201)
                .header("Location", containsString("/api/v1/agents/"))
                .header("ETag", notNullValue())
                .body("letta_uid", equalTo(uid))
                .body("status", equalTo("Ready"))
                .body("is_active", equalTo(true))
                .body("config.model", equalTo("gpt"))
                .body("created_by", equalTo(admin.id()));
        int id = created.path("id");

        given().header("Authorization", viewer.bearer()).get("/api/v1/agents/" + id)
                .then().statusCode(200).body("letta_uid", equalTo(uid)).header("ETag", notNullValue());
        given().header("Authorization", user.bearer()).get("/api/v1/agents/by-letta-uid/" + uid)
                .then().statusCode(200).body("id", equalTo(id));

        given().header("Authorization", admin.bearer()).contentType(ContentType.JSON)
                .body(Map.of("letta_uid", uid, "name", "Renamed " + uid, "status", "Degraded", "is_active", false))
                .put("/api/v1/agents/" + id)
                .then().statusCode(200).body("status", equalTo("Degraded")).body("is_active", equalTo(false));

        given().header("Authorization", admin.bearer()).delete("/api/v1/agents/" + id).then().statusCode(204);
        given().header("Authorization", admin.bearer()).get("/api/v1/agents/" + id)
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void lettaUidIsRequiredAndUnique() {
        create(Map.of("name", Fixtures.unique("NoUid"))).then().statusCode(422)
                .contentType("application/problem+json").body("errors.field", hasItem("letta_uid"));
        String uid = Fixtures.unique("letta");
        createAgent(Map.of("letta_uid", uid));
        create(Map.of("letta_uid", uid)).then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("letta_uid"));
    }

    @Test
    void statusMustBeOneOfTheSeedsValues() {
        create(Map.of("letta_uid", Fixtures.unique("letta"), "status", "Sleeping")).then().statusCode(422)
                .body("errors[0].field", equalTo("status"))
                .body("errors[0].message", containsString("Healthy, Degraded, Off, Ready"));
        for (String status : List.of("Healthy", "Degraded", "Off", "Ready")) {
            create(Map.of("letta_uid", Fixtures.unique("letta"), "status", status)).then().statusCode(201)
                    .body("status", equalTo(status));
        }
    }

    @Test
    void rejectedBodiesNameTheirFieldAndWriteNothing() {
        String uid = Fixtures.unique("letta");
        create(Map.of("letta_uid", uid, "name", "x".repeat(101))).then().statusCode(422).body("errors.field", hasItem("name"));
        create(Map.of("letta_uid", uid, "is_active", "perhaps")).then().statusCode(422).body("errors.field", hasItem("is_active"));
        create(Map.of("letta_uid", uid, "visible_to_users", List.of("one"))).then().statusCode(422);
        create(Map.of("letta_uid", uid, "visible_to_roles", List.of("root"))).then().statusCode(422)
                .body("detail", containsString("visible_to_roles"));
        create(Map.of("letta_uid", uid, "surprise", 1)).then().statusCode(422).body("errors.field", hasItem("surprise"));
        given().header("Authorization", admin.bearer()).contentType(ContentType.JSON).body("{\"letta_uid\": ")
                .post("/api/v1/agents").then().statusCode(400).contentType("application/problem+json");
        given().header("Authorization", admin.bearer()).get("/api/v1/agents/by-letta-uid/" + uid).then().statusCode(404);
    }

    @Test
    void writesNeedTheAdminRoleAndReadsATokenAtAll() {
        Map<String, Object> body = Map.of("letta_uid", Fixtures.unique("letta"));
        given().header("Authorization", user.bearer()).contentType(ContentType.JSON).body(body)
                .post("/api/v1/agents").then().statusCode(403).contentType("application/problem+json");
        given().header("Authorization", viewer.bearer()).contentType(ContentType.JSON).body(body)
                .post("/api/v1/agents").then().statusCode(403);
        given().contentType(ContentType.JSON).body(body).post("/api/v1/agents").then().statusCode(401)
                .contentType("application/problem+json");
        given().get("/api/v1/agents").then().statusCode(401);
        int id = createAgent(Map.of("letta_uid", Fixtures.unique("letta")));
        given().header("Authorization", user.bearer()).delete("/api/v1/agents/" + id).then().statusCode(403);
        given().header("Authorization", viewer.bearer()).contentType(ContentType.JSON).body(body)
                .put("/api/v1/agents/" + id).then().statusCode(403);
    }

    @Test
    void anAgentOutsideAUsersVisibilityIsAbsentForThem() {
        int forAdmins = createAgent(Map.of("letta_uid", Fixtures.unique("letta"), "visible_to_roles", List.of("admin")));
        int forUser = createAgent(Map.of("letta_uid", Fixtures.unique("letta"), "visible_to_users", List.of(user.id())));
        int forUsersRole = createAgent(Map.of("letta_uid", Fixtures.unique("letta"), "visible_to_roles", List.of("user")));
        int forAll = createAgent(Map.of("letta_uid", Fixtures.unique("letta")));

        given().header("Authorization", user.bearer()).get("/api/v1/agents/" + forAdmins).then().statusCode(404);
        given().header("Authorization", user.bearer()).get("/api/v1/agents/" + forUser).then().statusCode(200);
        given().header("Authorization", user.bearer()).get("/api/v1/agents/" + forUsersRole).then().statusCode(200);
        given().header("Authorization", viewer.bearer()).get("/api/v1/agents/" + forUser).then().statusCode(404);
        given().header("Authorization", viewer.bearer()).get("/api/v1/agents/" + forUsersRole).then().statusCode(404);
        given().header("Authorization", viewer.bearer()).get("/api/v1/agents/" + forAll).then().statusCode(200);
        given().header("Authorization", admin.bearer()).get("/api/v1/agents/" + forAdmins).then().statusCode(200);

        List<Integer> seenByUser = given().header("Authorization", user.bearer()).queryParam("size", 100)
                .get("/api/v1/agents?page={p}", lastPage(user)).then().statusCode(200).extract().path("items.id");
        List<Integer> all = allIds(user);
        assertEquals(true, all.contains(forUser) && all.contains(forUsersRole) && all.contains(forAll));
        assertEquals(false, all.contains(forAdmins));
        assertNotEquals(null, seenByUser);
        List<Integer> seenByViewer = allIds(viewer);
        assertEquals(false, seenByViewer.contains(forUser) || seenByViewer.contains(forUsersRole));
        assertEquals(true, seenByViewer.contains(forAll));
        assertEquals(true, allIds(admin).containsAll(List.of(forAdmins, forUser, forUsersRole, forAll)));
    }

    private int lastPage(Caller caller) {
        int total = given().header("Authorization", caller.bearer()).get("/api/v1/agents?size=1").then().extract().path("total");
        return Math.max(0, (total - 1) / 100);
    }

    private List<Integer> allIds(Caller caller) {
        List<Integer> ids = new ArrayList<>();
        for (int page = 0;; page++) {
            List<Integer> items = given().header("Authorization", caller.bearer())
                    .get("/api/v1/agents?size=100&page=" + page).then().statusCode(200).extract().path("items.id");
            ids.addAll(items);
            if (items.size() < 100) {
                return ids;
            }
        }
    }

    @Test
    void listsAreFilteredAndPaged() {
        String tag = Fixtures.unique("Filter");
        createAgent(Map.of("letta_uid", Fixtures.unique("letta"), "name", tag + "-a", "status", "Off"));
        createAgent(Map.of("letta_uid", Fixtures.unique("letta"), "name", tag + "-b", "status", "Off", "is_active", false));
        createAgent(Map.of("letta_uid", Fixtures.unique("letta"), "name", tag + "-c", "status", "Healthy"));

        given().header("Authorization", admin.bearer()).queryParam("name", tag).get("/api/v1/agents")
                .then().statusCode(200).body("total", equalTo(3));
        given().header("Authorization", admin.bearer()).queryParam("name", tag).queryParam("status", "Off").get("/api/v1/agents")
                .then().statusCode(200).body("total", equalTo(2)).body("items.status", everyItem(equalTo("Off")));
        given().header("Authorization", admin.bearer()).queryParam("name", tag).queryParam("is_active", false).get("/api/v1/agents")
                .then().statusCode(200).body("total", equalTo(1)).body("items[0].name", equalTo(tag + "-b"));
        given().header("Authorization", admin.bearer()).queryParam("name", tag).queryParam("size", 2).queryParam("page", 1)
                .get("/api/v1/agents").then().statusCode(200).body("items.size()", equalTo(1)).body("page", equalTo(1))
                .body("size", equalTo(2)).body("total", equalTo(3));
        given().header("Authorization", admin.bearer()).queryParam("size", 1000).get("/api/v1/agents")
                .then().statusCode(422).body("errors.field", hasItem("size"));
        given().header("Authorization", admin.bearer()).queryParam("page", -1).get("/api/v1/agents")
                .then().statusCode(422).body("errors.field", hasItem("page"));
        given().header("Authorization", admin.bearer()).queryParam("name", "%").get("/api/v1/agents")
                .then().statusCode(200).body("items.name", not(hasItem(tag + "-a")));
    }

    @Test
    void aStaleIfMatchIsRefusedWith412() {
        String uid = Fixtures.unique("letta");
        int id = createAgent(Map.of("letta_uid", uid));
        String etag = given().header("Authorization", admin.bearer()).get("/api/v1/agents/" + id).then().extract().header("ETag");
        given().header("Authorization", admin.bearer()).header("If-Match", etag).contentType(ContentType.JSON)
                .body(Map.of("letta_uid", uid, "description", "first")).put("/api/v1/agents/" + id).then().statusCode(200);
        given().header("Authorization", admin.bearer()).header("If-Match", etag).contentType(ContentType.JSON)
                .body(Map.of("letta_uid", uid, "description", "second")).put("/api/v1/agents/" + id)
                .then().statusCode(412).contentType("application/problem+json");
        given().header("Authorization", admin.bearer()).header("If-Match", etag).delete("/api/v1/agents/" + id)
                .then().statusCode(412);
        given().header("Authorization", admin.bearer()).get("/api/v1/agents/" + id).then().body("description", equalTo("first"));
    }

    @Test
    void twoConcurrentUpdatesWithTheSameETagLetExactlyOneWin() throws Exception {
        String uid = Fixtures.unique("letta");
        int id = createAgent(Map.of("letta_uid", uid));
        String etag = given().header("Authorization", admin.bearer()).get("/api/v1/agents/" + id).then().extract().header("ETag");
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (String description : List.of("editor one", "editor two")) {
                Callable<Integer> update = () -> {
                    start.await();
                    return given().header("Authorization", admin.bearer()).header("If-Match", etag).contentType(ContentType.JSON)
                            .body(Map.of("letta_uid", uid, "description", description)).put("/api/v1/agents/" + id).statusCode();
                };
                results.add(pool.submit(update));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> result : results) {
                statuses.add(result.get());
            }
            statuses.sort(Integer::compareTo);
            assertEquals(List.of(200, 412), statuses);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void deletingAnAgentWithToolInstancesNeedsCascade() {
        int agent = createAgent(Map.of("letta_uid", Fixtures.unique("letta")));
        int tool = given().header("Authorization", admin.bearer()).contentType(ContentType.JSON)
                .body(Map.of("name", Fixtures.unique("memory"), "module_scope", "agent")).post("/api/v1/tools")
                .then().statusCode(201).extract().path("id");
        int instance = given().header("Authorization", admin.bearer()).contentType(ContentType.JSON)
                .body(Map.of("agent_id", agent)).post("/api/v1/tools/" + tool + "/instances")
                .then().statusCode(201).extract().path("id");

        given().header("Authorization", admin.bearer()).delete("/api/v1/agents/" + agent)
                .then().statusCode(409).body("detail", containsString("1 tool instance"));
        given().header("Authorization", admin.bearer()).get("/api/v1/tool-instances/" + instance).then().statusCode(200);

        given().header("Authorization", admin.bearer()).queryParam("cascade", true).delete("/api/v1/agents/" + agent)
                .then().statusCode(204);
        given().header("Authorization", admin.bearer()).get("/api/v1/tool-instances/" + instance).then().statusCode(404);
        given().header("Authorization", admin.bearer()).get("/api/v1/tools/" + tool).then().statusCode(200);
    }
}
