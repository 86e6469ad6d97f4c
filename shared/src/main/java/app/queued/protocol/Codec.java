package app.queued.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.util.List;

/** JSON text codec for every protocol message. Thread-safe. */
public final class Codec {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
            .build();

    /**
     * Reads requests strictly: a JSON string only where text is expected, a JSON number where a number is, true or
     * false where a flag is — no coercion between them — and nothing after the one object of a frame.
     */
    private static final ObjectMapper REQUESTS = strict();

    private static ObjectMapper strict() {
        JsonMapper mapper = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .build();
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return mapper;
    }

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
        boolean textAfter;
        try (JsonParser parser = REQUESTS.createParser(frame)) {
            node = REQUESTS.readTree(parser);
            textAfter = node != null && textAfter(parser);
        } catch (IOException e) {
            throw new BadRequest(null, "frame is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw new BadRequest(null, "a message must be a JSON object");
        }
        JsonNode idNode = node.get("requestId");
        String requestId = idNode != null && idNode.isTextual() && idNode.asText().length() <= Request.MAX_REQUEST_ID
                ? idNode.asText() : null;
        if (textAfter) {
            // "exactly one answer per request": a second request in the frame would go unanswered, so none is read
            throw new BadRequest(requestId, "frame has text after its JSON object");
        }
        JsonNode typeNode = node.get("type");
        if (typeNode == null || !typeNode.isTextual()) {
            throw new BadRequest(requestId, "type is required");
        }
        try {
            return REQUESTS.treeToValue(node, Request.class);
        } catch (InvalidTypeIdException e) {
            throw new BadRequest(requestId, "unknown message type '" + typeNode.asText() + "'");
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new BadRequest(requestId, cause.getMessage());
        } catch (MismatchedInputException e) {
            throw new BadRequest(requestId, describe(e, "has the wrong type"));
        } catch (JsonMappingException e) {
            if (e.getCause() instanceof InputCoercionException) { // a number beyond 64 bits, or beyond 32 for an int
                throw new BadRequest(requestId, describe(e, "is out of range"));
            }
            throw new BadRequest(requestId, "invalid " + typeNode.asText() + " message");
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new BadRequest(requestId, "invalid " + typeNode.asText() + " message");
        }
    }

    /**
     * The {@code requestId} of a frame, without reading the rest of it: for answering a frame that is refused before
     * it is read (rate limit). Null when the frame has none that could be echoed (see {@link #readRequest}).
     */
    public static String requestIdOf(String frame) {
        if (frame == null || frame.length() > Protocol.MAX_FRAME_CHARS) {
            return null;
        }
        try (JsonParser parser = REQUESTS.createParser(frame)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("requestId")) {
                    return value == JsonToken.VALUE_STRING && parser.getText().length() <= Request.MAX_REQUEST_ID
                            ? parser.getText() : null;
                }
                parser.skipChildren();
            }
        } catch (IOException e) {
            // not JSON (or not up to the requestId): nothing to echo
        }
        return null;
    }

    /** Whether anything but whitespace follows the first JSON value (garbage counts too). */
    private static boolean textAfter(JsonParser parser) {
        try {
            return parser.nextToken() != null;
        } catch (IOException e) {
            return true;
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

    /** "{@code <field> <problem>}", naming the innermost field (for an element of a list, the list's). */
    private static String describe(JsonMappingException e, String problem) {
        List<JsonMappingException.Reference> path = e.getPath();
        for (int i = path.size() - 1; i >= 0; i--) {
            if (path.get(i).getFieldName() != null) {
                return path.get(i).getFieldName() + " " + problem;
            }
        }
        return "invalid message";
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
