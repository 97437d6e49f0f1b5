package dev.calroom.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.calroom.api.ApiFunction;
import dev.calroom.api.ApiRequest;
import dev.calroom.api.ApiResponse;
import dev.calroom.api.Problems;
import dev.calroom.domain.Meeting;
import dev.calroom.domain.Room;
import dev.calroom.support.Env;
import dev.calroom.web.Site;
import dev.calroom.web.SiteSettings;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The web pages on the API's origin: the document for {@code /}, {@code /{room}} and {@code /{room}/{meetingId}},
 * the pages' configuration and their versioned assets. Everything is read once, at init (and so in the SnapStart
 * snapshot); a request only picks an answer.
 */
public final class WebHandler extends ApiFunction {

    private static volatile Site shared;

    private final Site site;

    public WebHandler() {
        this(sharedSite());
        ApiPriming.register(null, this);
    }

    @Override
    protected List<APIGatewayV2HTTPEvent> primingRequests() {
        return List.of(primingRequest("GET", "/{room}", "/" + Room.PRIMING_NAME, Map.of("room", Room.PRIMING_NAME),
                Map.of(), null), primingRequest("GET", "/config.json", "/config.json", Map.of(), Map.of(), null));
    }

    public WebHandler(Site site) {
        this.site = site;
    }

    private static Site sharedSite() {
        Site s = shared;
        if (s == null) {
            s = Site.load(SiteSettings.from(Env.variables()));
            shared = s;
        }
        return s;
    }

    @Override
    protected ApiResponse route(ApiRequest r) {
        return switch (r.routeKey()) {
            case "GET /" -> document(200);
            case "GET /{room}" -> document(isRoomName(r.pathParameter("room")) ? 200 : 404);
            // The API's own namespace: an unknown API path is a problem+json 404, as from the API.
            case "GET /{room}/{meetingId}" -> r.path().startsWith("/v1/") ? Problems.notFound(r.method() + " "
                    + r.path()) : document(isRoomName(r.pathParameter("room"))
                    && Meeting.ID.matcher(r.pathParameter("meetingId")).matches() ? 200 : 404);
            case "GET /config.json" -> answer(site.config(), false);
            case "GET /assets/{version}/{file}" -> site.asset(r.pathParameter("version"), r.pathParameter("file"))
                    .map(p -> answer(p, false))
                    .orElseGet(() -> Problems.notFound(r.path()));
            default -> Problems.notFound(r.method() + " " + r.path());
        };
    }

    private static boolean isRoomName(String name) {
        return name != null && Room.NAME.matcher(name).matches() && !Room.isReservedName(name);
    }

    /** The document; a path that can name no room or meeting still gets it (the page says so), with a 404. */
    private ApiResponse document(int status) {
        Site.Page p = site.document();
        return answer(new Site.Page(status, p.contentType(), p.cacheControl(), p.body()), true);
    }

    private ApiResponse answer(Site.Page p, boolean document) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", p.contentType());
        h.put("Cache-Control", p.cacheControl());
        h.put("X-Content-Type-Options", "nosniff");
        if (document) {
            h.put("Content-Security-Policy", site.contentSecurityPolicy());
            h.put("Referrer-Policy", "strict-origin-when-cross-origin");
        }
        return new ApiResponse(p.status(), h, p.body());
    }
}
