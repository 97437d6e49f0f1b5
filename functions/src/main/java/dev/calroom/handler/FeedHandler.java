package dev.calroom.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.calroom.api.ApiFunction;
import dev.calroom.api.ApiRequest;
import dev.calroom.api.ApiResponse;
import dev.calroom.api.Authenticator;
import dev.calroom.api.Json;
import dev.calroom.api.JsonBody;
import dev.calroom.api.Problems;
import dev.calroom.api.Views;
import dev.calroom.auth.Caller;
import dev.calroom.domain.IcsConfig;
import dev.calroom.domain.MaskedUrl;
import dev.calroom.domain.Room;
import dev.calroom.rooms.FeedService;
import dev.calroom.rooms.FeedStatus;
import dev.calroom.rooms.FeedTestResult;
import dev.calroom.rooms.IcsUrlPolicy;
import dev.calroom.sync.SyncReport;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** The owner's feed controls: {@code /v1/rooms/{room}/ics/sync}, {@code /status} and {@code /test}. */
public final class FeedHandler extends ApiFunction {

    private final FeedService feeds;
    private final Authenticator auth;
    private final Views views;

    public FeedHandler() {
        this(ApiComponents.instance().feedService(), ApiComponents.instance().authenticator(),
                ApiComponents.instance().views());
        ApiPriming.register(ApiComponents.instance(), this);
    }

    @Override
    protected List<APIGatewayV2HTTPEvent> primingRequests() {
        // Without a token: the owner-only routes answer 401 before reading anything.
        return List.of(primingRequest("GET", "/v1/rooms/{room}/ics/status", "/v1/rooms/" + Room.PRIMING_NAME
                + "/ics/status", Map.of("room", Room.PRIMING_NAME), Map.of(), null));
    }

    public FeedHandler(FeedService feeds, Authenticator auth, Views views) {
        this.feeds = feeds;
        this.auth = auth;
        this.views = views;
    }

    @Override
    protected ApiResponse route(ApiRequest r) {
        return switch (r.routeKey()) {
            case "POST /v1/rooms/{room}/ics/sync" -> {
                Caller caller = auth.required(r);
                SyncReport report = feeds.syncNow(r.room(), caller);
                ObjectNode body = Json.object();
                body.put("status", report.status().wire());
                body.set("counts", views.counts(report.counts()));
                body.put("error", report.error());
                yield ApiResponse.json(200, Json.write(body));
            }
            case "GET /v1/rooms/{room}/ics/status" -> {
                Caller caller = auth.required(r);
                FeedStatus status = feeds.status(r.room(), caller);
                IcsConfig ics = status.room().ics();
                ObjectNode body = Json.object();
                body.put("configured", ics != null);
                body.put("url", ics == null ? null : MaskedUrl.of(ics.url()));
                body.put("enabled", ics != null && ics.enabled());
                body.set("sync", views.sync(status.room().sync(), ics != null && ics.enabled(),
                        java.time.Duration.ofMinutes(ics != null ? ics.fetchIntervalMinutes() : 5)));
                body.put("upcomingEvents", status.upcomingEvents());
                yield ApiResponse.json(200, Json.write(body));
            }
            case "POST /v1/rooms/{room}/ics/test" -> {
                Caller caller = auth.required(r);
                JsonBody in = JsonBody.parse(r, true).allowOnly(Set.of("url"));
                String url = in.string("url", IcsUrlPolicy.MAX_LENGTH + 64).orElse(null);
                FeedTestResult t = feeds.test(r.room(), caller, url);
                ObjectNode body = Json.object();
                body.put("ok", t.ok());
                body.put("error", t.error());
                body.put("eventsInFeed", t.eventsInFeed());
                body.put("occurrencesInWindow", t.occurrencesInWindow());
                body.put("matching", t.matching());
                body.put("problems", t.problems());
                ArrayNode samples = body.putArray("samples");
                for (FeedTestResult.Sample s : t.samples()) {
                    ObjectNode n = samples.addObject();
                    n.put("title", s.title());
                    n.put("startsAt", Views.iso(s.startsAt()));
                    n.put("endsAt", Views.iso(s.endsAt()));
                }
                yield ApiResponse.json(200, Json.write(body));
            }
            default -> Problems.notFound(r.method() + " " + r.path());
        };
    }
}
