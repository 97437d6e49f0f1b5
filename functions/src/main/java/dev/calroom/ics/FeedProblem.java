package dev.calroom.ics;

/** Something in a feed that was skipped or repaired while reading it; never fatal for the feed. */
public record FeedProblem(int lineNumber, String uid, String message) {

    @Override
    public String toString() {
        return "line " + lineNumber + (uid == null ? "" : " (UID " + uid + ")") + ": " + message;
    }
}
