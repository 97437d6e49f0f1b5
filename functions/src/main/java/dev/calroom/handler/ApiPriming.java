package dev.calroom.handler;

import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * SnapStart priming for the API functions: before the snapshot, one harmless DynamoDB read, a JSON round-trip and
 * the issuer's signing keys, so restored containers start warm. Nothing unique (ids, random seeds, secrets) is
 * created here.
 */
final class ApiPriming implements Resource {

    /** CRaC holds resources weakly: this keeps the registered one alive. */
    private static ApiPriming registered;

    private final ApiComponents components;

    private ApiPriming(ApiComponents components) {
        this.components = components;
    }

    static synchronized void register(ApiComponents components) {
        if (registered == null) {
            registered = new ApiPriming(components);
            Core.getGlobalContext().register(registered);
        }
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        components.prime();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Clients reconnect on first use; nothing to refresh.
    }
}
