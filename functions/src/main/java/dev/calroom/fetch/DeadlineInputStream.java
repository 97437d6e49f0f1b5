package dev.calroom.fetch;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;

/**
 * A socket's input with the fetch's deadline checked on every read: each read waits at most the read timeout or what
 * is left of the deadline, whichever is shorter, so a server that trickles one byte at a time cannot stretch the
 * fetch past its deadline.
 */
final class DeadlineInputStream extends FilterInputStream {

    /** The fetch's deadline passed while reading. */
    static final class DeadlinePassed extends IOException {
        DeadlinePassed() {
            super("the fetch's deadline passed");
        }
    }

    private final Socket socket;
    private final long deadline;
    private final long readTimeoutMillis;

    DeadlineInputStream(Socket socket, InputStream in, long deadlineNanos, long readTimeoutMillis) {
        super(in);
        this.socket = socket;
        this.deadline = deadlineNanos;
        this.readTimeoutMillis = readTimeoutMillis;
    }

    private void arm() throws IOException {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new DeadlinePassed();
        }
        socket.setSoTimeout((int) Math.max(1, Math.min(left, readTimeoutMillis)));
    }

    @Override
    public int read() throws IOException {
        arm();
        return super.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        arm();
        return super.read(b, off, len);
    }
}
