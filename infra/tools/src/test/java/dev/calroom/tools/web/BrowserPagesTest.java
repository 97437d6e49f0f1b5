package dev.calroom.tools.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calroom.tools.local.LocalStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The web pages in a real browser (Debian's chromium through chromedriver) against the local stack with its demo:
 * every page is the web function's answer, every call goes through the template's routes to the functions, and the
 * call page runs the Daily emulator's daily-js stand-in, which really joins and leaves the emulated rooms.
 *
 * <p>Skipped, with the reason printed, where no chromium or chromedriver is installed ({@code .ci/run} installs
 * them). With {@code -Dcalroom.screenshots=DIR} the tests also save the README's screenshots into DIR.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrowserPagesTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();
    static final ByteArrayOutputStream LOG = new ByteArrayOutputStream();
    static final Duration WAIT = Duration.ofSeconds(30);

    static LocalStack stack;
    static WebDriver driver;
    static String base;
    static String ownerToken;

    @BeforeAll
    static void start() throws Exception {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present) {
            System.out.println("BrowserPagesTest SKIPPED: no browser (" + CHROMIUM + " and " + CHROMEDRIVER
                    + " are needed: apt-get install chromium chromium-driver; .ci/run installs them)");
        }
        Assumptions.assumeTrue(present, "no chromium/chromedriver installed: the browser tests are skipped");
        Path root = Path.of("").toAbsolutePath();
        while (!root.resolve("template.yaml").toFile().exists()) {
            root = root.getParent();
        }
        Path data = Files.createTempDirectory("calroom-browser-test");
        stack = new LocalStack(new LocalStack.Options(0, true, true, data, root.resolve("template.yaml")),
                new PrintStream(LOG, true, StandardCharsets.UTF_8)).start();
        base = stack.baseUrl();
        ownerToken = stack.issuer().token("demo-owner", "owner@example.com", "Demo Owner");

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-quic", "--window-size=1280,900", "--lang=en-US",
                "--user-data-dir=" + Files.createTempDirectory("calroom-chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
    }

    @AfterAll
    static void stop() throws Exception {
        if (driver != null) {
            driver.quit();
        }
        if (feedServer != null) {
            feedServer.stop(0);
        }
        if (stack != null) {
            stack.close();
            Files.write(Path.of("target", "browser-pages-test.log"), LOG.toByteArray());
        }
    }

    // ---- the room page ------------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void roomPage_showsTheDemosDeduplicatedBookingOnce_andNoOwnerFieldsToParticipants() throws Exception {
        signOut();
        driver.get(base + "/demo");
        waitFor(By.cssSelector("[data-meeting-id]"));
        List<WebElement> titles = driver.findElements(By.cssSelector("[data-meeting-id] .title"));
        long standUps = titles.stream().filter(t -> t.getText().startsWith("Stand-up")).count();
        assertEquals(1, standUps, "the booking the demo feed carries twice (two UIDs) shows once");
        JsonNode listed = api("GET", "/v1/rooms/demo/meetings", null, null).json();
        assertEquals(listed.path("meetings").size(), driver.findElements(By.cssSelector("[data-meeting-id]")).size()
                + hiddenLater(listed), "each listed meeting within the page's horizon has one card");
        for (String ownerOnly : List.of(".attendees", ".description", ".location", ".invited")) {
            assertTrue(driver.findElements(By.cssSelector(ownerOnly)).isEmpty(), ownerOnly + " shown to a participant");
        }
        assertFalse(driver.getPageSource().contains("ada@example.com"), "an attendee's address reached a participant");
        screenshot("room-page");

        signIn("demo-owner", "owner@example.com", "Demo Owner");
        driver.get(base + "/demo");
        waitFor(By.cssSelector("[data-meeting-id] .invited"));
        assertTrue(driver.findElement(By.cssSelector(".attendees summary")).getText().contains("Attendees"));
        assertTrue(driver.findElement(By.cssSelector(".location")).getText().contains(base + "/demo"));
        assertTrue(driver.getPageSource().contains("From the room's calendar: cancel it there."),
                "a calendar meeting's owner is told to cancel it in the calendar");
        signOut();
    }

    /** Meetings the list answers but the page keeps for later: scheduled ones starting beyond 30 minutes. */
    private static int hiddenLater(JsonNode list) {
        Instant now = Instant.parse(list.path("now").asText());
        int later = 0;
        for (JsonNode m : list.path("meetings")) {
            if (m.path("status").asText().equals("scheduled")
                    && Instant.parse(m.path("startsAt").asText()).isAfter(now.plus(Duration.ofMinutes(30)))) {
                later++;
            }
        }
        return later;
    }

    @Test
    @Order(2)
    void waitingPage_countsDownByTheStacksClock_andJoinsByItself() throws Exception {
        signOut();
        JsonNode list = api("GET", "/v1/rooms/demo/meetings", null, null).json();
        Instant now = Instant.parse(list.path("now").asText());
        JsonNode next = null;
        for (JsonNode m : list.path("meetings")) {
            if (Instant.parse(m.path("joinableAt").asText()).isAfter(now.plusSeconds(10))) {
                next = m;
                break;
            }
        }
        assertTrue(next != null, "the demo has a meeting still to start");
        Instant opens = Instant.parse(next.path("joinableAt").asText());
        // Move the stack's clock to 8 s before the meeting opens: the page must count down by the server's time.
        api("POST", "/_local/clock", null, "{\"now\":\"" + opens.minusSeconds(8) + "\"}");
        driver.get(base + "/demo/" + next.path("id").asText());
        WebElement countdown = waitFor(By.id("countdown"));
        assertTrue(countdown.getText().matches("00:0[0-9]"), "countdown shows seconds left: " + countdown.getText());
        assertTrue(driver.findElement(By.cssSelector("[data-screen=waiting]")).getText().contains("starts at"));
        screenshot("waiting-page");
        waitFor(By.cssSelector("[data-testid=stand-in-status]"));
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid=stand-in-status]"), "in the call"));
        String room = videoRoomOf("demo", next.path("id").asText());
        assertEquals(1, stack.dailyEmulator().participants(room).size(), "the browser is in the emulated room");
        screenshot("call-page");
        leaveCall();
        assertEquals(0, stack.dailyEmulator().participants(room).size(), "leaving left the emulated room");
    }

    // ---- the call page ------------------------------------------------------------------------------------------

    @Test
    @Order(3)
    void everyDailyFatalError_hasItsScreen_andRejoinGetsAFreshToken() throws Exception {
        signOut();
        createRoom("calls", false);
        String id = adhoc("calls", null);
        String url = base + "/calls/" + id;
        Map<String, String> headings = Map.ofEntries(
                Map.entry("connection-error", "The connection to the call was lost"),
                Map.entry("exp-token", "Your access to the call expired"),
                Map.entry("exp-room", "The meeting has ended"),
                Map.entry("ejected", "You are no longer in the call"),
                Map.entry("meeting-full", "The call is full"),
                Map.entry("not-allowed", "You are not allowed in this call"),
                Map.entry("nbf-room", "The call is not open yet"),
                Map.entry("nbf-token", "The call is not open yet"),
                Map.entry("no-room", "The call no longer exists"),
                Map.entry("end-of-life", "This page's video client is out of date"));
        for (Map.Entry<String, String> e : headings.entrySet()) {
            String type = e.getKey();
            driver.get(url);
            awaitInCall();
            new Select(driver.findElement(By.cssSelector("[data-testid=stand-in-error-type]"))).selectByValue(type);
            driver.findElement(By.cssSelector("[data-testid=stand-in-emit]")).click();
            WebElement screen = waitFor(By.cssSelector("[data-screen='fatal-" + type + "']"));
            assertEquals(e.getValue(), screen.findElement(By.tagName("h1")).getText(), type);
            boolean rejoin = type.equals("connection-error") || type.equals("exp-token");
            assertEquals(rejoin, !driver.findElements(By.id("rejoin")).isEmpty(), type + ": Rejoin offered");
            assertFalse(driver.findElements(By.id("back-to-room")).isEmpty(), type + ": Back to room");
            // daily-js follows a fatal error with left-meeting: the error screen stays.
            Thread.sleep(600);
            assertFalse(driver.findElements(By.cssSelector("[data-screen='fatal-" + type + "']")).isEmpty(),
                    type + ": the error screen stays after left-meeting");
            if (rejoin) {
                int joins = joinCalls("calls", id);
                int admitted = stack.dailyEmulator().calls("POST /_emulator/calls");
                driver.findElement(By.id("rejoin")).click();
                awaitInCall();
                assertEquals(joins + 1, joinCalls("calls", id), type + ": Rejoin asked the API to join again");
                assertEquals(admitted + 1, stack.dailyEmulator().calls("POST /_emulator/calls"),
                        type + ": the new token was presented to the video room, not a page reload");
                assertTrue(driver.findElements(By.cssSelector("[data-screen]")).isEmpty());
            }
        }
        // A type this page does not know still gets a screen in plain words.
        driver.get(url);
        awaitInCall();
        ((JavascriptExecutor) driver).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const app = document.querySelector('script[type=module]').src;
                import(app.replace('app.js', 'daily-esm.js'))
                  .then(m => m.default.getCallInstance().emitFatalError('brand-new-error')).then(() => done());
                """);
        WebElement unknown = waitFor(By.cssSelector("[data-screen='fatal-brand-new-error']"));
        assertEquals("The call stopped", unknown.findElement(By.tagName("h1")).getText());
        assertTrue(unknown.getText().contains("brand-new-error"));
    }

    @Test
    @Order(4)
    void endNow_putsEveryoneOut_andTheMeetingStaysEnded_thenJoinIs410() throws Exception {
        signOut();
        String id = adhoc("calls", "Retro");
        driver.get(base + "/calls/" + id);
        awaitInCall();
        String room = videoRoomOf("calls", id);
        Reply ended = api("POST", "/v1/rooms/calls/meetings/" + id + "/end", ownerToken, null);
        assertEquals(200, ended.status(), ended.raw());
        assertEquals("ended", ended.json().path("status").asText());
        WebElement screen = waitFor(By.cssSelector("[data-screen='fatal-ejected']"));
        assertTrue(screen.getText().contains("ended for everyone"));
        assertTrue(stack.dailyEmulator().deletedRooms().contains(room), "the video room is deleted");
        // The emulator reported the ejected participant's departure: the meeting is still ended, and stays so.
        stack.invoke("MeetingLifecycleFunction");
        assertEquals("ended", api("GET", "/v1/rooms/calls/meetings/" + id, null, null).json().path("status")
                .asText());
        assertEquals(410, api("POST", "/v1/rooms/calls/meetings/" + id + "/end", ownerToken, null).status());

        driver.get(base + "/calls/" + id);
        WebElement refused = waitFor(By.cssSelector("[data-screen='refused-410']"));
        assertTrue(refused.getText().contains("The meeting has ended"), "the API's own title");
        assertTrue(refused.getText().contains("the meeting is over"), "the API's own detail");
    }

    @Test
    @Order(5)
    void owner_cancelsAnUnstartedUnscheduledMeeting_fromTheRoomPage() throws Exception {
        String id = adhoc("calls", "Ad hoc sync");
        signIn("demo-owner", "owner@example.com", "Demo Owner");
        driver.get(base + "/calls");
        WebElement card = waitFor(By.cssSelector("[data-meeting-id='" + id + "']"));
        card.findElement(By.xpath(".//button[text()='Cancel']")).click();
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.numberOfElementsToBe(
                By.cssSelector("[data-meeting-id='" + id + "']"), 0));
        assertEquals("cancelled", api("GET", "/v1/rooms/calls/meetings/" + id, null, null).json().path("status")
                .asText());
        signOut();
    }

    @Test
    @Order(6)
    void joinRefusals_showTheApisProblem_andRetryA503ByItself() throws Exception {
        signOut();
        createRoom("locked-room", true);
        String id = adhoc("locked-room", "Board", ownerToken);
        driver.get(base + "/locked-room/" + id);
        WebElement unauthorized = waitFor(By.cssSelector("[data-screen='refused-401']"));
        assertTrue(unauthorized.getText().contains("sign in to join"), unauthorized.getText());
        assertFalse(driver.findElements(By.id("sign-in-to-join")).isEmpty(), "signed out: sign-in offered");

        signIn("mallory", "mallory@example.com", "Mallory");
        driver.get(base + "/locked-room/" + id);
        WebElement notInvited = waitFor(By.cssSelector("[data-screen='refused-403']"));
        assertTrue(notInvited.getText().contains("You are not invited to this meeting"), notInvited.getText());
        assertTrue(driver.findElements(By.id("sign-in-to-join")).isEmpty(), "signed in: no sign-in offer");
        signOut();

        String fresh = adhoc("calls", "Planning");
        stack.dailyEmulator().faults(1.0);
        try {
            driver.get(base + "/calls/" + fresh);
            WebElement unavailable = waitFor(By.cssSelector("[data-screen=unavailable]"));
            assertTrue(unavailable.getText().contains("The video provider is unavailable"), unavailable.getText());
            assertTrue(waitFor(By.id("retry-in")).getText().matches("Trying again in \\d+ s\\."));
        } finally {
            stack.dailyEmulator().faults(0);
        }
        awaitInCall();
        leaveCall();
    }

    // ---- the owner's pages --------------------------------------------------------------------------------------

    @Test
    @Order(7)
    void owner_signsIn_createsARoom_setsAndTestsItsFeed_andSyncs() throws Exception {
        signIn("demo-owner", "owner@example.com", "Demo Owner");
        assertEquals("Your rooms", waitFor(By.tagName("h1")).getText());
        waitFor(By.cssSelector(".rooms"));
        driver.findElement(By.id("room-name")).sendKeys("team-room");
        driver.findElement(By.id("create-room")).click();
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.urlToBe(base + "/team-room/settings"));
        assertEquals(base + "/team-room", waitFor(By.id("room-url")).getDomProperty("value"));

        String feed = base + "/_local/feeds/demo.ics";
        driver.findElement(By.id("feed-url")).sendKeys(feed);
        driver.findElement(By.id("test-feed")).click();
        WebElement result = waitFor(By.id("test-result"));
        assertEquals("0", result.findElement(By.id("test-matching")).getText(),
                "the demo feed's events name the demo room, not this one");
        assertTrue(waitFor(By.id("suggest-all")).getText().contains("take all its events"));
        driver.findElement(By.id("use-all")).click();
        waitFor(By.id("feed-saved"));
        assertTrue(driver.findElement(By.id("feed-url")).getDomProperty("placeholder").startsWith("Saved: http"),
                "the saved feed is shown masked");
        assertFalse(driver.getPageSource().contains("demo.ics"), "the feed URL is never shown back whole");
        driver.findElement(By.id("test-feed")).click();
        new WebDriverWait(driver, WAIT).until(d -> !d.findElement(By.id("test-matching")).getText().equals("0"));

        driver.findElement(By.id("sync-now")).click();
        WebElement report = waitFor(By.id("sync-report"));
        assertTrue(report.getText().startsWith("Synced"), report.getText());
        assertTrue(report.getText().contains("meetings created"), report.getText());
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.not(
                ExpectedConditions.textToBe(By.id("last-sync"), "never")));
        screenshot("settings-page");

        driver.get(base + "/");
        WebElement rooms = waitFor(By.cssSelector(".rooms"));
        new WebDriverWait(driver, WAIT).until(d -> d.findElement(By.cssSelector(".rooms")).getText().contains("team-room"));
        assertTrue(rooms.getText().contains("demo"));

        driver.get(base + "/team-room/settings");
        waitFor(By.id("delete-room")).click();
        waitFor(By.id("confirm-delete")).click();
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.urlToBe(base + "/"));
        assertEquals(404, api("GET", "/v1/rooms/team-room", ownerToken, null).status());
        signOut();
    }

    @Test
    @Order(8)
    void pages_fitAPhone_withoutSidewaysScrolling() throws Exception {
        Dimension desktop = driver.manage().window().getSize();
        try {
            driver.manage().window().setSize(new Dimension(390, 844));
            signOut();
            driver.get(base + "/demo");
            waitFor(By.cssSelector("[data-meeting-id]"));
            assertFits("room page");
            screenshot("room-page-phone");
            String id = adhoc("calls", "Phone call");
            driver.get(base + "/calls/" + id);
            awaitInCall();
            assertFits("call page");
            leaveCall();
            signIn("demo-owner", "owner@example.com", "Demo Owner");
            driver.get(base + "/demo/settings");
            waitFor(By.id("sync-now"));
            assertFits("settings page");
            signOut();
        } finally {
            driver.manage().window().setSize(desktop);
        }
    }

    @Test
    @Order(9)
    void waitingPage_saysSo_whenTheMeetingMovesInTheCalendar_andReturnsToTheRoomShowingIt() throws Exception {
        signOut();
        Instant now = Instant.parse(api("GET", "/_local/health", null, null).json().path("now").asText());
        Instant start = now.plus(Duration.ofMinutes(20)).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        String event = "BEGIN:VEVENT\r\nUID:review-1\r\nDTSTAMP:20261101T000000Z\r\nDTSTART:"
                + ICS.format(start) + "\r\nDTEND:" + ICS.format(start.plus(Duration.ofMinutes(30)))
                + "\r\nSUMMARY:Design review\r\nEND:VEVENT\r\n";
        feed = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n" + event + "END:VCALENDAR\r\n";
        Reply created = api("POST", "/v1/rooms", ownerToken, "{\"name\":\"moving\",\"ics\":{\"url\":\""
                + feedUrl() + "\",\"match\":\"all\"}}");
        assertEquals(201, created.status(), created.raw());
        assertEquals(200, api("POST", "/v1/rooms/moving/ics/sync", ownerToken, null).status());
        JsonNode meeting = api("GET", "/v1/rooms/moving/meetings", null, null).json().path("meetings").get(0);
        driver.get(base + "/moving/" + meeting.path("id").asText());
        waitFor(By.cssSelector("[data-screen=waiting]"));

        // The event moves 5 minutes later in the calendar: the next sync cancels the meeting at the old slot and
        // makes one at the new (still within the room page's 30 minutes).
        Instant moved = start.plus(Duration.ofMinutes(5));
        String movedEvent = event.replace(ICS.format(start.plus(Duration.ofMinutes(30))),
                ICS.format(moved.plus(Duration.ofMinutes(30)))).replace(ICS.format(start), ICS.format(moved));
        feed = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n" + movedEvent + "END:VCALENDAR\r\n";
        api("POST", "/_local/clock", null, "{\"advance\":\"PT31S\"}");
        Reply sync = api("POST", "/v1/rooms/moving/ics/sync", ownerToken, null);
        assertEquals(200, sync.status(), sync.raw());
        assertEquals(1, sync.json().path("counts").path("meetingsCancelled").asInt(), sync.raw());
        WebElement changed = waitFor(By.cssSelector("[data-screen=waiting-changed]"));
        assertTrue(changed.getText().contains("This meeting was cancelled or moved in the room's calendar."),
                changed.getText());
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.urlToBe(base + "/moving"));
        WebElement card = waitFor(By.cssSelector("[data-meeting-id]"));
        assertFalse(card.getDomAttribute("data-meeting-id").equals(meeting.path("id").asText()));
        assertTrue(card.getText().contains("Design review"), "the room page shows the moved meeting");
    }

    @Test
    @Order(10)
    void startNow_doubleClicked_makesOneMeeting() throws Exception {
        signOut();
        createRoom("double", false);
        driver.get(base + "/double");
        WebElement start = waitFor(By.id("start-now"));
        new org.openqa.selenium.interactions.Actions(driver).doubleClick(start).perform();
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.urlMatches(base + "/double/[A-Za-z0-9-]+$"));
        awaitInCall();
        JsonNode meetings = api("GET", "/v1/rooms/double/meetings", null, null).json().path("meetings");
        assertEquals(1, meetings.size(), "one meeting for a double click: " + meetings);
        assertTrue(driver.getCurrentUrl().endsWith(meetings.get(0).path("id").asText()));
        leaveCall();
    }

    @Test
    @Order(11)
    void owner_endsTheCallForEveryone_fromTheCallPage() throws Exception {
        signIn("demo-owner", "owner@example.com", "Demo Owner");
        String id = adhoc("calls", "Owner's call");
        driver.get(base + "/calls/" + id);
        awaitInCall();
        waitFor(By.id("end-now")).click();
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.alertIsPresent()).accept();
        waitFor(By.cssSelector("[data-screen='fatal-ejected']"));
        assertEquals("ended", api("GET", "/v1/rooms/calls/meetings/" + id, null, null).json().path("status")
                .asText());
        signOut();
    }

    @Test
    @Order(12)
    void pages_areUsableByKeyboard_everyFieldHasALabel_andNothingJumpsWhenDataArrives() throws Exception {
        signOut();
        driver.get(base + "/calls");
        waitFor(By.id("start-now"));
        double shift = ((Number) ((JavascriptExecutor) driver).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                let total = 0;
                new PerformanceObserver((list) => {
                  for (const e of list.getEntries()) if (!e.hadRecentInput) total += e.value;
                }).observe({ type: 'layout-shift', buffered: true });
                setTimeout(() => done(total), 500);
                """)).doubleValue();
        assertTrue(shift < 0.1, "cumulative layout shift " + shift);

        // Tab from the top of the page: the header's links, then each meeting's Join, then Start a meeting now.
        List<String> reached = new java.util.ArrayList<>();
        driver.findElement(By.tagName("body")).sendKeys(org.openqa.selenium.Keys.TAB);
        for (int i = 0; i < 12; i++) {
            WebElement focused = driver.switchTo().activeElement();
            reached.add(focused.getText());
            if (focused.getText().equals("Start a meeting now")) {
                break;
            }
            focused.sendKeys(org.openqa.selenium.Keys.TAB);
        }
        assertTrue(reached.contains("Start a meeting now"), "reached by keyboard: " + reached);
        driver.switchTo().activeElement().sendKeys(org.openqa.selenium.Keys.ENTER);
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.urlMatches(base + "/calls/[A-Za-z0-9-]+$"));
        awaitInCall();
        leaveCall();

        signIn("demo-owner", "owner@example.com", "Demo Owner");
        for (String page : List.of("/", "/demo/settings")) {
            driver.get(base + page);
            waitFor(By.cssSelector(page.equals("/") ? "#room-name" : "#feed-url"));
            Object unlabelled = ((JavascriptExecutor) driver).executeScript("""
                    return [...document.querySelectorAll('input, select, textarea')]
                      .filter(e => e.type !== 'hidden' && e.labels.length === 0 && !e.getAttribute('aria-label'))
                      .map(e => e.id || e.name || e.outerHTML);
                    """);
            assertEquals(List.of(), unlabelled, page + ": fields without a label");
        }
        signOut();
    }

    @Test
    @Order(13)
    void times_showInTheViewersZone_andTextHasEnoughContrast() throws Exception {
        signOut();
        ChromeDriver chrome = (ChromeDriver) driver;
        chrome.executeCdpCommand("Emulation.setTimezoneOverride", Map.of("timezoneId", "Asia/Tokyo"));
        try {
            driver.get(base + "/demo");
            WebElement card = waitFor(By.cssSelector("[data-meeting-id]"));
            assertTrue(driver.findElement(By.cssSelector(".zone")).getText().contains("Asia/Tokyo"));
            JsonNode m = api("GET", "/v1/rooms/demo/meetings/" + card.getDomAttribute("data-meeting-id"), null, null)
                    .json();
            String local = java.time.format.DateTimeFormatter.ofPattern("h:mm a", java.util.Locale.US).format(
                    Instant.parse(m.path("startsAt").asText()).atZone(java.time.ZoneId.of("Asia/Tokyo")));
            String shown = card.findElement(By.cssSelector(".when")).getText().replace('\u202f', ' ');
            assertTrue(shown.startsWith(local), "UTC " + m.path("startsAt").asText() + " shown as " + shown
                    + ", expected " + local + " in Asia/Tokyo");
        } finally {
            chrome.executeCdpCommand("Emulation.setTimezoneOverride", Map.of("timezoneId", ""));
        }
        signIn("demo-owner", "owner@example.com", "Demo Owner");
        for (String page : List.of("/demo", "/demo/settings", "/")) {
            driver.get(base + page);
            waitFor(By.cssSelector(page.equals("/demo") ? "[data-meeting-id]" : page.equals("/") ? "#room-name"
                    : "#sync-now"));
            Object failures = ((JavascriptExecutor) driver).executeScript(CONTRAST);
            assertEquals(List.of(), failures, page + ": text below WCAG AA contrast");
            // The check itself finds pale text when there is some.
            ((JavascriptExecutor) driver).executeScript("""
                    const p = document.createElement('p'); p.id = 'pale-probe'; p.textContent = 'pale probe';
                    p.style.color = '#bbbbbb'; document.getElementById('main').append(p);
                    """);
            Object pale = ((JavascriptExecutor) driver).executeScript(CONTRAST);
            ((JavascriptExecutor) driver).executeScript("document.getElementById('pale-probe').remove()");
            assertTrue(pale.toString().contains("pale probe"), "the contrast check found: " + pale);
        }
        signOut();
    }

    /** WCAG 2 contrast of every visible element's own text against its effective background: 4.5, 3 for large. */
    static final String CONTRAST = """
            const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
            const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255;
              return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); })
              .reduce((a, v, i) => a + v * [0.2126, 0.7152, 0.0722][i], 0);
            const background = (el) => {
              for (let e = el; e; e = e.parentElement) {
                const c = rgb(getComputedStyle(e).backgroundColor);
                if (c.length === 3 || (c.length === 4 && c[3] > 0.5)) return c.slice(0, 3);
              }
              return [255, 255, 255];
            };
            const out = [];
            for (const el of document.querySelectorAll('body *')) {
              const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
              if (!own || !el.offsetParent || el.closest('[data-daily-stand-in]')) continue;
              const s = getComputedStyle(el);
              const fg = rgb(s.color).slice(0, 3);
              const [a, b] = [lum(fg), lum(background(el))].sort((x, y) => y - x);
              const ratio = (a + 0.05) / (b + 0.05);
              const size = parseFloat(s.fontSize);
              const large = size >= 24 || (size >= 18.66 && Number(s.fontWeight) >= 700);
              if (ratio < (large ? 3 : 4.5)) out.push(el.tagName + ' "' + el.textContent.trim().slice(0, 30)
                + '" ' + ratio.toFixed(2));
            }
            return out;
            """;

    static final java.time.format.DateTimeFormatter ICS = java.time.format.DateTimeFormatter
            .ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(java.time.ZoneOffset.UTC);
    static volatile String feed = "";
    static com.sun.net.httpserver.HttpServer feedServer;

    private static String feedUrl() throws Exception {
        if (feedServer == null) {
            feedServer = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress(
                    java.net.InetAddress.getLoopbackAddress(), 0), 8);
            feedServer.createContext("/team.ics", ex -> {
                byte[] b = feed.getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "text/calendar; charset=utf-8");
                ex.sendResponseHeaders(200, b.length);
                ex.getResponseBody().write(b);
                ex.close();
            });
            feedServer.start();
        }
        return "http://127.0.0.1:" + feedServer.getAddress().getPort() + "/team.ics";
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static void assertFits(String page) {
        int scroll = ((Number) ((JavascriptExecutor) driver).executeScript(
                "return document.documentElement.scrollWidth")).intValue();
        int viewport = ((Number) ((JavascriptExecutor) driver).executeScript(
                "return document.documentElement.clientWidth")).intValue();
        assertTrue(viewport <= 390, "a phone-sized viewport: " + viewport);
        assertTrue(scroll <= viewport, page + " is " + scroll + " px wide in a " + viewport + " px viewport");
    }

    /** Leaves the call with the stand-in's Leave; the page says so. */
    private static void leaveCall() {
        driver.findElement(By.cssSelector("[data-testid=stand-in-leave]")).click();
        waitFor(By.cssSelector("[data-screen=left]"));
    }

    private static void awaitInCall() {
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid=stand-in-status]"), "in the call"));
    }

    private static WebElement waitFor(By by) {
        return new WebDriverWait(driver, WAIT).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    /** Signs in through the pages: the sign-in button, the development issuer's form, the redirect back. */
    private static void signIn(String sub, String email, String name) {
        signOut();
        driver.get(base + "/");
        waitFor(By.id("sign-in-home")).click();
        WebElement subField = waitFor(By.id("sub"));
        subField.clear();
        subField.sendKeys(sub);
        WebElement emailField = driver.findElement(By.id("email"));
        emailField.clear();
        emailField.sendKeys(email);
        WebElement nameField = driver.findElement(By.id("name"));
        nameField.clear();
        nameField.sendKeys(name);
        driver.findElement(By.id("sign-in")).click();
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.textToBe(By.tagName("h1"), "Your rooms"));
        assertEquals(base + "/", driver.getCurrentUrl(), "the code was taken off the address");
    }

    private static void signOut() {
        if (driver.getCurrentUrl().startsWith(base)) {
            ((JavascriptExecutor) driver).executeScript("sessionStorage.clear()");
        } else {
            driver.get(base + "/assets/none/none");
            ((JavascriptExecutor) driver).executeScript("sessionStorage.clear()");
        }
    }

    private static void screenshot(String name) throws Exception {
        String dir = System.getProperty("calroom.screenshots");
        if (dir == null || dir.isBlank()) {
            return;
        }
        ((JavascriptExecutor) driver).executeScript("window.scrollTo(0, 0)");
        Thread.sleep(300);
        Path out = Path.of(dir).resolve(name + ".png");
        Files.createDirectories(out.getParent());
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static int joinCalls(String room, String id) {
        Matcher m = Pattern.compile("POST /v1/rooms/" + room + "/meetings/" + id + "/join 200 ")
                .matcher(LOG.toString(StandardCharsets.UTF_8));
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private static String videoRoomOf(String room, String meetingId) {
        return stack.dailyEmulator().rooms().keySet().stream().filter(n -> n.contains(meetingId)).findFirst()
                .orElseThrow(() -> new AssertionError("no video room for " + room + "/" + meetingId));
    }

    private static void createRoom(String name, boolean locked) throws Exception {
        Reply r = api("POST", "/v1/rooms", ownerToken, "{\"name\":\"" + name + "\",\"isLocked\":" + locked + "}");
        assertTrue(r.status() == 201 || r.status() == 409, r.raw());
    }

    /** An unscheduled meeting, created by the owner (anonymous creates are rate-limited per address). */
    private static String adhoc(String room, String title) throws Exception {
        return adhoc(room, title, ownerToken);
    }

    private static String adhoc(String room, String title, String token) throws Exception {
        Reply r = api("POST", "/v1/rooms/" + room + "/meetings", token,
                title == null ? "{}" : "{\"title\":\"" + title + "\"}", Map.of("Idempotency-Key",
                        UUID.randomUUID().toString()));
        assertEquals(201, r.status(), r.raw());
        return r.json().path("id").asText();
    }

    record Reply(int status, JsonNode json, String raw) {
    }

    private static Reply api(String method, String path, String token, String body) throws Exception {
        return api(method, path, token, body, Map.of());
    }

    private static Reply api(String method, String path, String token, String body, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        headers.forEach(b::header);
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = r.body().isEmpty() ? null : JSON.readTree(r.body());
        return new Reply(r.statusCode(), json, r.body());
    }
}
