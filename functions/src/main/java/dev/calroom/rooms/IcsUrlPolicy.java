package dev.calroom.rooms;

import dev.calroom.domain.RefusedException;
import dev.calroom.fetch.FeedUrlRules;

/**
 * Which feed URLs a room may be given: {@link FeedUrlRules}, the same rule every fetch applies, with a refusal that
 * names the request field.
 */
public final class IcsUrlPolicy {

    public static final int MAX_LENGTH = FeedUrlRules.MAX_LENGTH;

    private final FeedUrlRules rules;

    public IcsUrlPolicy(boolean localDevelopment) {
        this.rules = new FeedUrlRules(localDevelopment);
    }

    /** The URL to store (webcal read as https), or a refusal naming {@code field}. */
    public String check(String field, String url) {
        FeedUrlRules.Verdict v = rules.check(url);
        if (!v.accepted()) {
            throw RefusedException.invalid(field, v.refusal());
        }
        return v.uri().toString();
    }
}
