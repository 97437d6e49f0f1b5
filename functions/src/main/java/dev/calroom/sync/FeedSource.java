package dev.calroom.sync;

/** Where a room's calendar feed comes from. Implementations never put the URL (it may carry a token) in errors. */
public interface FeedSource {

    /**
     * Fetches a feed, conditionally when a validator from an earlier fetch is given.
     *
     * @param etag         the ETag of the last fetch, or null
     * @param lastModified the Last-Modified of the last fetch, or null
     */
    FetchResult fetch(String url, String etag, String lastModified) throws FetchException;
}
