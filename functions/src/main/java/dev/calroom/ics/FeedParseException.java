package dev.calroom.ics;

/** The feed as a whole cannot be read as an iCalendar object (not a calendar, truncated, unbalanced). */
public final class FeedParseException extends Exception {

    private final int lineNumber;

    public FeedParseException(String message, int lineNumber) {
        super(lineNumber > 0 ? message + " (line " + lineNumber + ")" : message);
        this.lineNumber = lineNumber;
    }

    /** The 1-based line the problem was found on, or 0 when it concerns the whole feed. */
    public int lineNumber() {
        return lineNumber;
    }
}
