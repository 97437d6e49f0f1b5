package dev.calroom.tools.local;

/**
 * One cold start as Lambda runs it without SnapStart: a fresh JVM with the runtime's on-demand options, AWS's runtime
 * interface client polling this stack's runtime API, one HTTP API event. {@code initMillis} runs from the JVM's
 * spawn to the client's first poll (Lambda's init phase: the runtime, the handler's class and constructor);
 * {@code totalMillis} from the spawn to the function's response; {@code status} is the response's statusCode.
 */
public record ColdStart(long initMillis, long totalMillis, int status) {
}
