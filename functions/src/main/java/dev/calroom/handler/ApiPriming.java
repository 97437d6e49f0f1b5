package dev.calroom.handler;

import dev.calroom.api.ApiFunction;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * SnapStart priming for the API functions: before the snapshot, the shared components' own priming (a DynamoDB read,
 * the JSON views, the issuer's signing keys) and then the function's priming requests through its handler, so a
 * restored container serves its first request with the request paths loaded. Nothing unique (ids, random seeds,
 * secrets) is created here, and nothing is written.
 */
public final class ApiPriming implements Resource {

    /** CRaC holds resources weakly: this keeps the registered one alive. */
    private static ApiPriming registered;

    private final ApiComponents components;
    private final ApiFunction function;

    private ApiPriming(ApiComponents components, ApiFunction function) {
        this.components = components;
        this.function = function;
    }

    /** Registers the container's function (and the components it uses, or null) for priming, once. */
    static synchronized void register(ApiComponents components, ApiFunction function) {
        if (registered == null) {
            registered = new ApiPriming(components, function);
            Core.getGlobalContext().register(registered);
        }
    }

    /**
     * Runs what the snapshot's checkpoint runs, in a JVM without CRaC: for measuring what priming leaves to the first
     * request ({@code calroom bench api}).
     */
    public static void primeRegistered() {
        ApiPriming p;
        synchronized (ApiPriming.class) {
            p = registered;
        }
        if (p == null) {
            throw new IllegalStateException("no API function registered for priming");
        }
        p.prime();
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
    }

    private void prime() {
        if (components != null) {
            components.prime();
        }
        function.prime();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Clients reconnect on first use; nothing to refresh.
    }
}
