package io.realtimehub.transport.sse;

import io.realtimehub.engine.Cursor;
import io.realtimehub.runtime.Hub;
import io.realtimehub.transport.ChannelList;
import io.realtimehub.transport.Cursors;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.List;

/** {@code GET /api/events}: a Server-Sent Events stream of one or more channels. */
@Path("events")
public class EventsResource {

    @Inject
    Hub hub;

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void events(@QueryParam("channel") List<String> channel,
                       @HeaderParam("Last-Event-ID") String lastEventIdHeader,
                       @QueryParam("lastEventId") String lastEventIdParam,
                       @QueryParam("from") List<String> from,
                       @Context SseEventSink sink,
                       @Context Sse sse) {
        // Checked before the stream starts, so a bad request still gets a JSON error and a status.
        List<String> channels = ChannelList.of(channel, hub.config().connectionMaxChannels());
        // EventSource sends the header on reconnect; polyfills that cannot set headers use the
        // parameter. Either cursor goes over the URL's from places, which a reconnect repeats.
        Cursor cursor = Cursors.start(from, lastEventIdHeader != null && !lastEventIdHeader.isEmpty()
                ? lastEventIdHeader : lastEventIdParam);
        new SseConnection(hub, sink, sse).start(channels, cursor);
    }
}
