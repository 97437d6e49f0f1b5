package dev.calroom.tools.local;

import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The template's SQS queues in ElasticMQ, embedded and on loopback: each AWS::SQS::Queue is created under its logical
 * id with its visibility timeout, delay and redrive policy (so messages received too often move to the dead-letter
 * queue, as on AWS). Functions reach it through {@code AWS_ENDPOINT_URL_SQS}; a variable the template sets to
 * {@code !Ref Queue} gets the queue's URL.
 */
final class LocalQueues implements AutoCloseable {

    private final SQSRestServer server;
    private final String url;
    private final SqsClient client;
    private final Map<String, String> urls = new LinkedHashMap<>();
    private final Map<String, String> arns = new HashMap<>();

    LocalQueues(List<SamTemplate.Queue> queues) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        server = SQSRestServerBuilder.withInterface("127.0.0.1").withPort(port)
                .withServerAddress(new NodeAddress("http", "127.0.0.1", port, "")).start();
        server.waitUntilStarted();
        url = "http://127.0.0.1:" + port;
        client = SqsClient.builder().region(Region.US_EAST_1).endpointOverride(URI.create(url))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        for (SamTemplate.Queue q : queues) {
            Map<QueueAttributeName, String> attributes = new HashMap<>();
            attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(q.visibilityTimeoutSeconds()));
            attributes.put(QueueAttributeName.DELAY_SECONDS, Integer.toString(q.delaySeconds()));
            if (q.deadLetterQueue() != null) {
                String dlqArn = arns.get(q.deadLetterQueue());
                if (dlqArn == null) {
                    throw new IOException(q.logicalId() + "'s dead-letter queue " + q.deadLetterQueue()
                            + " is not a queue of the template");
                }
                attributes.put(QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + dlqArn
                        + "\",\"maxReceiveCount\":\"" + q.maxReceiveCount() + "\"}");
            }
            String queueUrl = client.createQueue(b -> b.queueName(q.logicalId()).attributes(attributes)).queueUrl();
            urls.put(q.logicalId(), queueUrl);
            arns.put(q.logicalId(), client.getQueueAttributes(b -> b.queueUrl(queueUrl)
                    .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN));
        }
    }

    /** The endpoint functions are given as {@code AWS_ENDPOINT_URL_SQS}. */
    String url() {
        return url;
    }

    SqsClient client() {
        return client;
    }

    /** The URL of the queue with this logical id, or null. */
    String urlOf(String logicalId) {
        return urls.get(logicalId);
    }

    String arnOf(String logicalId) {
        return arns.get(logicalId);
    }

    Map<String, String> urls() {
        return urls;
    }

    /** Messages waiting (visible) in a queue. */
    int visibleMessages(String logicalId) {
        return Integer.parseInt(client.getQueueAttributes(b -> b.queueUrl(urls.get(logicalId))
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    /**
     * Stops the server, waiting a few seconds at most: its graceful stop waits for open connections, and a poller's
     * long poll cut short by its interrupt may leave one open for a while.
     */
    @Override
    public void close() {
        client.close();
        try {
            scala.concurrent.Await.ready(server.stopAndGetFuture().apply(),
                    scala.concurrent.duration.Duration.apply(5, java.util.concurrent.TimeUnit.SECONDS));
        } catch (Exception e) {
            // stopped or not, the stack is going away
        }
    }
}
