package io.realtimehub.transport.sse;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;

/**
 * Headers every event stream needs and {@code SseEventSink} does not set: no caching, and no
 * buffering by proxies (nginx honours {@code X-Accel-Buffering}).
 */
@Provider
public class StreamHeaders implements ContainerResponseFilter {

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        MediaType type = response.getMediaType();
        if (type != null && MediaType.SERVER_SENT_EVENTS_TYPE.isCompatible(type)) {
            response.getHeaders().putSingle(HttpHeaders.CACHE_CONTROL, "no-cache");
            response.getHeaders().putSingle("X-Accel-Buffering", "no");
        }
    }
}
