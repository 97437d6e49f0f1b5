package dev.calroom.support;

import java.time.Instant;
import java.util.Map;

/** CloudWatch metrics in Embedded Metric Format: one JSON log line that CloudWatch turns into metrics. */
public final class Metrics {

    private Metrics() {
    }

    public static void emit(String namespace, String function, Map<String, ? extends Number> values) {
        StringBuilder sb = new StringBuilder(256);
        sb.append("{\"_aws\":{\"Timestamp\":").append(Instant.now().toEpochMilli())
                .append(",\"CloudWatchMetrics\":[{\"Namespace\":");
        JsonText.appendQuoted(sb, namespace);
        sb.append(",\"Dimensions\":[[\"Function\"]],\"Metrics\":[");
        boolean first = true;
        for (String name : values.keySet()) {
            sb.append(first ? "" : ",").append("{\"Name\":");
            JsonText.appendQuoted(sb, name);
            sb.append(",\"Unit\":\"Count\"}");
            first = false;
        }
        sb.append("]}]},\"Function\":");
        JsonText.appendQuoted(sb, function);
        for (Map.Entry<String, ? extends Number> e : values.entrySet()) {
            sb.append(',');
            JsonText.appendQuoted(sb, e.getKey());
            sb.append(':').append(e.getValue());
        }
        sb.append('}');
        System.out.println(sb);
    }
}
