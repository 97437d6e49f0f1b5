package dev.calroom.dynamodb;

import dev.calroom.domain.Attendee;
import dev.calroom.support.Times;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Conversions between item attributes and Java values. */
final class Attrs {

    private Attrs() {
    }

    static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }

    static AttributeValue bool(boolean v) {
        return AttributeValue.fromBool(v);
    }

    static AttributeValue time(Instant t) {
        return AttributeValue.fromS(Times.sortable(t));
    }

    /** Puts a string attribute when the value is present (DynamoDB has no empty-means-absent). */
    static void putIfPresent(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, s(value));
        }
    }

    static void putIfPresent(Map<String, AttributeValue> item, String name, Instant value) {
        if (value != null) {
            item.put(name, time(value));
        }
    }

    static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    static Instant instant(Map<String, AttributeValue> item, String name) {
        return Times.parse(str(item, name));
    }

    static long num(Map<String, AttributeValue> item, String name, long dflt) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? dflt : Long.parseLong(v.n());
    }

    static boolean bool(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v != null && Boolean.TRUE.equals(v.bool());
    }

    static AttributeValue attendees(List<Attendee> attendees) {
        List<AttributeValue> list = new ArrayList<>(attendees.size());
        for (Attendee a : attendees) {
            Map<String, AttributeValue> m = new HashMap<>();
            putIfPresent(m, "email", a.email());
            putIfPresent(m, "name", a.name());
            putIfPresent(m, "status", a.status());
            list.add(AttributeValue.fromM(m));
        }
        return AttributeValue.fromL(list);
    }

    static List<Attendee> attendees(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        if (v == null || !v.hasL()) {
            return List.of();
        }
        List<Attendee> out = new ArrayList<>(v.l().size());
        for (AttributeValue a : v.l()) {
            Map<String, AttributeValue> m = a.m();
            out.add(new Attendee(str(m, "email"), str(m, "name"), str(m, "status")));
        }
        return out;
    }

    /** Caps free text (descriptions can be long) well inside DynamoDB's 400 KB item limit. */
    static String cap(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }

    /** Adds {@code #attribute = :attribute} to an update's SET clauses, or {@code #attribute} to its REMOVE ones. */
    static void setOrRemove(java.util.List<String> set, java.util.List<String> remove, Map<String, String> names,
                            Map<String, AttributeValue> values, String attribute, AttributeValue value) {
        String n = "#" + attribute;
        names.put(n, attribute);
        if (value == null) {
            remove.add(n);
        } else {
            values.put(":" + attribute, value);
            set.add(n + " = :" + attribute);
        }
    }
}
