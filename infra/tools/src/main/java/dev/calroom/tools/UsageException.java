package dev.calroom.tools;

/** Bad command-line arguments (exit code 2). */
final class UsageException extends Exception {
    UsageException(String message) {
        super(message);
    }

    /** The value after option {@code args[i - 1]}, which must be there. */
    static String value(String[] args, int i, String option) throws UsageException {
        if (i >= args.length) {
            throw new UsageException(option + " needs a value");
        }
        return args[i];
    }
}
