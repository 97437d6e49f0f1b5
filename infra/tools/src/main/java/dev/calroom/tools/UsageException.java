package dev.calroom.tools;

/** Bad command-line arguments (exit code 2). */
final class UsageException extends Exception {
    UsageException(String message) {
        super(message);
    }
}
