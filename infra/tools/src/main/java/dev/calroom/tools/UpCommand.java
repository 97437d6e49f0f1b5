package dev.calroom.tools;

import dev.calroom.tools.local.DevIssuer;
import dev.calroom.tools.local.LocalStack;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** {@code calroom up}: the local stack, until Ctrl-C. {@code calroom token}: a bearer token the stack accepts. */
final class UpCommand {

    private UpCommand() {
    }

    static int up(String[] args, PrintStream out, PrintStream err) {
        int port = 3000;
        boolean inMemory = false;
        boolean demo = false;
        Path data = root().resolve(".calroom");
        try {
            for (int i = 1; i < args.length; i++) {
                switch (args[i]) {
                    case "--port" -> port = Integer.parseInt(UsageException.value(args, ++i, "--port"));
                    case "--in-memory" -> inMemory = true;
                    case "--demo" -> demo = true;
                    case "--data-dir" -> data = Path.of(UsageException.value(args, ++i, "--data-dir"));
                    default -> throw new UsageException("unknown option " + args[i]);
                }
            }
            if (port < 0 || port > 65535) {
                throw new UsageException("--port must be 0 to 65535");
            }
        } catch (NumberFormatException e) {
            err.println("calroom up: --port must be a number");
            return 2;
        } catch (UsageException e) {
            err.println("calroom up: " + e.getMessage());
            err.println("usage: calroom up [--port 3000] [--in-memory] [--demo] [--data-dir .calroom]");
            return 2;
        }
        Path template = root().resolve("template.yaml");
        if (!Files.exists(template)) {
            err.println("calroom up: template.yaml not found in " + root());
            return 2;
        }
        LocalStack stack = new LocalStack(new LocalStack.Options(port, inMemory, demo, data, template), out);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("calroom: stopping");
            stack.close();
            stopped.countDown();
        }));
        try {
            stack.start();
        } catch (java.net.BindException e) {
            err.println("calroom up: port " + port + " is in use (choose another with --port)");
            stack.close();
            return 1;
        } catch (Exception e) {
            err.println("calroom up: " + e);
            stack.close();
            return 1;
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    static int token(String[] args, PrintStream out, PrintStream err) {
        String sub = null;
        String email = null;
        String name = null;
        Path data = root().resolve(".calroom");
        try {
            for (int i = 1; i < args.length; i++) {
                switch (args[i]) {
                    case "--sub" -> sub = UsageException.value(args, ++i, "--sub");
                    case "--email" -> email = UsageException.value(args, ++i, "--email");
                    case "--name" -> name = UsageException.value(args, ++i, "--name");
                    case "--data-dir" -> data = Path.of(UsageException.value(args, ++i, "--data-dir"));
                    default -> throw new UsageException("unknown option " + args[i]);
                }
            }
            if (sub == null || sub.isBlank()) {
                throw new UsageException("--sub is required");
            }
            out.println(DevIssuer.open(data).token(sub, email, name));
            return 0;
        } catch (UsageException e) {
            err.println("calroom token: " + e.getMessage());
            err.println("usage: calroom token --sub alice [--email alice@example.com] [--name Alice]");
            return 2;
        } catch (java.io.IOException e) {
            err.println("calroom token: " + e.getMessage());
            return 1;
        }
    }


    /** The repository root: set by infra/calroom, else the working directory. */
    static Path root() {
        String r = System.getProperty("calroom.root");
        return r != null ? Path.of(r) : Path.of("").toAbsolutePath();
    }
}
