package dev.calroom.handler;

import dev.calroom.api.Authenticator;
import dev.calroom.api.Views;
import dev.calroom.auth.JwksTokenVerifier;
import dev.calroom.auth.OidcSettings;
import dev.calroom.auth.TokenVerifier;
import dev.calroom.daily.DailyClient;
import dev.calroom.daily.DailySettings;
import dev.calroom.domain.MeetingPolicy;
import dev.calroom.domain.VideoRoomName;
import dev.calroom.dynamodb.DynamoClients;
import dev.calroom.dynamodb.DynamoEventStore;
import dev.calroom.dynamodb.DynamoMeetingStore;
import dev.calroom.dynamodb.DynamoRateLimiter;
import dev.calroom.dynamodb.DynamoRoomStore;
import dev.calroom.dynamodb.DynamoWebhookStore;
import dev.calroom.fetch.FetchSettings;
import dev.calroom.fetch.HttpFeedFetcher;
import dev.calroom.ics.FeedReader;
import dev.calroom.meetings.AnonymousWriteLimits;
import dev.calroom.meetings.MeetingClosing;
import dev.calroom.meetings.MeetingService;
import dev.calroom.meetings.MeetingSettings;
import dev.calroom.meetings.VideoProvider;
import dev.calroom.rooms.FeedService;
import dev.calroom.rooms.IcsUrlPolicy;
import dev.calroom.rooms.RoomService;
import dev.calroom.sync.RoomSyncService;
import dev.calroom.webhooks.DailyWebhookService;
import dev.calroom.webhooks.WebhookSignature;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The API's collaborators, built once per container from the environment (see the README's configuration table):
 * the DynamoDB client, stores, the Daily client, the token verifier and the services. The no-arg handler
 * constructors share one instance; tests and the local stack build their own with {@link #create}.
 */
public final class ApiComponents {

    private static volatile ApiComponents instance;

    private final Map<String, String> env;
    private final Config config;
    private final DynamoDbClient db;
    private final Clock clock;
    private final DynamoRoomStore rooms;
    private final DynamoMeetingStore meetings;
    private final Secrets secrets;
    private final VideoProvider givenVideo;
    private final TokenVerifier givenVerifier;
    private JwksTokenVerifier jwks;
    private Authenticator authenticator;
    private MeetingSettings meetingSettings;
    private Views views;
    private IcsUrlPolicy urls;
    private VideoProvider video;
    /** What the services hold: the video provider, built on its first call (see {@link #lazyVideo()}). */
    private VideoProvider lazyVideo;
    private RoomService roomService;
    private MeetingService meetingService;
    private MeetingClosing meetingClosing;
    private FeedService feedService;
    private DailyWebhookService webhookService;

    /**
     * Only the DynamoDB stores are built here; every other part (the token verifier, the Daily client, the services)
     * is built, and reads its settings, on first use, so each function's cold start pays for and reads only what
     * its routes need.
     */
    private ApiComponents(Map<String, String> env, DynamoDbClient db, TokenVerifier verifier, VideoProvider video,
                          Clock clock) {
        this.env = env;
        this.config = Config.from(env);
        this.db = db;
        this.clock = clock;
        this.rooms = new DynamoRoomStore(db, config.table());
        this.meetings = new DynamoMeetingStore(db, config.table());
        this.secrets = new Secrets(env);
        this.givenVerifier = verifier;
        this.givenVideo = video;
    }

    private synchronized MeetingSettings meetingSettings() {
        if (meetingSettings == null) {
            meetingSettings = meetingSettings(env);
        }
        return meetingSettings;
    }

    private synchronized IcsUrlPolicy urls() {
        if (urls == null) {
            urls = new IcsUrlPolicy(config.localDevelopment());
        }
        return urls;
    }

    /**
     * The video provider for the services: its settings are read now, with the service that needs it, but the Daily
     * client (its HTTP client, its key) is built on the first call, so a route that never calls Daily never builds it.
     */
    private synchronized VideoProvider lazyVideo() {
        if (lazyVideo == null) {
            URI url = URI.create(env.getOrDefault("DAILY_API_URL", "https://api.daily.co/v1"));
            var key = secrets.supplier("DAILY_API_KEY", "DAILY_API_KEY_SECRET_ARN");
            boolean selfSigned = !"api".equals(env.get("DAILY_TOKEN_MODE"));
            lazyVideo = new LazyVideoProvider(() -> video(url, key, selfSigned));
        }
        return lazyVideo;
    }

    private synchronized VideoProvider video(URI url, java.util.function.Supplier<String> key, boolean selfSigned) {
        if (video == null) {
            video = givenVideo != null ? givenVideo : new DailyClient(
                    DailyClient.defaultHttpClient(Duration.ofSeconds(2)), url, key,
                    DailySettings.interactive().withSelfSignedTokens(selfSigned));
        }
        return video;
    }

    /** Whether the video provider has been built (a route that never calls it must not build it). */
    synchronized boolean videoBuilt() {
        return video != null;
    }

    /** For tests that start handlers as Lambda does, one environment after another: the next instance is new. */
    static synchronized void forgetInstance() {
        instance = null;
    }

    /** The container's components, from the process environment. */
    public static ApiComponents instance() {
        ApiComponents c = instance;
        if (c == null) {
            synchronized (ApiComponents.class) {
                if (instance == null) {
                    instance = new ApiComponents(dev.calroom.support.Env.variables(),
                            DynamoClients.fromEnvironment(), null, null, dev.calroom.support.Env.clock());
                }
                c = instance;
            }
        }
        return c;
    }

    /**
     * Components over the given environment and clients; a null verifier or video provider is built from the
     * environment.
     */
    public static ApiComponents create(Map<String, String> env, DynamoDbClient db, TokenVerifier verifier,
                                       VideoProvider video, Clock clock) {
        return new ApiComponents(env, db, verifier, video, clock);
    }

    static AnonymousWriteLimits anonymousLimits(Map<String, String> env) {
        AnonymousWriteLimits d = AnonymousWriteLimits.defaults();
        return new AnonymousWriteLimits(count(env, "ADHOC_ANON_LIMIT_PER_ROOM", d.perRoom()),
                count(env, "ADHOC_ANON_LIMIT_PER_CALLER", d.perCaller()),
                minutes(env, "ADHOC_ANON_LIMIT_WINDOW_MINUTES", d.window()));
    }

    private static int count(Map<String, String> env, String name, int dflt) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= 0 && n <= 1_000_000) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalStateException(name + " must be a whole number from 0 to 1000000");
    }

    /** The prefix of this deployment's Daily room names. */
    static String videoRoomPrefix(Map<String, String> env) {
        String prefix = env.getOrDefault("VIDEO_ROOM_PREFIX", "cr");
        if (!VideoRoomName.PREFIX.matcher(prefix).matches()) {
            throw new IllegalStateException("VIDEO_ROOM_PREFIX must be 1 to 16 characters of A-Z, a-z, 0-9, '-'");
        }
        return prefix;
    }

    static MeetingSettings meetingSettings(Map<String, String> env) {
        MeetingPolicy d = MeetingPolicy.defaults();
        MeetingPolicy policy = new MeetingPolicy(
                minutes(env, "EARLY_JOIN_MINUTES", d.earlyJoin()),
                minutes(env, "UPCOMING_MINUTES", d.upcomingLead()),
                minutes(env, "ROOM_PREPARE_MINUTES", d.prepareLead()),
                minutes(env, "EMPTY_GRACE_MINUTES", d.emptyGrace()),
                minutes(env, "NO_SHOW_GRACE_MINUTES", d.noShowGrace()),
                minutes(env, "ADHOC_NO_SHOW_MINUTES", d.adhocNoShow()),
                minutes(env, "ADHOC_MAX_MINUTES", d.adhocMax()),
                minutes(env, "OVERRUN_STEP_MINUTES", d.overrunStep()));
        String prefix = videoRoomPrefix(env);
        MeetingSettings defaults = MeetingSettings.defaults();
        return new MeetingSettings(policy, prefix, defaults.listLookback(), defaults.listAhead(),
                defaults.idempotencyTtl());
    }

    private static Duration minutes(Map<String, String> env, String name, Duration dflt) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            long m = Long.parseLong(v.trim());
            if (m >= 0 && m <= 7 * 24 * 60) {
                return Duration.ofMinutes(m);
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalStateException(name + " must be a number of minutes from 0 to 10080");
    }

    private static String require(Map<String, String> env, String name) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException(name + " is not configured");
        }
        return v;
    }

    /**
     * Warms the container before a SnapStart snapshot: every DynamoDB operation's request path (nothing is written),
     * the JSON views, the issuer's keys and a refused token.
     */
    public void prime() {
        DynamoClients.prime(db, config.table());
        try {
            rooms.get(dev.calroom.domain.Room.PRIMING_NAME);
        } catch (RuntimeException e) {
            // The point is the loaded classes and the warmed connection, not the answer.
        }
        views().room(new dev.calroom.domain.Room(dev.calroom.domain.Room.PRIMING_NAME, "-", false, java.time.Instant.EPOCH, null, null),
                true);
        JwksTokenVerifier keys;
        synchronized (this) {
            keys = jwks;
        }
        if (keys != null) {
            keys.prime();
        }
    }

    public synchronized Authenticator authenticator() {
        if (authenticator == null) {
            TokenVerifier verifier = givenVerifier;
            if (verifier == null) {
                String issuer = require(env, "OIDC_ISSUER");
                String jwksUrl = env.get("OIDC_JWKS_URL");
                jwks = new JwksTokenVerifier(new OidcSettings(issuer, require(env, "OIDC_AUDIENCE"),
                        jwksUrl == null || jwksUrl.isBlank() ? null : URI.create(jwksUrl)));
                verifier = jwks;
            }
            authenticator = new Authenticator(verifier);
        }
        return authenticator;
    }

    public synchronized Views views() {
        if (views == null) {
            views = new Views(config.publicBaseUrl(), meetingSettings().policy());
        }
        return views;
    }

    public synchronized RoomService roomService() {
        if (roomService == null) {
            roomService = new RoomService(rooms, rooms, lazyVideo(), urls(), clock);
        }
        return roomService;
    }

    public synchronized MeetingService meetingService() {
        if (meetingService == null) {
            meetingService = new MeetingService(rooms, meetings, meetings, lazyVideo(), meetingSettings(),
                    new DynamoRateLimiter(db, config.table()), anonymousLimits(env), clock);
        }
        return meetingService;
    }

    public synchronized MeetingClosing meetingClosing() {
        if (meetingClosing == null) {
            meetingClosing = new MeetingClosing(rooms, meetings, meetings, lazyVideo(), clock);
        }
        return meetingClosing;
    }

    public synchronized FeedService feedService() {
        if (feedService == null) {
            HttpFeedFetcher fetcher = new HttpFeedFetcher(FetchSettings.interactive(config.localDevelopment()));
            FeedReader reader = new FeedReader();
            DynamoEventStore events = new DynamoEventStore(db, config.table());
            RoomSyncService sync = new RoomSyncService(rooms, events, meetings, fetcher, reader,
                    config.syncSettings(), clock);
            feedService = new FeedService(roomService(), rooms, events, sync, fetcher, reader, config.syncSettings(),
                    urls(), clock);
        }
        return feedService;
    }

    public synchronized DailyWebhookService webhookService() {
        if (webhookService == null) {
            webhookService = new DailyWebhookService(new WebhookSignature(secrets.supplier("DAILY_WEBHOOK_SECRET",
                    "DAILY_WEBHOOK_SECRET_ARN")),
                    new DynamoWebhookStore(db, config.table()), meetings, videoRoomPrefix(env), clock);
        }
        return webhookService;
    }
}
