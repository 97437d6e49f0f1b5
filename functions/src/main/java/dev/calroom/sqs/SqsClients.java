package dev.calroom.sqs;

import dev.calroom.aws.AwsClients;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The SQS client of a container ({@link AwsClients}; {@code AWS_ENDPOINT_URL_SQS} for the local stack's queues). */
public final class SqsClients {

    private SqsClients() {
    }

    public static SqsClient fromEnvironment() {
        return AwsClients.configure(SqsClient.builder(), dev.calroom.support.Env.variables(), "AWS_ENDPOINT_URL_SQS")
                .build();
    }
}
