package dev.calroom.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A server on loopback that answers every connection with a script of raw bytes, however broken: the tests' stand-in
 * for a hostile or broken feed host. Each connection's request head is read first, then the script runs.
 */
final class ScriptedHttpServer implements AutoCloseable {

    /** What the server does with one connection's output. */
    @FunctionalInterface
    interface Script {
        void answer(OutputStream out, int port) throws IOException, InterruptedException;
    }

    private final ServerSocket socket;
    private final AtomicInteger connections = new AtomicInteger();
    private volatile Script script;

    ScriptedHttpServer(Script script) throws IOException {
        this.script = script;
        this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::acceptLoop);
    }

    String url() {
        return "http://127.0.0.1:" + socket.getLocalPort() + "/feed.ics";
    }

    int port() {
        return socket.getLocalPort();
    }

    int connections() {
        return connections.get();
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket c = socket.accept();
                connections.incrementAndGet();
                Thread.ofVirtual().start(() -> serve(c));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket c) {
        try (c) {
            InputStream in = c.getInputStream();
            int state = 0;
            while (state < 4) { // read up to the blank line ending the request head
                int b = in.read();
                if (b < 0) {
                    return;
                }
                state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3))
                        ? state + 1 : 0;
            }
            OutputStream out = c.getOutputStream();
            script.answer(out, socket.getLocalPort());
            out.flush();
        } catch (IOException | InterruptedException e) {
            // the client went away: expected when it gives up on a trickle
        }
    }

    /** Writes the bytes one at a time with a pause between them, then keeps going as long as {@code forever}. */
    static void trickle(OutputStream out, byte[] bytes, long pauseMillis) throws IOException, InterruptedException {
        for (byte b : bytes) {
            out.write(b);
            out.flush();
            Thread.sleep(pauseMillis);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
