package dev.calroom.sync;

/** The outcome of a successful fetch: a body, or "not modified" (HTTP 304) with no body at all. */
public sealed interface FetchResult {

    record NotModified() implements FetchResult {
    }

    record Body(byte[] bytes, String etag, String lastModified) implements FetchResult {
    }
}
