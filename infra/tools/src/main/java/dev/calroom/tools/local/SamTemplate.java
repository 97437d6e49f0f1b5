package dev.calroom.tools.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the local stack needs from template.yaml: each function's handler, environment, HttpApi routes and
 * schedule, and the DynamoDB table's definition. Intrinsic functions are not evaluated; the local stack replaces
 * the values that hold them.
 */
public final class SamTemplate {

    /** One AWS::Serverless::Function. */
    public record Function(String logicalId, String handlerClass, Map<String, String> environment,
                           List<Route> routes, Long scheduleMinutes, String scheduleInput, String handler,
                           int memoryMb, int timeoutSeconds, String codeUri, List<SqsSource> sqsSources) {
    }

    /**
     * One SQS event of a function (an event source mapping).
     *
     * @param batchingWindowSeconds MaximumBatchingWindowInSeconds (0: deliver what one receive returns)
     * @param maximumConcurrency    ScalingConfig.MaximumConcurrency (0: not set)
     */
    public record SqsSource(String queueLogicalId, int batchSize, int batchingWindowSeconds,
                            boolean reportBatchItemFailures, int maximumConcurrency) {
    }

    /** One AWS::SQS::Queue; {@code deadLetterQueue} is the RedrivePolicy's target (null: none). */
    public record Queue(String logicalId, int visibilityTimeoutSeconds, String deadLetterQueue, int maxReceiveCount,
                        int delaySeconds) {
    }

    /** One HttpApi event: method and path template. */
    public record Route(String method, String path, Pattern regex, List<String> parameters) {

        public String routeKey() {
            return path.equals("$default") ? "$default" : method + " " + path;
        }

        /**
         * API Gateway's choice among routes that match a request: the most specific path first (segment by segment,
         * a literal before a variable, a variable before a greedy one), then an exact method before ANY, and
         * {@code $default} last.
         */
        public static final java.util.Comparator<Route> MOST_SPECIFIC_FIRST = (x, y) -> {
            if (x.path.equals("$default") || y.path.equals("$default")) {
                return Boolean.compare(x.path.equals("$default"), y.path.equals("$default"));
            }
            String[] a = x.path.split("/");
            String[] b = y.path.split("/");
            for (int i = 0; i < Math.min(a.length, b.length); i++) {
                int c = Integer.compare(rank(a[i]), rank(b[i]));
                if (c != 0) {
                    return c;
                }
            }
            int c = Integer.compare(b.length, a.length);
            return c != 0 ? c : Boolean.compare(x.method.equals("ANY"), y.method.equals("ANY"));
        };

        private static int rank(String segment) {
            if (segment.startsWith("{") && segment.endsWith("+}")) {
                return 2;
            }
            return segment.startsWith("{") ? 1 : 0;
        }

        /** Path parameters when {@code rawPath} matches, else null. */
        public Map<String, String> match(String rawPath) {
            Matcher m = regex.matcher(rawPath);
            if (!m.matches()) {
                return null;
            }
            Map<String, String> out = new LinkedHashMap<>();
            for (int i = 0; i < parameters.size(); i++) {
                out.put(parameters.get(i), java.net.URLDecoder.decode(m.group(i + 1),
                        java.nio.charset.StandardCharsets.UTF_8));
            }
            return out;
        }
    }

    private static final Pattern RATE = Pattern.compile("rate\\((\\d+) minutes?\\)");

    private final List<Function> functions;
    private final List<Queue> queues;
    private final JsonNode table;
    private final String tableLogicalId;

    private SamTemplate(List<Function> functions, List<Queue> queues, JsonNode table, String tableLogicalId) {
        this.functions = functions;
        this.queues = queues;
        this.table = table;
        this.tableLogicalId = tableLogicalId;
    }

    /** The queues, dead-letter queues before the queues that name them. */
    public List<Queue> queues() {
        return queues;
    }

    public static SamTemplate read(Path file) throws IOException {
        JsonNode t = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
        Map<String, String> parameters = new LinkedHashMap<>();
        t.path("Parameters").fields().forEachRemaining(pe -> parameters.put(pe.getKey(),
                pe.getValue().path("Default").asText("")));
        parameters.putAll(overrides(file.resolveSibling("infra").resolve("samconfig.toml")));
        Map<String, String> globals = env(t.path("Globals").path("Function").path("Environment"), parameters);
        List<Function> functions = new ArrayList<>();
        List<Queue> queues = new ArrayList<>();
        JsonNode table = null;
        String tableId = null;
        var it = t.path("Resources").fields();
        while (it.hasNext()) {
            var e = it.next();
            String type = e.getValue().path("Type").asText();
            JsonNode p = e.getValue().path("Properties");
            if (type.equals("AWS::DynamoDB::Table")) {
                table = p;
                tableId = e.getKey();
            }
            if (type.equals("AWS::SQS::Queue")) {
                // The YAML reader drops short-form tags: "!GetAtt Dlq.Arn" reads as "Dlq.Arn".
                String dlq = p.path("RedrivePolicy").path("deadLetterTargetArn").asText(null);
                queues.add(new Queue(e.getKey(), p.path("VisibilityTimeout").asInt(30),
                        dlq == null ? null : dlq.replace(".Arn", ""),
                        p.path("RedrivePolicy").path("maxReceiveCount").asInt(0), p.path("DelaySeconds").asInt(0)));
            }
            if (!type.equals("AWS::Serverless::Function")) {
                continue;
            }
            Map<String, String> env = new LinkedHashMap<>(globals);
            env.putAll(env(p.path("Environment"), parameters));
            List<Route> routes = new ArrayList<>();
            List<SqsSource> sqsSources = new ArrayList<>();
            Long minutes = null;
            String input = null;
            for (JsonNode ev : p.path("Events")) {
                JsonNode ep = ev.path("Properties");
                switch (ev.path("Type").asText()) {
                    case "HttpApi" -> routes.add(route(ep.path("Method").asText("ANY"), ep.path("Path").asText()));
                    case "ScheduleV2", "Schedule" -> {
                        Matcher m = RATE.matcher(ep.path("ScheduleExpression").asText());
                        if (m.matches()) {
                            minutes = Long.parseLong(m.group(1));
                        }
                        input = ep.has("Input") ? ep.path("Input").asText() : null;
                    }
                    case "SQS" -> {
                        boolean partial = false;
                        for (JsonNode t2 : ep.path("FunctionResponseTypes")) {
                            partial |= t2.asText().equals("ReportBatchItemFailures");
                        }
                        sqsSources.add(new SqsSource(ep.path("Queue").asText().replace(".Arn", ""),
                                number(ep.path("BatchSize"), parameters, 10),
                                number(ep.path("MaximumBatchingWindowInSeconds"), parameters, 0), partial,
                                number(ep.path("ScalingConfig").path("MaximumConcurrency"), parameters, 0)));
                    }
                    default -> {
                    }
                }
            }
            String handler = p.path("Handler").asText();
            JsonNode g = t.path("Globals").path("Function");
            functions.add(new Function(e.getKey(), handler.substring(0, handler.indexOf("::")), env, routes,
                    minutes, input, handler, p.path("MemorySize").asInt(g.path("MemorySize").asInt(128)),
                    p.path("Timeout").asInt(g.path("Timeout").asInt(3)),
                    p.path("CodeUri").asText(g.path("CodeUri").asText("")), List.copyOf(sqsSources)));
        }
        // Dead-letter queues first: a queue's redrive policy names an existing queue.
        queues.sort(java.util.Comparator.comparing(q -> q.deadLetterQueue() != null));
        if (table == null) {
            throw new IOException("template.yaml declares no DynamoDB table");
        }
        return new SamTemplate(functions, queues, table, tableId);
    }

    /**
     * A function's variables. A value naming a template parameter ({@code !Ref Name}, which the YAML reader sees as
     * the plain name) takes the parameter's value: samconfig's override, else the template's default.
     */
    private static Map<String, String> env(JsonNode environment, Map<String, String> parameters) {
        Map<String, String> out = new LinkedHashMap<>();
        environment.path("Variables").fields().forEachRemaining(v -> {
            String value = v.getValue().asText();
            out.put(v.getKey(), parameters.getOrDefault(value, value));
        });
        return out;
    }

    /** A number given literally or as {@code !Ref Parameter}. */
    private static int number(JsonNode value, Map<String, String> parameters, int dflt) {
        if (value.isMissingNode() || value.isNull()) {
            return dflt;
        }
        if (value.isNumber()) {
            return value.asInt();
        }
        String text = parameters.getOrDefault(value.asText(), value.asText());
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    /** The {@code Name=value} entries of samconfig.toml's {@code parameter_overrides}, if the file is there. */
    private static Map<String, String> overrides(Path samconfig) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        if (!Files.isRegularFile(samconfig)) {
            return out;
        }
        Matcher m = Pattern.compile("\"([A-Za-z0-9]+)=([^\"]*)\"").matcher(Files.readString(samconfig));
        while (m.find()) {
            out.put(m.group(1), m.group(2));
        }
        return out;
    }

    static Route route(String method, String path) {
        List<String> params = new ArrayList<>();
        StringBuilder regex = new StringBuilder();
        Matcher m = Pattern.compile("\\{([A-Za-z0-9_]+)}").matcher(path);
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(path.substring(last, m.start()))).append("([^/]+)");
            params.add(m.group(1));
            last = m.end();
        }
        regex.append(Pattern.quote(path.substring(last)));
        return new Route(method.toUpperCase(), path, Pattern.compile(regex.toString()), params);
    }

    public List<Function> functions() {
        return functions;
    }

    public String tableLogicalId() {
        return tableLogicalId;
    }

    /** The table as template.yaml declares it, under {@code name}. */
    public CreateTableRequest tableDefinition(String name) {
        List<AttributeDefinition> attrs = new ArrayList<>();
        for (JsonNode a : table.path("AttributeDefinitions")) {
            attrs.add(AttributeDefinition.builder().attributeName(a.path("AttributeName").asText())
                    .attributeType(a.path("AttributeType").asText()).build());
        }
        List<GlobalSecondaryIndex> gsis = new ArrayList<>();
        for (JsonNode g : table.path("GlobalSecondaryIndexes")) {
            List<String> nonKey = new ArrayList<>();
            g.path("Projection").path("NonKeyAttributes").forEach(a -> nonKey.add(a.asText()));
            Projection.Builder projection = Projection.builder().projectionType(g.path("Projection")
                    .path("ProjectionType").asText());
            if (!nonKey.isEmpty()) {
                projection.nonKeyAttributes(nonKey);
            }
            gsis.add(GlobalSecondaryIndex.builder().indexName(g.path("IndexName").asText())
                    .keySchema(keys(g.path("KeySchema"))).projection(projection.build()).build());
        }
        return CreateTableRequest.builder().tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attrs).keySchema(keys(table.path("KeySchema")))
                .globalSecondaryIndexes(gsis).build();
    }

    public String ttlAttribute() {
        return table.path("TimeToLiveSpecification").path("AttributeName").asText(null);
    }

    private static List<KeySchemaElement> keys(JsonNode schema) {
        List<KeySchemaElement> out = new ArrayList<>();
        for (JsonNode k : schema) {
            out.add(KeySchemaElement.builder().attributeName(k.path("AttributeName").asText())
                    .keyType(k.path("KeyType").asText()).build());
        }
        return out;
    }
}
