package dev.calroom.handler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.calroom.support.Env;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.AbstractMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * For every function of template.yaml: the variables its code reads when Lambda starts it (its handler's no-arg
 * constructor, the function's init) equal the variables the template sets for it. A name read but not set, or set
 * but not read, fails: the webhook secret's variable once differed between code and template and every webhook
 * answered 500 on AWS while every test here passed.
 */
class FunctionEnvironmentTest {

    /** Set by Lambda itself, by the SDK's standard configuration, or by the local stack only. */
    private static final Set<String> NOT_FROM_THE_TEMPLATE = Set.of("AWS_REGION", "AWS_DEFAULT_REGION",
            "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_LAMBDA_FUNCTION_NAME",
            "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL_SECRETS_MANAGER", "AWS_ENDPOINT_URL_SQS",
            "CALROOM_LOCAL_CLOCK_FILE");
    /** Read by the JVM, not by calroom's code. */
    private static final Set<String> READ_BY_THE_JVM = Set.of("JAVA_TOOL_OPTIONS");

    @AfterEach
    void restore() {
        Env.install(System.getenv(), Clock.systemUTC());
        ApiComponents.forgetInstance();
    }

    /** An environment that remembers which names were asked for. */
    static final class RecordingEnvironment extends AbstractMap<String, String> {
        final Map<String, String> values;
        final Set<String> read = ConcurrentHashMap.newKeySet();

        RecordingEnvironment(Map<String, String> values) {
            this.values = values;
        }

        @Override
        public String get(Object key) {
            read.add(String.valueOf(key));
            return values.get(key);
        }

        @Override
        public String getOrDefault(Object key, String dflt) {
            read.add(String.valueOf(key));
            return values.getOrDefault(key, dflt);
        }

        @Override
        public boolean containsKey(Object key) {
            read.add(String.valueOf(key));
            return values.containsKey(key);
        }

        @Override
        public Set<Entry<String, String>> entrySet() {
            throw new UnsupportedOperationException("functions read their variables by name");
        }
    }

    @Test
    void everyFunction_readsExactlyTheVariablesTheTemplateSetsForIt() throws Exception {
        JsonNode t = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(Path.of("../template.yaml")));
        Map<String, String> parameters = new HashMap<>();
        t.path("Parameters").fields().forEachRemaining(p -> {
            String d = p.getValue().path("Default").asText("");
            parameters.put(p.getKey(), d.isBlank() ? "https://" + p.getKey().toLowerCase() + ".example" : d);
        });
        Map<String, String> globals = variables(t.path("Globals").path("Function"), parameters);
        int checked = 0;
        var it = t.path("Resources").fields();
        while (it.hasNext()) {
            var resource = it.next();
            if (!"AWS::Serverless::Function".equals(resource.getValue().path("Type").asText())) {
                continue;
            }
            JsonNode props = resource.getValue().path("Properties");
            Map<String, String> set = new LinkedHashMap<>(globals);
            set.putAll(variables(props, parameters));
            Map<String, String> process = new HashMap<>(set);
            process.put("AWS_REGION", "us-east-1");
            process.put("AWS_ACCESS_KEY_ID", "test");
            process.put("AWS_SECRET_ACCESS_KEY", "test");
            process.put("AWS_SESSION_TOKEN", "test");
            RecordingEnvironment env = new RecordingEnvironment(process);
            Env.install(env, Clock.systemUTC());
            ApiComponents.forgetInstance();
            String handler = props.path("Handler").asText();
            Class.forName(handler.substring(0, handler.indexOf("::"))).getConstructor().newInstance();

            Set<String> read = new TreeSet<>(env.read);
            read.removeAll(NOT_FROM_THE_TEMPLATE);
            // A secret is given either directly (local development) or by ARN (template.yaml): reading the direct
            // name first is how the code looks for both.
            read.removeIf(name -> set.containsKey(name + "_ARN") || set.containsKey(name + "_SECRET_ARN"));
            Set<String> fromTemplate = new TreeSet<>(set.keySet());
            fromTemplate.removeAll(READ_BY_THE_JVM);
            assertEquals(fromTemplate, read, resource.getKey() + ": variables set by template.yaml (expected) vs "
                    + "read by the function's code");
            checked++;
        }
        assertTrue(checked >= 6, "functions checked: " + checked);
    }

    private static Map<String, String> variables(JsonNode owner, Map<String, String> parameters) {
        Map<String, String> out = new LinkedHashMap<>();
        owner.path("Environment").path("Variables").fields().forEachRemaining(v -> {
            String value = v.getValue().asText();
            out.put(v.getKey(), parameters.getOrDefault(value, value));
        });
        return out;
    }
}
