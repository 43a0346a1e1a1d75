package io.realtimehub.api;

import io.realtimehub.engine.ErrorCode;
import io.realtimehub.engine.JsonInput;
import io.realtimehub.engine.Message;
import io.realtimehub.engine.Publication;
import io.realtimehub.runtime.Hub;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;

/**
 * {@code POST /api/channels/{channel}/messages} publishes; {@code GET /api/channels/{channel}} is the
 * channel's state (the "latest value" a dashboard polls).
 */
@Path("channels/{channel}")
@Produces(MediaType.APPLICATION_JSON)
public class ChannelsResource {

    @Inject
    Hub hub;

    @Context
    HttpServletRequest request;

    @POST
    @Path("messages")
    @Consumes(MediaType.WILDCARD)
    public Response publish(@PathParam("channel") String channel,
                            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                            InputStream body) throws IOException {
        hub.publishGuard().authorize(bearerToken(authorization));
        Publication.requireChannel(channel);
        if (!isJson(contentType)) {
            throw ErrorCode.UNSUPPORTED_MEDIA_TYPE.exception("publish with Content-Type: application/json");
        }
        int maxBytes = hub.config().messageMaxBytes();
        byte[] bytes = readAtMost(body, Publication.rawLimit(maxBytes));
        Publication publication = Publication.of(channel, JsonInput.parse(bytes), maxBytes);
        hub.publishGuard().admit(request.getRemoteAddr(), System.nanoTime());
        Message message = hub.publishGate().pass(() -> publication.publishTo(hub.engine()));
        return Response.status(Response.Status.CREATED).type(MediaType.APPLICATION_JSON_TYPE).entity(message.json()).build();
    }

    @GET
    public String state(@PathParam("channel") String channel) {
        Publication.requireChannel(channel);
        return JsonBodies.channelState(hub.engine().state(channel));
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            MediaType type = MediaType.valueOf(contentType);
            return type.getType().equalsIgnoreCase("application")
                    && (type.getSubtype().equalsIgnoreCase("json") || type.getSubtype().toLowerCase().endsWith("+json"));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String bearerToken(String authorization) {
        if (authorization == null) {
            return null;
        }
        String prefix = "Bearer ";
        return authorization.regionMatches(true, 0, prefix, 0, prefix.length())
                ? authorization.substring(prefix.length()).trim() : "";
    }

    private static byte[] readAtMost(InputStream in, int limit) throws IOException {
        byte[] bytes = in.readNBytes(limit + 1);
        if (bytes.length > limit) {
            throw ErrorCode.TOO_LARGE.exception("the request body is larger than " + limit + " bytes");
        }
        return bytes;
    }
}
