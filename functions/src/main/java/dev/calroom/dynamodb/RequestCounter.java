package dev.calroom.dynamodb;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts DynamoDB requests by operation and the items reads returned; attached to a client to measure what a sync
 * costs.
 */
public final class RequestCounter implements ExecutionInterceptor {

    private static final Set<String> WRITES = Set.of("PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem",
            "TransactWriteItems");

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final LongAdder itemsRead = new LongAdder();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String op = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        counts.computeIfAbsent(op, k -> new LongAdder()).increment();
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        switch (context.response()) {
            case software.amazon.awssdk.services.dynamodb.model.QueryResponse q -> itemsRead.add(q.count());
            case software.amazon.awssdk.services.dynamodb.model.GetItemResponse g ->
                    itemsRead.add(g.hasItem() && !g.item().isEmpty() ? 1 : 0);
            default -> {
            }
        }
    }

    /** Items returned by Query and GetItem since the last reset. */
    public long itemsRead() {
        return itemsRead.sum();
    }

    public long writes() {
        long n = 0;
        for (Map.Entry<String, LongAdder> e : counts.entrySet()) {
            if (WRITES.contains(e.getKey())) {
                n += e.getValue().sum();
            }
        }
        return n;
    }

    public Map<String, Long> byOperation() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    public void reset() {
        counts.clear();
        itemsRead.reset();
    }
}
