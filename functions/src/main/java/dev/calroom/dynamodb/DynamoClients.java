package dev.calroom.dynamodb;

import dev.calroom.aws.AwsClients;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The DynamoDB client of a container ({@link AwsClients}; {@code AWS_ENDPOINT_URL_DYNAMODB} for DynamoDB Local). */
public final class DynamoClients {

    private DynamoClients() {
    }

    public static DynamoDbClient fromEnvironment() {
        return AwsClients.configure(DynamoDbClient.builder(), dev.calroom.support.Env.variables(),
                "AWS_ENDPOINT_URL_DYNAMODB").build();
    }
}
