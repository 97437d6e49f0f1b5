package dev.calroom.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * infra/openapi.yaml as a test oracle: finds the operation of a route and checks a response (status, content type,
 * body) against it with the JSON Schema keywords the document uses. Tests run every response they receive through
 * it, so the document and the handlers cannot drift apart.
 */
public final class OpenApiContract {

    private static OpenApiContract instance;

    private final JsonNode doc;

    private OpenApiContract(JsonNode doc) {
        this.doc = doc;
    }

    public static synchronized OpenApiContract load() {
        if (instance == null) {
            try {
                instance = new OpenApiContract(new ObjectMapper(new YAMLFactory()).readTree(
                        Files.readString(locate("infra/openapi.yaml"))));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return instance;
    }

    public JsonNode document() {
        return doc;
    }

    /** A file of the repository, found from the test's working directory (the module or the root). */
    public static Path locate(String relative) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path p = dir.resolve(relative);
            if (Files.exists(p)) {
                return p;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException(relative + " not found above " + Path.of("").toAbsolutePath());
    }

    /** The operations the document declares, as API Gateway route keys ({@code GET /v1/rooms/{room}}). */
    public List<String> routeKeys() {
        List<String> out = new ArrayList<>();
        doc.path("paths").fields().forEachRemaining(p -> p.getValue().fieldNames().forEachRemaining(m -> {
            if (List.of("get", "post", "put", "patch", "delete").contains(m)) {
                out.add(m.toUpperCase() + " " + p.getKey());
            }
        }));
        return out;
    }

    /** Problems with a response, empty when it conforms. */
    public List<String> check(String routeKey, int status, String contentType, String body) {
        List<String> errors = new ArrayList<>();
        String method = routeKey.substring(0, routeKey.indexOf(' ')).toLowerCase();
        String path = routeKey.substring(routeKey.indexOf(' ') + 1);
        JsonNode op = doc.path("paths").path(path).path(method);
        if (op.isMissingNode()) {
            errors.add(routeKey + " is not in the document");
            return errors;
        }
        JsonNode response = resolve(op.path("responses").path(Integer.toString(status)));
        if (response.isMissingNode()) {
            errors.add(routeKey + " does not declare status " + status);
            return errors;
        }
        JsonNode content = response.path("content");
        if (content.isMissingNode() || content.isEmpty()) {
            if (body != null && !body.isEmpty()) {
                errors.add(routeKey + " " + status + " declares no body but one was sent");
            }
            return errors;
        }
        String type = contentType == null ? "" : contentType.split(";")[0].trim();
        JsonNode media = content.path(type);
        if (media.isMissingNode()) {
            errors.add(routeKey + " " + status + " does not declare content type '" + type + "'");
            return errors;
        }
        JsonNode parsed;
        try {
            parsed = new ObjectMapper().readTree(body);
        } catch (IOException e) {
            errors.add(routeKey + " " + status + " body is not JSON");
            return errors;
        }
        validate(media.path("schema"), parsed, "$", errors);
        return errors;
    }

    private JsonNode resolve(JsonNode node) {
        while (node.has("$ref")) {
            String ref = node.get("$ref").asText();
            JsonNode target = doc;
            for (String part : ref.substring(2).split("/")) {
                target = target.path(part);
            }
            node = target;
        }
        return node;
    }

    private void validate(JsonNode schema, JsonNode value, String at, List<String> errors) {
        schema = resolve(schema);
        if (schema.has("oneOf")) {
            int matches = 0;
            for (JsonNode alt : schema.get("oneOf")) {
                List<String> e = new ArrayList<>();
                validate(alt, value, at, e);
                if (e.isEmpty()) {
                    matches++;
                }
            }
            if (matches != 1) {
                errors.add(at + " matches " + matches + " of oneOf");
            }
            return;
        }
        if (schema.has("type") && !typeMatches(schema.get("type"), value)) {
            errors.add(at + " is " + value.getNodeType() + ", expected " + schema.get("type"));
            return;
        }
        if (schema.has("enum")) {
            boolean found = false;
            for (JsonNode e : schema.get("enum")) {
                if (e.equals(value) || (e.isNull() && value.isNull())
                        || (e.isNumber() && value.isNumber() && e.asLong() == value.asLong())) {
                    found = true;
                }
            }
            if (!found) {
                errors.add(at + " = " + value + " is not one of " + schema.get("enum"));
            }
        }
        if (value.isTextual()) {
            String s = value.asText();
            if ("date-time".equals(schema.path("format").asText())) {
                try {
                    Instant.parse(s);
                } catch (DateTimeParseException e) {
                    errors.add(at + " = " + s + " is not a date-time");
                }
            }
            if (schema.has("pattern") && !Pattern.compile(schema.get("pattern").asText()).matcher(s).find()) {
                errors.add(at + " = " + s + " does not match " + schema.get("pattern").asText());
            }
            if (schema.has("maxLength") && s.length() > schema.get("maxLength").asInt()) {
                errors.add(at + " is longer than " + schema.get("maxLength").asInt());
            }
        }
        if (value.isNumber() && schema.has("minimum") && value.asDouble() < schema.get("minimum").asDouble()) {
            errors.add(at + " is below " + schema.get("minimum"));
        }
        if (value.isObject()) {
            for (JsonNode r : schema.path("required")) {
                if (!value.has(r.asText())) {
                    errors.add(at + "." + r.asText() + " is required");
                }
            }
            JsonNode props = schema.path("properties");
            Iterator<Map.Entry<String, JsonNode>> it = value.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> f = it.next();
                if (props.has(f.getKey())) {
                    validate(props.get(f.getKey()), f.getValue(), at + "." + f.getKey(), errors);
                } else if (schema.path("additionalProperties").isBoolean()
                        && !schema.path("additionalProperties").asBoolean()) {
                    errors.add(at + "." + f.getKey() + " is not in the schema");
                }
            }
        }
        if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                validate(schema.get("items"), value.get(i), at + "[" + i + "]", errors);
            }
        }
    }

    private static boolean typeMatches(JsonNode type, JsonNode value) {
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (typeMatches(t, value)) {
                    return true;
                }
            }
            return false;
        }
        return switch (type.asText()) {
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "null" -> value.isNull();
            default -> false;
        };
    }
}
