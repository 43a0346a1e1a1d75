package io.realtimehub.api;

import io.realtimehub.engine.ErrorCode;
import io.realtimehub.engine.HubException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Every HTTP error leaves as {@code {"error":code,"message":text}}, including the container's own 404/405. */
@Provider
public class ErrorMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(ErrorMapper.class.getName());

    @Override
    public Response toResponse(Throwable failure) {
        if (failure instanceof HubException e) {
            Response r = JsonBodies.errorResponse(e.code(), e.getMessage());
            if (e.code() == ErrorCode.RATE_LIMITED) {
                return Response.fromResponse(r).header("Retry-After", "1").build();
            }
            return r;
        }
        if (failure instanceof WebApplicationException e) {
            int status = e.getResponse().getStatus();
            ErrorCode code = ErrorCode.forStatus(status);
            Response r = JsonBodies.errorResponse(code, describe(status, e));
            return status == code.status() ? r : Response.fromResponse(r).status(status).build();
        }
        LOG.log(Level.SEVERE, "unexpected failure in a hub request", failure);
        return JsonBodies.errorResponse(ErrorCode.INTERNAL_ERROR, "the hub failed to handle the request");
    }

    private static String describe(int status, WebApplicationException e) {
        return switch (status) {
            case 404 -> "no such endpoint; see the protocol document";
            case 405 -> "this endpoint does not take that method";
            case 406 -> "this endpoint cannot produce the requested media type";
            case 415 -> "this endpoint needs Content-Type: application/json";
            default -> e.getMessage() == null ? "request refused" : e.getMessage();
        };
    }
}
