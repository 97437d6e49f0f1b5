package dev.calroom.dynamodb;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * What DynamoDB Local never does, injected into a test's SDK client: a transaction cancelled by a conflicting one,
 * a condition failing at a chosen call, throttling, and a timeout after the write landed. Faults are armed per
 * operation name (TransactWriteItems, PutItem, ...) for the next N calls.
 */
public final class FaultInjector implements ExecutionInterceptor {

    private record Armed(AtomicInteger remaining, Supplier<RuntimeException> fault, boolean afterLanding) {
    }

    private final Map<String, Armed> armed = new ConcurrentHashMap<>();
    private final AtomicInteger injected = new AtomicInteger();

    /** The next {@code times} calls of {@code operation} fail before reaching DynamoDB (nothing is written). */
    public FaultInjector failBefore(String operation, int times, Supplier<RuntimeException> fault) {
        armed.put(operation, new Armed(new AtomicInteger(times), fault, false));
        return this;
    }

    /** The next {@code times} calls of {@code operation} are written, then answered with a timeout. */
    public FaultInjector timeoutAfterLanding(String operation, int times) {
        armed.put(operation, new Armed(new AtomicInteger(times), () -> ApiCallTimeoutException.builder()
                .message("injected: the call timed out after DynamoDB applied it").build(), true));
        return this;
    }

    public int injected() {
        return injected.get();
    }

    public static RuntimeException transactionConflict() {
        return TransactionCanceledException.builder().message("injected: Transaction cancelled, please refer "
                + "cancellation reasons for specific reasons [TransactionConflict, None]")
                .cancellationReasons(CancellationReason.builder().code("TransactionConflict")
                                .message("Transaction is ongoing for the item").build(),
                        CancellationReason.builder().code("None").build()).build();
    }

    public static RuntimeException conditionFailed() {
        return ConditionalCheckFailedException.builder().message("injected: The conditional request failed").build();
    }

    public static RuntimeException throttled() {
        return ProvisionedThroughputExceededException.builder().message("injected: throughput exceeded").build();
    }

    private static String operation(SdkRequest request) {
        String name = request.getClass().getSimpleName();
        return name.endsWith("Request") ? name.substring(0, name.length() - "Request".length()) : name;
    }

    private RuntimeException take(SdkRequest request, boolean afterLanding) {
        Armed a = armed.get(operation(request));
        if (a == null || a.afterLanding() != afterLanding || a.remaining().getAndDecrement() <= 0) {
            return null;
        }
        injected.incrementAndGet();
        return a.fault().get();
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        RuntimeException fault = take(context.request(), false);
        if (fault != null) {
            throw fault;
        }
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        RuntimeException fault = take(context.request(), true);
        if (fault != null) {
            throw fault;
        }
    }
}
