package io.realtimehub.transport.poll;

import io.realtimehub.engine.Cursor;
import io.realtimehub.engine.ErrorCode;
import io.realtimehub.runtime.Hub;
import io.realtimehub.transport.ChannelList;
import io.realtimehub.transport.Cursors;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.util.List;

/**
 * {@code GET /api/poll}: short polling ({@code wait=0}) and long polling ({@code wait>0}) in one resource. A long poll
 * with nothing to deliver is suspended: no thread waits for it.
 */
@Path("poll")
public class PollResource {

    @Inject
    Hub hub;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public void poll(@QueryParam("channel") List<String> channel,
                     @QueryParam("cursor") String cursorParam,
                     @QueryParam("from") List<String> from,
                     @QueryParam("wait") String waitParam,
                     @Suspended AsyncResponse response) {
        List<String> channels = ChannelList.of(channel, hub.config().connectionMaxChannels());
        Cursor cursor = Cursors.start(from, cursorParam);
        long waitMillis = Math.min(parseWaitMillis(waitParam), hub.config().longPollMaxWait().toMillis());

        PollBatch batch = PollBatch.read(hub.engine(), channels, cursor, hub.config().pollMaxMessages());
        if (waitMillis == 0 || batch.hasNews()) {
            response.resume(ok(batch));
            return;
        }
        new LongPoll(hub, channels, cursor.with(batch.ends()), response).start(waitMillis);
    }

    static Response ok(PollBatch batch) {
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        return Response.ok(batch.toJson(), MediaType.APPLICATION_JSON_TYPE).cacheControl(noStore).build();
    }

    /** {@code wait} in seconds, a non-negative number such as 0, 25 or 0.5. */
    static long parseWaitMillis(String wait) {
        if (wait == null || wait.isEmpty()) {
            return 0;
        }
        try {
            BigDecimal seconds = new BigDecimal(wait);
            if (seconds.signum() < 0 || seconds.compareTo(BigDecimal.valueOf(86_400)) > 0) {
                throw new NumberFormatException();
            }
            return seconds.movePointRight(3).longValue();
        } catch (NumberFormatException e) {
            throw ErrorCode.INVALID_PARAMETER.exception("wait must be a number of seconds from 0 to 86400; got \"" + wait + "\"");
        }
    }
}
