package dev.calroom.tools;

import dev.calroom.domain.Occurrence;
import dev.calroom.domain.RoomUrlMatcher;
import dev.calroom.fetch.FetchSettings;
import dev.calroom.fetch.HttpFeedFetcher;
import dev.calroom.ics.FeedParseException;
import dev.calroom.ics.FeedProblem;
import dev.calroom.ics.FeedReadResult;
import dev.calroom.ics.FeedReader;
import dev.calroom.support.JsonText;
import dev.calroom.sync.FetchException;
import dev.calroom.sync.FetchResult;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.Supplier;

/**
 * {@code preview (--file PATH | --url URL) --from T --to T [--tz ZONE] [--room-url URL]}: prints the occurrences of
 * a feed that overlap [from, to) as JSON lines, ordered by start. Exit 0 on success, 2 on bad arguments, 3 when the
 * feed cannot be read or parsed.
 */
final class PreviewCommand {

    static final String USAGE = "usage: calroom preview (--file PATH | --url URL) --from T --to T [--tz ZONE] "
            + "[--room-url URL]";

    private PreviewCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        // The reader's first use (class initialisation, zone rules, first compilations) on the second core, while
        // this thread parses the arguments and reads the feed.
        Thread.ofPlatform().daemon().name("warm-up").start(FeedReader::warmUp);
        String file = null;
        String url = null;
        String fromArg = null;
        String toArg = null;
        String tzArg = null;
        String roomUrl = null;
        try {
            for (int i = 1; i < args.length; i++) {
                String a = args[i];
                String value;
                int eq = a.indexOf('=');
                String name = eq > 0 && a.startsWith("--") ? a.substring(0, eq) : a;
                if (eq > 0 && a.startsWith("--")) {
                    value = a.substring(eq + 1);
                } else {
                    if (i + 1 >= args.length) {
                        throw new UsageException(a + " needs a value");
                    }
                    value = args[++i];
                }
                switch (name) {
                    case "--file" -> file = value;
                    case "--url" -> url = value;
                    case "--from" -> fromArg = value;
                    case "--to" -> toArg = value;
                    case "--tz" -> tzArg = value;
                    case "--room-url" -> roomUrl = value;
                    default -> throw new UsageException("unknown option " + name);
                }
            }
            if ((file == null) == (url == null)) {
                throw new UsageException("give exactly one of --file or --url");
            }
            if (fromArg == null || toArg == null) {
                throw new UsageException("--from and --to are required");
            }
            ZoneId tz = null;
            if (tzArg != null) {
                try {
                    tz = ZoneId.of(tzArg);
                } catch (DateTimeException e) {
                    throw new UsageException("--tz '" + tzArg + "' is not a time zone id (e.g. Europe/Berlin)");
                }
            }
            RoomUrlMatcher matcher = null;
            if (roomUrl != null) {
                if (!roomUrl.startsWith("http://") && !roomUrl.startsWith("https://")) {
                    throw new UsageException("--room-url must be an http(s) URL");
                }
                matcher = new RoomUrlMatcher(roomUrl);
            }

            // Validate the window's syntax before touching the feed; local values get their zone below.
            if (!TimeArgument.parse("--to", toArg, ZoneOffset.UTC)
                    .isAfter(TimeArgument.parse("--from", fromArg, ZoneOffset.UTC))) {
                throw new UsageException("--to must be after --from");
            }
            byte[] text;
            try {
                text = file != null ? readFile(file) : fetch(url);
            } catch (IOException | FetchException e) {
                err.println("calroom preview: cannot read the feed: " + e.getMessage());
                return 3;
            }
            // Local --from/--to are read in --tz, else the feed's X-WR-TIMEZONE, else UTC: read the feed once
            // with a provisional window to learn its zone only when a local value needs it.
            ZoneId given = tz;
            Supplier<ZoneId> zoneForArgs = () -> given != null ? given : FeedZone.of(text);
            Instant from = TimeArgument.parse("--from", fromArg, zoneForArgs);
            Instant to = TimeArgument.parse("--to", toArg, zoneForArgs);
            if (!to.isAfter(from)) {
                throw new UsageException("--to must be after --from");
            }
            FeedReadResult result;
            try {
                result = new FeedReader().read(text, from, to, tz);
            } catch (FeedParseException e) {
                err.println("calroom preview: cannot parse the feed: " + e.getMessage());
                return 3;
            }
            StringBuilder sb = new StringBuilder(256 * Math.max(1, result.occurrences().size()));
            for (Occurrence o : result.occurrences()) {
                line(sb, o, matcher);
            }
            out.print(sb);
            out.flush();
            for (FeedProblem p : result.problems()) {
                err.println("calroom preview: warning: " + p);
            }
            return 0;
        } catch (UsageException e) {
            err.println("calroom preview: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
    }

    private static byte[] readFile(String file) throws IOException {
        try {
            return Files.readAllBytes(Path.of(file));
        } catch (NoSuchFileException e) {
            throw new IOException("no such file: " + file);
        }
    }

    private static byte[] fetch(String url) throws FetchException {
        // A command run by hand on one's own machine may read feeds served locally.
        HttpFeedFetcher fetcher = new HttpFeedFetcher(FetchSettings.defaults(true));
        FetchResult r = fetcher.fetch(url, null, null);
        if (r instanceof FetchResult.Body b) {
            return b.bytes();
        }
        throw new FetchException("the server answered 304 Not Modified to an unconditional request");
    }

    private static void line(StringBuilder sb, Occurrence o, RoomUrlMatcher matcher) {
        sb.append("{\"uid\":");
        JsonText.appendQuoted(sb, o.uid());
        sb.append(",\"recurrenceId\":").append(JsonText.quote(o.recurrenceId()));
        sb.append(",\"start\":");
        JsonText.appendQuoted(sb, o.start().iso());
        sb.append(",\"end\":");
        JsonText.appendQuoted(sb, o.end().iso());
        sb.append(",\"allDay\":").append(o.allDay());
        sb.append(",\"floating\":").append(o.floating());
        sb.append(",\"status\":\"").append(o.status().name()).append('"');
        sb.append(",\"summary\":").append(JsonText.quote(o.summary()));
        sb.append(",\"location\":").append(JsonText.quote(o.location()));
        if (matcher != null) {
            sb.append(",\"matchesRoom\":").append(matcher.matchesAny(o.matchText()));
        }
        sb.append("}\n");
    }

    /** The X-WR-TIMEZONE of a feed, else UTC: the zone local --from/--to values are read in. */
    static final class FeedZone {
        private static final byte[] X_WR_TIMEZONE = "X-WR-TIMEZONE".getBytes(StandardCharsets.US_ASCII);

        private FeedZone() {
        }

        private static int indexOf(byte[] text, byte[] what, int from) {
            outer:
            for (int i = from; i <= text.length - what.length; i++) {
                for (int j = 0; j < what.length; j++) {
                    if (text[i + j] != what[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }

        static ZoneId of(byte[] text) {
            int at = indexOf(text, X_WR_TIMEZONE, 0);
            if (at < 0) {
                return ZoneOffset.UTC;
            }
            int colon = indexOf(text, new byte[] {':'}, at);
            if (colon < 0) {
                return ZoneOffset.UTC;
            }
            int end = indexOf(text, new byte[] {'\n'}, colon);
            String id = new String(text, colon + 1, (end < 0 ? text.length : end) - colon - 1, StandardCharsets.UTF_8)
                    .trim().replace("\"", "");
            try {
                return ZoneId.of(id);
            } catch (DateTimeException e) {
                return ZoneOffset.UTC;
            }
        }
    }
}
