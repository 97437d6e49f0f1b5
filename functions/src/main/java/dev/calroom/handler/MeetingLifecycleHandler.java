package dev.calroom.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.calroom.daily.DailyClient;
import dev.calroom.daily.DailySettings;
import dev.calroom.dynamodb.DynamoClients;
import dev.calroom.dynamodb.DynamoMeetingStore;
import dev.calroom.dynamodb.DynamoRoomStore;
import dev.calroom.lifecycle.LifecycleRunSummary;
import dev.calroom.lifecycle.LifecycleService;
import dev.calroom.meetings.MeetingSettings;
import dev.calroom.rooms.RoomDeletion;
import dev.calroom.support.Env;
import dev.calroom.support.Log;
import dev.calroom.support.Metrics;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * EventBridge-scheduled (every minute) meeting lifecycle: video rooms ready before start, meetings closed when
 * their rules say so and nobody is left, video rooms deleted. Each run is bounded; the rest waits for the next.
 */
public final class MeetingLifecycleHandler implements RequestStreamHandler {

    static final Duration SAFETY_MARGIN = Duration.ofSeconds(15);

    private final LifecycleService service;
    private final int maxMeetingsPerRun;
    private final RoomDeletion deletion;

    public MeetingLifecycleHandler() {
        this(Parts.from(Env.variables()));
    }

    private MeetingLifecycleHandler(Parts parts) {
        this(parts.service(), Integer.parseInt(Env.variables().getOrDefault("LIFECYCLE_MAX_MEETINGS_PER_RUN",
                "200")), parts.deletion());
    }

    public MeetingLifecycleHandler(LifecycleService service, int maxMeetingsPerRun) {
        this(service, maxMeetingsPerRun, null);
    }

    /** @param deletion resumes the sweeps of deleted rooms a request left unfinished (null: none) */
    public MeetingLifecycleHandler(LifecycleService service, int maxMeetingsPerRun, RoomDeletion deletion) {
        this.service = service;
        this.maxMeetingsPerRun = maxMeetingsPerRun;
        this.deletion = deletion;
    }

    /** The lifecycle and the deleted-room sweep, as the function's environment configures them. */
    private record Parts(LifecycleService service, RoomDeletion deletion) {
        static Parts from(Map<String, String> env) {
            Config config = Config.from(env);
            var db = DynamoClients.fromEnvironment();
            DynamoMeetingStore meetings = new DynamoMeetingStore(db, config.table());
            MeetingSettings ms = ApiComponents.meetingSettings(env);
            Secrets secrets = new Secrets(env);
            DailyClient daily = new DailyClient(DailyClient.defaultHttpClient(Duration.ofSeconds(3)),
                    URI.create(env.getOrDefault("DAILY_API_URL", "https://api.daily.co/v1")),
                    secrets.supplier("DAILY_API_KEY", "DAILY_API_KEY_SECRET_ARN"), DailySettings.background());
            return new Parts(new LifecycleService(meetings, meetings, daily, ms.policy(), ms.videoRoomPrefix(),
                    Env.clock()), new RoomDeletion(new DynamoRoomStore(db, config.table()), daily, Env.clock()));
        }
    }

    /** The service as the function's environment configures it. */
    public static LifecycleService defaultService(Map<String, String> env) {
        return Parts.from(env).service();
    }

    @Override
    public void handleRequest(InputStream event, OutputStream result, Context context) throws IOException {
        ScheduledInvocation.handle(event, result, context, SAFETY_MARGIN, this::run);
    }

    /** One run within {@code budget}; the summary is the invocation's result. */
    public Map<String, Object> run(Duration budget) {
        java.time.Instant deadline = Env.clock().instant().plus(budget);
        LifecycleRunSummary s = service.runDue(budget, maxMeetingsPerRun);
        int swept = deletion == null ? 0 : deletion.resumePending(deadline);
        Metrics.emit("calroom", "MeetingLifecycle", Map.of("MeetingsDue", s.due(), "VideoRoomsCreated",
                s.videoRoomsCreated(), "MeetingsEnded", s.meetingsEnded(), "VideoRoomsDeleted", s.videoRoomsDeleted(),
                "LeasesExtended", s.leasesExtended(), "LifecycleFailures", s.failures(),
                "MeetingsLeftForNextRun", s.leftForNextRun()));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("due", s.due());
        out.put("handled", s.handled());
        out.put("videoRoomsCreated", s.videoRoomsCreated());
        out.put("meetingsEnded", s.meetingsEnded());
        out.put("videoRoomsDeleted", s.videoRoomsDeleted());
        out.put("leasesExtended", s.leasesExtended());
        out.put("failures", s.failures());
        out.put("leftForNextRun", s.leftForNextRun());
        out.put("deletedRoomsSwept", swept);
        Log.info("lifecycle run", "due", s.due(), "ended", s.meetingsEnded(), "deleted", s.videoRoomsDeleted(),
                "failures", s.failures());
        return out;
    }
}
