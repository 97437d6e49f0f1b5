package dev.calroom.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.calroom.support.Log;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;

/**
 * The Lambda runtime's own event serialization (aws-lambda-java-serialization, which the managed runtime and AWS's
 * runtime interface client carry; calroom does not package it). The runtime reads every HTTP API event into an
 * {@link APIGatewayV2HTTPEvent} and writes every {@link APIGatewayV2HTTPResponse} through it, and builds its readers
 * and writers at the first event. SnapStart priming sends its requests the same way, from and to JSON bytes, so that
 * a restored container's first event finds those classes loaded. Where the library is absent (a JVM without the
 * runtime) or not the one expected, priming sends its requests as built.
 */
public final class RuntimeEventSerialization {

    private static final String SERIALIZERS =
            "com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers";

    private static final boolean AVAILABLE = present();

    /** False once the library failed priming: the remaining requests are sent as built. */
    private static volatile boolean usable = AVAILABLE;

    private RuntimeEventSerialization() {
    }

    /** Whether the runtime's serialization is on this JVM's class path, with the entry point the runtime uses. */
    public static boolean available() {
        return AVAILABLE;
    }

    /** An HTTP API event's JSON read as the runtime reads it. */
    public static APIGatewayV2HTTPEvent read(byte[] json) {
        return Serializers.EVENTS.fromJson(new ByteArrayInputStream(json));
    }

    /** A response's JSON as the runtime writes it for API Gateway. */
    public static byte[] write(APIGatewayV2HTTPResponse response) {
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        Serializers.RESPONSES.toJson(response, json);
        return json.toByteArray();
    }

    /**
     * A priming request as the runtime would hand it to the handler: written to JSON bytes and read back; the request
     * as built where the runtime's serialization is not usable.
     */
    static APIGatewayV2HTTPEvent delivered(APIGatewayV2HTTPEvent event) {
        if (usable) {
            try {
                ByteArrayOutputStream json = new ByteArrayOutputStream();
                Serializers.EVENTS.toJson(event, json);
                return read(json.toByteArray());
            } catch (RuntimeException | LinkageError e) {
                unusable(e);
            }
        }
        return event;
    }

    /** A priming answer written as the runtime would send it, where its serialization is usable. */
    static void sent(APIGatewayV2HTTPResponse response) {
        if (usable) {
            try {
                write(response);
            } catch (RuntimeException | LinkageError e) {
                unusable(e);
            }
        }
    }

    private static void unusable(Throwable e) {
        usable = false;
        Log.error("the runtime's event serialization failed; priming sends its requests as built", e);
    }

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
