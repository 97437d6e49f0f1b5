package dev.calroom.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.calroom.daily.DailyClient;
import dev.calroom.daily.DailySettings;
import dev.calroom.dynamodb.DynamoClients;
import dev.calroom.dynamodb.DynamoMeetingStore;
import dev.calroom.dynamodb.DynamoRoomStore;
import dev.calroom.lifecycle.LifecycleDispatch;
import dev.calroom.lifecycle.LifecycleDispatcher;
import dev.calroom.lifecycle.LifecycleQueue;
import dev.calroom.lifecycle.LifecycleRunSummary;
import dev.calroom.sqs.SqsClients;
import dev.calroom.sqs.SqsLifecycleQueue;
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

    private final LifecycleDispatcher dispatcher;
    private final RoomDeletion deletion;

    public MeetingLifecycleHandler() {
        this(Parts.from(Env.variables()));
    }

    private MeetingLifecycleHandler(Parts parts) {
        this(parts.dispatcher(), parts.deletion());
    }

    /** @param deletion resumes the sweeps of deleted rooms a request left unfinished (null: none) */
    public MeetingLifecycleHandler(LifecycleDispatcher dispatcher, RoomDeletion deletion) {
        this.dispatcher = dispatcher;
        this.deletion = deletion;
    }

    /** The lifecycle and the deleted-room sweep, as the function's environment configures them. */
    private record Parts(LifecycleDispatcher dispatcher, RoomDeletion deletion) {
        static Parts from(Map<String, String> env) {
            Config config = Config.from(env);
            var db = DynamoClients.fromEnvironment();
            DynamoMeetingStore meetings = new DynamoMeetingStore(db, config.table());
            DailyClient daily = dailyClient(env);
            LifecycleService service = service(env, meetings, daily);
            String queueUrl = env.get("LIFECYCLE_QUEUE_URL");
            LifecycleQueue queue = queueUrl == null || queueUrl.isBlank() ? null
                    : new SqsLifecycleQueue(SqsClients.fromEnvironment(), queueUrl);
            int perRun = Integer.parseInt(env.getOrDefault("LIFECYCLE_MAX_MEETINGS_PER_RUN", "200"));
            return new Parts(new LifecycleDispatcher(service, meetings, queue, perRun,
                    Integer.parseInt(env.getOrDefault("LIFECYCLE_DISPATCH_MAX_MEETINGS", "20000")),
                    Duration.ofMinutes(5), Env.clock()),
                    new RoomDeletion(new DynamoRoomStore(db, config.table()), daily, Env.clock()));
        }
    }

    static DailyClient dailyClient(Map<String, String> env) {
        return new DailyClient(DailyClient.defaultHttpClient(Duration.ofSeconds(3)),
                URI.create(env.getOrDefault("DAILY_API_URL", "https://api.daily.co/v1")),
                new Secrets(env).supplier("DAILY_API_KEY", "DAILY_API_KEY_SECRET_ARN"), DailySettings.background());
    }

    static LifecycleService service(Map<String, String> env, DynamoMeetingStore meetings, DailyClient daily) {
        MeetingSettings ms = ApiComponents.meetingSettings(env);
        return new LifecycleService(meetings, meetings, daily, ms.policy(), ms.videoRoomPrefix(), Env.clock());
    }

    /** The service as the function's environment configures it. */
    public static LifecycleService defaultService(Map<String, String> env) {
        Config config = Config.from(env);
        DynamoMeetingStore meetings = new DynamoMeetingStore(DynamoClients.fromEnvironment(), config.table());
        return service(env, meetings, dailyClient(env));
    }

    @Override
    public void handleRequest(InputStream event, OutputStream result, Context context) throws IOException {
        ScheduledInvocation.handle(event, result, context, SAFETY_MARGIN, this::run);
    }

    /** One run within {@code budget}; the summary is the invocation's result. */
    public Map<String, Object> run(Duration budget) {
        java.time.Instant deadline = Env.clock().instant().plus(budget);
        LifecycleDispatch dispatch = dispatcher.run(budget);
        LifecycleRunSummary s = dispatch.inline() ? dispatch.inlineRun()
                : new LifecycleRunSummary(dispatch.due(), 0, 0, 0, 0, 0, 0, 0);
        int swept = deletion == null ? 0 : deletion.resumePending(deadline);
        Metrics.emit("calroom", "MeetingLifecycle", Map.of("MeetingsDue", s.due(), "VideoRoomsCreated",
                s.videoRoomsCreated(), "MeetingsEnded", s.meetingsEnded(), "VideoRoomsDeleted", s.videoRoomsDeleted(),
                "LeasesExtended", s.leasesExtended(), "LifecycleFailures", s.failures(),
                "MeetingsLeftForNextRun", s.leftForNextRun()));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("due", s.due());
        out.put("mode", dispatch.inline() ? "inline" : "queued");
        out.put("queued", dispatch.queued());
        out.put("sendFailures", dispatch.sendFailures());
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
