package dev.calroom.tools;

import java.io.PrintStream;

/** The calroom command-line tool. */
public final class Calroom {

    private Calroom() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command; answers its exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            err.println("usage: calroom <command> [options]");
            err.println("commands:");
            err.println("  up        run calroom locally: API, schedules, DynamoDB Local, a Daily.co emulator");
            err.println("  token     print a bearer token the local stack accepts (--sub, --email, --name)");
            err.println("  preview   print a feed's occurrences in a window as JSON lines");
            err.println("  site      write the web pages as static files for S3 + CloudFront (--out DIR)");
            err.println("  bench     measure parse+expand time, heap and DynamoDB requests on generated feeds");
            err.println("  bench api [--only stack,cold,snapstart,load] [--rps N] [--seconds N]");
            err.println("            measure artifact size, local stack start, cold start, SnapStart first requests and");
            err.println("            API latency under load");
            err.println("  bench sync  sync N rooms from a loopback feed farm through the queue and workers "
                    + "(--rooms, --spread-seconds)");
            return args.length == 0 ? 2 : 0;
        }
        return switch (args[0]) {
            case "up" -> UpCommand.up(args, out, err);
            case "token" -> UpCommand.token(args, out, err);
            case "preview" -> PreviewCommand.run(args, out, err);
            case "site" -> SiteCommand.run(args, out, err);
            case "bench" -> {
                try {
                    if (args.length > 1 && args[1].equals("api")) {
                        yield ApiBenchCommand.run(args, out);
                    }
                    if (args.length > 1 && args[1].equals("sync")) {
                        yield SyncBenchCommand.run(args, out);
                    }
                    yield BenchCommand.run(args, out);
                } catch (Exception e) {
                    err.println("calroom bench: " + e);
                    yield 1;
                }
            }
            default -> {
                err.println("calroom: unknown command '" + args[0] + "'");
                yield 2;
            }
        };
    }
}
