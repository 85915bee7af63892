package punchline.client.store;

import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import punchline.protocol.Codec;

/**
 * Reads a small JSON file of ours (known servers, known peers, settings) the same way everywhere: a
 * file that is not what it should be (too large, not UTF-8, not JSON, the wrong shape, or refused by the
 * caller's check) is moved aside to {@code <name>.corrupt-<time>}, never overwritten or deleted, and the
 * caller gets a {@link StoreNotice} to show the user. Blocking file work: not on the FX thread.
 */
public final class JsonFiles {
    private JsonFiles() {
    }

    /**
     * What {@link #read} found: the value ({@code null} when the file is missing or unusable) and, when
     * it was unusable, what to tell the user. With {@link StoreNotice.Kind#UNAVAILABLE} (an I/O error)
     * the file is still in place: do not overwrite it this run.
     */
    public record Read<T>(T value, StoreNotice notice) {
        /** Neither a value nor a problem: there is no file yet. */
        public boolean missing() {
            return value == null && notice == null;
        }
    }

    /**
     * Reads {@code file} as JSON of {@code type} with the project's Gson.
     *
     * @param what      what the file holds, for the message ("the servers you have trusted")
     * @param maxBytes  a larger file is not read into memory: it is not ours
     * @param problemOf checks a parsed value: returns why it is unusable, or null when it is fine
     */
    public static <T> Read<T> read(Path file, String what, Class<T> type, long maxBytes,
                                   Function<? super T, String> problemOf) {
        return read(file, what, type, maxBytes, problemOf, Clock.systemDefaultZone());
    }

    static <T> Read<T> read(Path file, String what, Class<T> type, long maxBytes,
                            Function<? super T, String> problemOf, Clock clock) {
        Objects.requireNonNull(problemOf, "problemOf");
        String json;
        try {
            if (Files.size(file) > maxBytes) {
                return corrupt(file, what, "it is larger than " + maxBytes + " bytes", clock);
            }
            byte[] bytes = Files.readAllBytes(file);
            json = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (NoSuchFileException e) {
            return new Read<>(null, null);
        } catch (CharacterCodingException e) {
            return corrupt(file, what, "it is not UTF-8 text", clock);
        } catch (IOException e) {
            return new Read<>(null, new StoreNotice(StoreNotice.Kind.UNAVAILABLE, capitalized(what) + " in " + file
                    + " could not be read (" + Words.of(e) + "). It was left as it was.", file, null));
        }
        T value;
        try {
            value = Codec.gson().fromJson(json, type);
        } catch (JsonParseException | IllegalStateException | UnsupportedOperationException e) {
            // Gson's parse errors, and the shape errors of its record and collection adapters
            String why = Words.oneLine(Words.withoutClassName(e.getMessage()), 160);
            return corrupt(file, what, "it is not valid: " + why, clock);
        }
        if (value == null) {
            return corrupt(file, what, "it is empty", clock);
        }
        String problem = problemOf.apply(value);
        return problem == null ? new Read<>(value, null) : corrupt(file, what, Words.oneLine(problem, 160), clock);
    }

    private static <T> Read<T> corrupt(Path file, String what, String why, Clock clock) {
        try {
            Path aside = StoreFiles.moveAside(file, List.of(), clock);
            return new Read<>(null, new StoreNotice(StoreNotice.Kind.MOVED_ASIDE, capitalized(what) + " in " + file
                    + " could not be used (" + why + "), so Punchline starts without it. The old file was kept as "
                    + aside + " (nothing was deleted).", file, aside));
        } catch (IOException e) {
            return new Read<>(null, new StoreNotice(StoreNotice.Kind.UNAVAILABLE, capitalized(what) + " in " + file
                    + " could not be used (" + why + ") and could not be moved aside (" + Words.of(e) + "). It was"
                    + " left as it was.", file, null));
        }
    }

    private static String capitalized(String what) {
        return what.isEmpty() ? what : Character.toUpperCase(what.charAt(0)) + what.substring(1);
    }
}
