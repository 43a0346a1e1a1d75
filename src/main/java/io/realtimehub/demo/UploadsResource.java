package io.realtimehub.demo;

import io.realtimehub.engine.ErrorCode;
import io.realtimehub.engine.JsonCodec;
import io.realtimehub.engine.JsonInput;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The upload demo: {@code POST /api/demo/uploads} creates a job, {@code PUT /api/demo/uploads/{id}}
 * sends its file (answered {@code 202} once stored; processing goes on and is followed on the
 * job's channel), {@code GET /api/demo/uploads/{id}} is its latest state.
 */
@Produces(MediaType.APPLICATION_JSON)
public class UploadsResource {

    static final int MAX_NAME_LENGTH = 255;
    private static final int MAX_CREATE_BODY_BYTES = 4096;

    private final Uploads uploads;

    UploadsResource(Uploads uploads) {
        this.uploads = uploads;
    }

    /** Body: none, or {@code {"name":"file.bin"}}. Answer: {@code 201 {"id","channel","maxBytes"}}. */
    @POST
    @Consumes(MediaType.WILDCARD)
    public Response create(InputStream body, @Context UriInfo uri) throws IOException {
        UploadJob job = uploads.create(name(body.readNBytes(MAX_CREATE_BODY_BYTES + 1)));
        String created = JsonCodec.objectBuilder()
                .add("id", job.id())
                .add("channel", job.channel())
                .add("maxBytes", uploads.maxBytes())
                .build().toString();
        return Response.created(uri.getAbsolutePathBuilder().path(job.id()).build())
                .type(MediaType.APPLICATION_JSON_TYPE).entity(created).build();
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.WILDCARD)
    public Response upload(@PathParam("id") String id, @HeaderParam(HttpHeaders.CONTENT_LENGTH) String contentLength,
                           InputStream body) {
        JsonObject state = uploads.receive(id, body, length(contentLength));
        return Response.accepted(state.toString()).type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    @GET
    @Path("{id}")
    public Response state(@PathParam("id") String id) {
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        return Response.ok(uploads.job(id).state().toString(), MediaType.APPLICATION_JSON_TYPE).cacheControl(noStore).build();
    }

    static String name(byte[] body) {
        if (body.length > MAX_CREATE_BODY_BYTES) {
            throw ErrorCode.TOO_LARGE.exception("the request body is larger than " + MAX_CREATE_BODY_BYTES + " bytes");
        }
        String text = new String(body, StandardCharsets.UTF_8);
        if (text.isBlank()) {
            return null;
        }
        if (!(JsonInput.parse(text) instanceof JsonObject object)) {
            throw ErrorCode.INVALID_JSON.exception("the body must be empty or a JSON object such as {\"name\":\"file.bin\"}");
        }
        JsonValue name = object.get("name");
        if (name == null || name == JsonValue.NULL) {
            return null;
        }
        if (!(name instanceof JsonString s) || s.getString().isEmpty() || s.getString().length() > MAX_NAME_LENGTH) {
            throw ErrorCode.INVALID_PARAMETER.exception("\"name\" must be a string of 1-" + MAX_NAME_LENGTH + " characters");
        }
        return s.getString();
    }

    /** Content-Length, or null when absent (a chunked body) or unreadable. */
    static Long length(String contentLength) {
        if (contentLength == null || contentLength.isBlank()) {
            return null;
        }
        try {
            long n = Long.parseLong(contentLength.trim());
            return n >= 0 ? n : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
