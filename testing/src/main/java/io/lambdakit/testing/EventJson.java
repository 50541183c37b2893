package io.lambdakit.testing;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.lambdakit.core.Json;

import java.io.IOException;
import java.io.UncheckedIOException;

/** The check Lambda makes of an event before it reaches the runtime: exactly one JSON value. */
final class EventJson {

    private EventJson() {
    }

    /**
     * @param json the event
     * @throws InvalidEventException with Lambda's message and the position when it is not one JSON value
     */
    static void validate(String json) {
        if (json == null) {
            throw new InvalidEventException("the event was null; pass \"null\" or \"{}\" to send an empty event", null);
        }
        try (JsonParser p = Json.factory().createParser(json)) {
            if (p.nextToken() == null) {
                throw new InvalidEventException("Could not parse request body into json: the event is empty; pass \"{}\"", null);
            }
            p.skipChildren();
            JsonToken trailing = p.nextToken();
            if (trailing != null) {
                throw new InvalidEventException("Could not parse request body into json: unexpected " + trailing
                        + " after the first JSON value at " + location(p), null);
            }
        } catch (JsonProcessingException e) {
            throw new InvalidEventException("Could not parse request body into json: " + e.getOriginalMessage()
                    + " at " + location(e), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String location(JsonParser p) {
        return "line " + p.currentLocation().getLineNr() + ", column " + p.currentLocation().getColumnNr();
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? "unknown position"
                : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    }
}
