package dev.calroom.dynamodb;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * In the build's run against LocalStack ({@code -Dcalroom.dynamodb=localstack}), disables every suite up front when
 * no Docker engine can start LocalStack, with the reason as JUnit's skip message. Registered by extension
 * autodetection, which only that run turns on.
 */
public final class LocalStackAvailable implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (!"localstack".equals(System.getProperty("calroom.dynamodb"))) {
            return ConditionEvaluationResult.enabled("DynamoDB Local run");
        }
        return LocalStackDynamo.dockerAvailable() ? ConditionEvaluationResult.enabled("Docker engine present")
                : ConditionEvaluationResult.disabled("SKIPPED against LocalStack: no Docker engine here for"
                + " Testcontainers (these suites ran against DynamoDB Local)");
    }
}
