package dev.calroom.sqs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * SQS events as Lambda's event source mapping delivers them: the record shape of AWS's documented example
 * (events/sqs-batch.json), filled with messages really received from a queue.
 */
public final class SqsEvents {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SqsEvents() {
    }

    /** The documented example itself. */
    public static byte[] documentedExample() {
        try {
            return Files.readAllBytes(Path.of("src/test/resources/events/sqs-batch.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] of(List<Message> messages) {
        try {
            ObjectNode example = (ObjectNode) JSON.readTree(documentedExample());
            ObjectNode shape = (ObjectNode) example.path("Records").get(0);
            ObjectNode event = JSON.createObjectNode();
            ArrayNode records = event.putArray("Records");
            for (Message m : messages) {
                ObjectNode r = shape.deepCopy();
                r.put("messageId", m.messageId());
                r.put("receiptHandle", m.receiptHandle());
                r.put("body", m.body());
                r.put("md5OfBody", m.md5OfBody());
                String count = m.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
                ((ObjectNode) r.path("attributes")).put("ApproximateReceiveCount", count == null ? "1" : count);
                records.add(r);
            }
            return JSON.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
