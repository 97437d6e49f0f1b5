package dev.calroom.tools.bench;

import dev.calroom.handler.ApiPriming;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * What a SnapStart-restored API function pays on its first request. This JVM runs AWS's runtime interface client
 * (on its own thread, as its main would), which constructs the handler (init) and asks the bench's runtime API for
 * work; on "prime" from the bench (its init is over) the probe runs the priming the handler's CRaC resource runs
 * before a snapshot, calls the counting endpoint's phase, loads a marker class and answers "PRIMED"; the bench then
 * sends the first real event through the runtime API; on "done" the probe loads a second marker and calls the phase
 * again, so that {@code -Xlog:class+load} and the counting endpoint show what the request itself loaded and called.
 * Arguments: handler, the counting endpoint.
 */
public final class SnapStartProbe {

    private SnapStartProbe() {
    }

    /** Loaded just before the request. */
    static final class RequestStarts {
    }

    /** Loaded just after the request. */
    static final class RequestEnded {
    }

    public static void main(String[] args) throws Exception {
        String handler = args[0];
        Thread runtime = new Thread(() -> {
            try {
                Class.forName(dev.calroom.tools.local.RuntimeClientProcess.RUNTIME_CLIENT)
                        .getMethod("main", String[].class).invoke(null, (Object) new String[] {handler});
            } catch (ReflectiveOperationException e) {
                e.printStackTrace();
                System.exit(2);
            }
        }, "runtime-client");
        runtime.setDaemon(true);
        runtime.start();
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String command;
        while ((command = commands.readLine()) != null) {
            if (command.equals("prime")) {
                ApiPriming.primeRegistered();
                // The snapshot would be taken here. A restored container's connections are gone: so are these.
                phase(args[1], "request");
                new RequestStarts();
                System.out.println("PRIMED");
                System.out.flush();
            } else if (command.equals("done")) {
                new RequestEnded();
                phase(args[1], "done");
                System.out.println("PROBE-DONE");
                System.out.flush();
                System.exit(0);
            }
        }
        System.exit(1);
    }

    private static void phase(String endpoint, String name) throws Exception {
        HttpURLConnection c = (HttpURLConnection) URI.create(endpoint + "/_probe/" + name).toURL().openConnection();
        c.getResponseCode();
        c.getInputStream().readAllBytes();
        c.disconnect();
    }
}
