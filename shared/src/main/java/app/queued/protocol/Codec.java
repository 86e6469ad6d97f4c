package app.queued.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;

/** JSON text codec for every protocol message. Thread-safe. */
public final class Codec {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
            .build();

    private Codec() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Serialises any message or result record to one JSON text. */
    public static String write(Object message) {
        try {
            return MAPPER.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + message.getClass().getSimpleName(), e);
        }
    }

    public static JsonNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }

    /**
     * Reads a client frame. Anything wrong with it — not JSON, no or unknown {@code type}, a missing or invalid
     * field — becomes a {@link BadRequest} whose message says what, carrying the request id when one was readable.
     */
    public static Request readRequest(String frame) {
        if (frame == null || frame.length() > Protocol.MAX_FRAME_CHARS) {
            throw new BadRequest(null, "frame is larger than " + Protocol.MAX_FRAME_CHARS + " characters");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(frame);
        } catch (JsonProcessingException e) {
            throw new BadRequest(null, "frame is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw new BadRequest(null, "a message must be a JSON object");
        }
        JsonNode idNode = node.get("requestId");
        String requestId = idNode != null && idNode.isTextual() && idNode.asText().length() <= Request.MAX_REQUEST_ID
                ? idNode.asText() : null;
        JsonNode typeNode = node.get("type");
        if (typeNode == null || !typeNode.isTextual()) {
            throw new BadRequest(requestId, "type is required");
        }
        try {
            return MAPPER.treeToValue(node, Request.class);
        } catch (InvalidTypeIdException e) {
            throw new BadRequest(requestId, "unknown message type '" + typeNode.asText() + "'");
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new BadRequest(requestId, cause.getMessage());
        } catch (MismatchedInputException e) {
            throw new BadRequest(requestId, describe(e));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new BadRequest(requestId, "invalid " + typeNode.asText() + " message");
        }
    }

    /** Reads a server frame (used by clients). */
    public static ServerMessage readServer(String frame) {
        try {
            return MAPPER.readValue(frame, ServerMessage.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("unreadable server message: " + e.getOriginalMessage(), e);
        }
    }

    /** Reads a server frame from its UTF-8 bytes (clients that receive bytes skip making a String). */
    public static ServerMessage readServer(byte[] utf8) {
        try {
            return MAPPER.readValue(utf8, ServerMessage.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable server message: " + e.getMessage(), e);
        }
    }

    /** Converts an ack's {@code result} to the record for its request type. */
    public static <T> T result(ServerMessage.Ack ack, Class<T> type) {
        if (ack.result() == null || ack.result().isNull()) {
            throw new IllegalArgumentException("ack " + ack.requestId() + " carries no result");
        }
        try {
            return MAPPER.treeToValue(ack.result(), type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("unreadable " + type.getSimpleName() + " result", e);
        }
    }

    private static String describe(MismatchedInputException e) {
        String field = e.getPath().isEmpty() ? null : e.getPath().get(e.getPath().size() - 1).getFieldName();
        return field == null ? "invalid message" : field + " has the wrong type";
    }

    /** A client frame that could not be read as a request. */
    public static final class BadRequest extends ProtocolException {
        private final String requestId;

        public BadRequest(String requestId, String message) {
            super(ErrorCode.BAD_REQUEST, message);
            this.requestId = requestId;
        }

        public String requestId() {
            return requestId;
        }
    }
}
