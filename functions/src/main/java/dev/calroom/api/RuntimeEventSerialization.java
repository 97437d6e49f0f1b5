package dev.calroom.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;

/**
 * The Lambda runtime's own event serialization (aws-lambda-java-serialization, which the managed runtime and AWS's
 * runtime interface client carry; calroom does not package it). The runtime reads every HTTP API event into an
 * {@link APIGatewayV2HTTPEvent} and writes every {@link APIGatewayV2HTTPResponse} through it, and builds its readers
 * and writers at the first event. SnapStart priming sends its requests the same way, from and to JSON bytes, so that
 * a restored container's first event finds those classes loaded. Where the library is absent (a JVM without the
 * runtime), {@link #available()} says so and priming calls the handler directly.
 */
public final class RuntimeEventSerialization {

    private static final String SERIALIZERS =
            "com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers";

    private static final boolean AVAILABLE = present();

    private RuntimeEventSerialization() {
    }

    /** Whether the runtime's serialization is on this JVM's class path. */
    public static boolean available() {
        return AVAILABLE;
    }

    /** The event as the runtime would hand it to the handler: written to JSON bytes and read back. */
    public static APIGatewayV2HTTPEvent delivered(APIGatewayV2HTTPEvent event) {
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        Serializers.EVENTS.toJson(event, json);
        return Serializers.EVENTS.fromJson(new ByteArrayInputStream(json.toByteArray()));
    }

    /** The response as the runtime would send it to API Gateway: its JSON bytes. */
    public static byte[] sent(APIGatewayV2HTTPResponse response) {
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        Serializers.RESPONSES.toJson(response, json);
        return json.toByteArray();
    }

    /** Whether the library is there with the entry point the runtime uses, and works on these event types. */
    private static boolean present() {
        try {
            Class.forName(SERIALIZERS, false, RuntimeEventSerialization.class.getClassLoader())
                    .getMethod("serializerFor", Class.class, ClassLoader.class);
            return Serializers.EVENTS != null && Serializers.RESPONSES != null;
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return false;
        }
    }

    /** Loaded only when the library is present. */
    private static final class Serializers {
        static final PojoSerializer<APIGatewayV2HTTPEvent> EVENTS = LambdaEventSerializers.serializerFor(
                APIGatewayV2HTTPEvent.class, APIGatewayV2HTTPEvent.class.getClassLoader());
        static final PojoSerializer<APIGatewayV2HTTPResponse> RESPONSES = LambdaEventSerializers.serializerFor(
                APIGatewayV2HTTPResponse.class, APIGatewayV2HTTPResponse.class.getClassLoader());
    }
}
