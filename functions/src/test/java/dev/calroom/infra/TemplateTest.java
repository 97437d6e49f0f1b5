package dev.calroom.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.calroom.api.OpenApiContract;
import dev.calroom.dynamodb.CalroomTable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** template.yaml checked against the code: handlers, routes, table, permissions. */
class TemplateTest {

    static JsonNode template;

    @BeforeAll
    static void load() throws Exception {
        template = new ObjectMapper(new YAMLFactory()).readTree(
                Files.readString(OpenApiContract.locate("template.yaml")));
    }

    static Map<String, JsonNode> functions() {
        Map<String, JsonNode> out = new HashMap<>();
        template.path("Resources").fields().forEachRemaining(e -> {
            if ("AWS::Serverless::Function".equals(e.getValue().path("Type").asText())) {
                out.put(e.getKey(), e.getValue().path("Properties"));
            }
        });
        return out;
    }

    @Test
    void everyHandler_isABuiltClassWithHandleRequest() throws Exception {
        assertTrue(functions().size() >= 6);
        for (Map.Entry<String, JsonNode> f : functions().entrySet()) {
            String handler = f.getValue().path("Handler").asText();
            String[] parts = handler.split("::");
            assertEquals(2, parts.length, handler);
            Class<?> type = Class.forName(parts[0]);
            boolean found = false;
            for (Method m : type.getMethods()) {
                // RequestHandler (event, context) or RequestStreamHandler (input, output, context)
                found |= m.getName().equals(parts[1]) && (m.getParameterCount() == 2 || m.getParameterCount() == 3);
            }
            assertTrue(found, handler + " has no " + parts[1]);
            type.getConstructor();
        }
    }

    @Test
    void httpApiRoutes_equalTheOpenApiOperations_andThePagesRoutesAreTheWebFunctions() {
        Set<String> routes = new TreeSet<>();
        Set<String> pages = new TreeSet<>();
        for (Map.Entry<String, JsonNode> entry : functions().entrySet()) {
            JsonNode f = entry.getValue();
            Set<String> into = entry.getKey().equals("WebFunction") ? pages : routes;
            f.path("Events").forEach(e -> {
                if ("HttpApi".equals(e.path("Type").asText())
                        && !"$default".equals(e.path("Properties").path("Path").asText())) {
                    assertTrue(into.add(e.path("Properties").path("Method").asText() + " "
                            + e.path("Properties").path("Path").asText()), "route declared twice");
                }
            });
        }
        assertEquals(new TreeSet<>(OpenApiContract.load().routeKeys()), routes);
        assertEquals(new TreeSet<>(Set.of("GET /", "GET /{room}", "GET /{room}/{meetingId}", "GET /config.json",
                "GET /assets/{version}/{file}")), pages);
    }

    @Test
    void theTable_hasTheKeysIndexesAndTtlTheCodeUses() {
        JsonNode table = template.path("Resources").path("CalroomTable").path("Properties");
        CreateTableRequest code = CalroomTable.definition("t");
        assertEquals("PAY_PER_REQUEST", table.path("BillingMode").asText());
        assertTrue(table.path("PointInTimeRecoverySpecification").path("PointInTimeRecoveryEnabled").asBoolean());
        assertTrue(table.path("DeletionProtectionEnabled").asBoolean());
        assertEquals(CalroomTable.TTL, table.path("TimeToLiveSpecification").path("AttributeName").asText());
        assertEquals(keys(code.keySchema().stream().map(k -> k.attributeName() + ":" + k.keyTypeAsString()).toList()),
                keys(table.path("KeySchema"), "AttributeName", "KeyType"));
        assertEquals(keys(code.attributeDefinitions().stream()
                        .map(a -> a.attributeName() + ":" + a.attributeTypeAsString()).toList()),
                keys(table.path("AttributeDefinitions"), "AttributeName", "AttributeType"));
        Map<String, String> codeIndexes = new HashMap<>();
        for (GlobalSecondaryIndex g : code.globalSecondaryIndexes()) {
            codeIndexes.put(g.indexName(), g.keySchema().stream().map(k -> k.attributeName() + ":"
                    + k.keyTypeAsString()).toList() + " " + g.projection().projectionTypeAsString()
                    + " " + g.projection().nonKeyAttributes());
        }
        Map<String, String> templateIndexes = new HashMap<>();
        for (JsonNode g : table.path("GlobalSecondaryIndexes")) {
            StringBuilder k = new StringBuilder("[");
            for (JsonNode e : g.path("KeySchema")) {
                k.append(k.length() > 1 ? ", " : "").append(e.path("AttributeName").asText()).append(':')
                        .append(e.path("KeyType").asText());
            }
            List<String> nonKey = new java.util.ArrayList<>();
            g.path("Projection").path("NonKeyAttributes").forEach(a -> nonKey.add(a.asText()));
            templateIndexes.put(g.path("IndexName").asText(), k + "] "
                    + g.path("Projection").path("ProjectionType").asText() + " " + nonKey);
        }
        assertEquals(codeIndexes, templateIndexes);
        assertTrue(codeIndexes.containsKey(CalroomTable.DUE_SYNC_INDEX));
        assertTrue(codeIndexes.containsKey(CalroomTable.DUE_LIFECYCLE_INDEX));
        assertTrue(codeIndexes.containsKey(CalroomTable.ROOMS_BY_OWNER_INDEX));
    }

    @Test
    void iamPolicies_nameActionsWithoutWildcards() {
        int statements = 0;
        for (Map.Entry<String, JsonNode> f : functions().entrySet()) {
            for (JsonNode p : f.getValue().path("Policies")) {
                for (JsonNode s : p.path("Statement")) {
                    statements++;
                    for (JsonNode a : s.path("Action").isArray() ? s.path("Action")
                            : new ObjectMapper().createArrayNode().add(s.path("Action"))) {
                        assertFalse(a.asText().contains("*"), f.getKey() + " grants " + a.asText());
                    }
                    assertFalse(s.path("Resource").asText("").equals("*"), f.getKey() + " on every resource");
                }
            }
        }
        assertTrue(statements >= 6);
    }

    @Test
    void apiFunctionsUseSnapStart_andScheduledOnesRunEveryMinuteWithRetriesAndADlq() {
        for (Map.Entry<String, JsonNode> f : functions().entrySet()) {
            JsonNode events = f.getValue().path("Events");
            boolean api = false;
            for (JsonNode e : events) {
                String type = e.path("Type").asText();
                api |= type.equals("HttpApi");
                if (type.equals("ScheduleV2")) {
                    assertEquals("rate(1 minute)", e.path("Properties").path("ScheduleExpression").asText());
                    assertTrue(e.path("Properties").has("RetryPolicy"), f.getKey());
                    assertTrue(e.path("Properties").path("DeadLetterConfig").has("Arn"), f.getKey());
                }
            }
            if (api) {
                assertEquals("PublishedVersions", f.getValue().path("SnapStart").path("ApplyOn").asText(), f.getKey());
                assertFalse(f.getValue().path("AutoPublishAlias").asText().isEmpty(), f.getKey());
            }
        }
        assertTrue(functions().containsKey("IcsSyncFunction"));
        assertTrue(functions().containsKey("MeetingLifecycleFunction"));
    }

    private static Set<String> keys(java.util.List<String> list) {
        return new HashSet<>(list);
    }

    private static Set<String> keys(JsonNode array, String a, String b) {
        Set<String> out = new HashSet<>();
        for (JsonNode n : array) {
            out.add(n.path(a).asText() + ":" + n.path(b).asText());
        }
        return out;
    }

    @Test
    void namesAreUniquePerStack_soTwoStacksDeployInOneAccount() throws Exception {
        String text = Files.readString(OpenApiContract.locate("template.yaml"));
        for (JsonNode f : functions().values()) {
            f.path("Events").forEach(e -> {
                if ("ScheduleV2".equals(e.path("Type").asText())) {
                    assertTrue(e.path("Properties").path("Name").asText().contains("AWS::StackName"),
                            "a schedule's name carries the stack name: " + e);
                }
            });
            assertFalse(f.has("FunctionName"), "function names are generated per stack");
        }
        template.path("Resources").forEach(r -> {
            JsonNode p = r.path("Properties");
            if (p.has("LogGroupName")) {
                assertTrue(p.path("LogGroupName").asText().contains("${"), "log group named after its function");
            }
            assertFalse(p.has("AlarmName") && !p.path("AlarmName").asText().contains("AWS::StackName"),
                    "an alarm name, if fixed, carries the stack name");
            assertFalse(p.has("QueueName") || p.has("TableName") || p.has("Name") && !p.path("Name").asText()
                    .contains("AWS::StackName"), "no fixed resource names: " + p);
        });
        assertTrue(text.contains("!Sub \"${AWS::StackName}-ics-sync\""));
    }

    @Test
    void reservedConcurrency_isOptIn_snapStartFunctionsKeepTheRuntimesCompilation_andMetaspaceStartsAboveTheClasses() {
        for (Map.Entry<String, JsonNode> f : functions().entrySet()) {
            JsonNode rc = f.getValue().path("ReservedConcurrentExecutions");
            assertFalse(rc.isNumber(), f.getKey() + ": reserved concurrency is a parameter, off by default");
            String options = f.getValue().path("Environment").path("Variables").path("JAVA_TOOL_OPTIONS")
                    .asText(template.path("Globals").path("Function").path("Environment").path("Variables")
                            .path("JAVA_TOOL_OPTIONS").asText());
            if (f.getValue().has("SnapStart")) {
                assertFalse(options.contains("TieredStopAtLevel"), f.getKey() + " keeps C1+C2 with SnapStart");
            }
            java.util.regex.Matcher metaspace = java.util.regex.Pattern.compile("-XX:MetaspaceSize=(\\d+)m")
                    .matcher(options);
            assertTrue(metaspace.find() && Integer.parseInt(metaspace.group(1)) >= 48,
                    f.getKey() + ": the metaspace's first collection threshold sits above what its classes take");
        }
        assertEquals("0", template.path("Parameters").path("ScheduledReservedConcurrency").path("Default").asText());
    }

    @Test
    void everyTimeout_exceedsTheWorkBudgetInsideIt() {
        int global = template.path("Globals").path("Function").path("Timeout").asInt();
        Map<String, Integer> timeouts = new HashMap<>();
        functions().forEach((id, f) -> timeouts.put(id, f.path("Timeout").asInt(global)));
        long interactiveFetch = dev.calroom.fetch.FetchSettings.interactive(false).totalTimeout().toSeconds();
        long scheduledFetch = dev.calroom.fetch.FetchSettings.defaults(false).totalTimeout().toSeconds();
        assertTrue(timeouts.get("FeedFunction") >= interactiveFetch + 10, "sync now: fetch, parse and write");
        for (String api : Set.of("RoomsFunction", "MeetingsFunction", "FeedFunction", "DailyWebhookFunction")) {
            assertTrue(timeouts.get(api) < 30, api + " answers within HTTP API's 30 s integration limit");
            assertTrue(timeouts.get(api) > dev.calroom.daily.DailySettings.interactive().budget().toSeconds(),
                    api + ": above the Daily client's budget");
        }
        assertTrue(timeouts.get("IcsSyncFunction") >= scheduledFetch * 2, "a sync run starts rooms while a"
                + " worst-case fetch still fits");
    }

    @Test
    void syncQueue_feedsTheWorker_asLambdasSqsEventSourceAsks() {
        JsonNode resources = template.path("Resources");
        JsonNode queue = resources.path("SyncQueue").path("Properties");
        JsonNode worker = resources.path("SyncWorkerFunction").path("Properties");
        int timeout = worker.path("Timeout").asInt();
        assertTrue(queue.path("VisibilityTimeout").asInt() >= 6 * timeout,
                "visibility timeout at least six times the worker's timeout");
        // The YAML reader drops the short-form tags: "!GetAtt X.Arn" reads as "X.Arn", "!Ref X" as "X".
        assertEquals("SyncDeadLetterQueue.Arn", queue.path("RedrivePolicy").path("deadLetterTargetArn").asText());
        int receives = queue.path("RedrivePolicy").path("maxReceiveCount").asInt();
        assertTrue(receives >= 3 && receives <= 10, "a few receives before the dead-letter queue");
        JsonNode source = worker.path("Events").path("SyncQueueMessages");
        assertEquals("SQS", source.path("Type").asText());
        JsonNode p = source.path("Properties");
        assertEquals("SyncQueue.Arn", p.path("Queue").asText());
        assertEquals("ReportBatchItemFailures", p.path("FunctionResponseTypes").get(0).asText());
        assertEquals("SyncWorkerMaximumConcurrency", p.path("ScalingConfig").path("MaximumConcurrency").asText());
        assertEquals("SyncWorkerBatchSize", p.path("BatchSize").asText());
        assertTrue(p.path("MaximumBatchingWindowInSeconds").asInt() >= 1, "batches above 10 need a window");
        assertEquals(2, template.path("Parameters").path("SyncWorkerMaximumConcurrency").path("MinValue").asInt(),
                "Lambda's lowest MaximumConcurrency");
        assertEquals("SyncQueue", resources.path("IcsSyncFunction").path("Properties").path("Environment")
                .path("Variables").path("SYNC_QUEUE_URL").asText());
        Set<String> alarmed = new java.util.HashSet<>();
        resources.fields().forEachRemaining(e -> {
            JsonNode a = e.getValue().path("Properties");
            if ("AWS::CloudWatch::Alarm".equals(e.getValue().path("Type").asText())) {
                a.path("Dimensions").forEach(d -> alarmed.add(a.path("MetricName").asText() + " "
                        + d.path("Value").asText().replace(".QueueName", "")));
            }
        });
        assertTrue(alarmed.contains("ApproximateNumberOfMessagesVisible SyncDeadLetterQueue"), alarmed.toString());
        assertTrue(alarmed.contains("ApproximateAgeOfOldestMessage SyncQueue"), alarmed.toString());
        assertTrue(alarmed.contains("Errors SyncWorkerFunction"), alarmed.toString());
    }
}
