package io.realtimehub.demo;

import io.realtimehub.engine.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reads an upload's body into a file in 64 KiB chunks, computing its SHA-256 on the way and
 * reporting progress to the job (which publishes at most every 100 ms). This occupies the request
 * thread while the body arrives, which is what a servlet upload does; a demo can afford it.
 */
final class UploadReceiver {

    private static final Logger LOG = Logger.getLogger(UploadReceiver.class.getName());

    static final int CHUNK_BYTES = 64 * 1024;

    record Received(long bytes, String sha256) {
    }

    private UploadReceiver() {
    }

    /**
     * @param declaredLength the request's Content-Length, or null when it is not known (chunked)
     * @throws io.realtimehub.engine.HubException with the job failed: {@code conflict} (already sent),
     *         {@code too_large}, {@code invalid_request} (the body broke off), {@code internal_error}
     *         (the file could not be written)
     */
    static Received receive(UploadJob job, InputStream body, Long declaredLength, Path file) {
        job.beginUpload(declaredLength, System.nanoTime());
        MessageDigest sha256 = ContentAnalysis.sha256();
        byte[] chunk = new byte[CHUNK_BYTES];
        long bytes = 0;
        try (OutputStream out = Files.newOutputStream(file)) {
            while (true) {
                int n;
                try {
                    n = body.readNBytes(chunk, 0, chunk.length);
                } catch (IOException e) {
                    throw failed(job, ErrorCode.INVALID_REQUEST, "the upload broke off after " + bytes + " bytes");
                }
                if (n == 0) {
                    break;
                }
                job.received(bytes + n, System.nanoTime());
                out.write(chunk, 0, n);
                sha256.update(chunk, 0, n);
                bytes += n;
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot store demo upload " + job.id() + " in " + file, e);
            throw failed(job, ErrorCode.INTERNAL_ERROR, "the server could not store the upload");
        }
        if (declaredLength != null && bytes != declaredLength) {
            throw failed(job, ErrorCode.INVALID_REQUEST,
                    "the body ended after " + bytes + " of its " + declaredLength + " bytes");
        }
        job.uploaded(System.nanoTime());
        return new Received(bytes, HexFormat.of().formatHex(sha256.digest()));
    }

    private static RuntimeException failed(UploadJob job, ErrorCode code, String reason) {
        job.fail(reason, System.nanoTime());
        return code.exception(reason);
    }
}
