package dev.calroom.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.calroom.domain.RefusedException;

import java.io.IOException;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A JSON object request body, read field by field; every refusal names the field by its JSON path.
 */
public final class JsonBody {

    private final ObjectNode root;
    private final String prefix;

    private JsonBody(ObjectNode root, String prefix) {
        this.root = root;
        this.prefix = prefix;
    }

    /** The body as a JSON object; an empty body reads as {@code {}} when {@code optional}. */
    public static JsonBody parse(ApiRequest request, boolean optional) {
        if (request.body().length == 0) {
            if (optional) {
                return new JsonBody(Json.object(), "");
            }
            throw RefusedException.invalid("body", "a JSON object is required");
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(request.body());
        } catch (StreamConstraintsException e) {
            // Jackson's limits: nesting deeper than 1,000, numbers or names longer than its caps.
            throw RefusedException.invalid("body", "exceeds the JSON limits (nesting depth, number or name length)");
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw RefusedException.invalid("body", "is not valid JSON" + (at == null ? "" : " (line "
                    + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        } catch (IOException e) {
            throw RefusedException.invalid("body", "could not be read");
        }
        if (node == null || node.isMissingNode() || node.isNull()) {
            if (optional) {
                return new JsonBody(Json.object(), "");
            }
            throw RefusedException.invalid("body", "a JSON object is required");
        }
        if (!node.isObject()) {
            throw RefusedException.invalid("body", "must be a JSON object");
        }
        return new JsonBody((ObjectNode) node, "");
    }

    /** Refuses fields other than the allowed ones, so a misspelt field is reported rather than ignored. */
    public JsonBody allowOnly(Set<String> fields) {
        Iterator<String> names = root.fieldNames();
        while (names.hasNext()) {
            String f = names.next();
            if (!fields.contains(f)) {
                throw RefusedException.invalid(path(f), "is not a known field");
            }
        }
        return this;
    }

    public boolean has(String field) {
        return root.has(field);
    }

    public boolean isNull(String field) {
        return root.has(field) && root.get(field).isNull();
    }

    public String path(String field) {
        return prefix + field;
    }

    public Optional<String> string(String field, int maxLength) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            throw RefusedException.invalid(path(field), "must be a string");
        }
        String s = v.asText();
        if (s.length() > maxLength) {
            throw RefusedException.invalid(path(field), "is longer than " + maxLength + " characters");
        }
        return Optional.of(s);
    }

    public String requiredString(String field, int maxLength) {
        return string(field, maxLength).orElseThrow(() -> RefusedException.invalid(path(field), "is required"));
    }

    public Optional<Boolean> bool(String field) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isBoolean()) {
            throw RefusedException.invalid(path(field), "must be true or false");
        }
        return Optional.of(v.asBoolean());
    }

    public Optional<Integer> integer(String field) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw RefusedException.invalid(path(field), "must be an integer");
        }
        return Optional.of(v.asInt());
    }

    /** A string field read as one of an enumeration's wire values. */
    public <T> Optional<T> oneOf(String field, Function<String, T> fromWire, String allowed) {
        Optional<String> s = string(field, 64);
        if (s.isEmpty()) {
            return Optional.empty();
        }
        T value;
        try {
            value = fromWire.apply(s.get());
        } catch (IllegalArgumentException e) {
            value = null;
        }
        if (value == null) {
            throw RefusedException.invalid(path(field), "must be one of " + allowed);
        }
        return Optional.of(value);
    }

    /** A nested object; empty when absent or null. */
    public Optional<JsonBody> object(String field) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isObject()) {
            throw RefusedException.invalid(path(field), "must be an object");
        }
        return Optional.of(new JsonBody((ObjectNode) v, prefix + field + "."));
    }
}
