package dev.surrogate.operators.training;

import dev.surrogate.datasets.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.nd4j.shade.jackson.core.JsonProcessingException;
import org.nd4j.shade.jackson.core.type.TypeReference;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;

/**
 * JSON of plain values (maps, lists, strings, numbers, booleans) with the Jackson that ND4J already ships
 * (shaded as {@code org.nd4j.shade.jackson}), so no second JSON library is needed.
 */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    private static final ObjectMapper COMPACT = new ObjectMapper();

    private Json() {
    }

    /**
     * @param value plain values
     * @return indented JSON text
     */
    public static String pretty(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("value cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    /**
     * @param value plain values
     * @return JSON text on one line
     */
    public static String compact(Object value) {
        try {
            return COMPACT.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("value cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    /**
     * @param text JSON object text
     * @return the object as nested maps and lists
     * @throws IllegalArgumentException if the text is not a JSON object
     */
    public static Map<String, Object> parseObject(String text) {
        try {
            return MAPPER.readValue(text, new TypeReference<Map<String, Object>>() { });
        } catch (IOException e) {
            throw new IllegalArgumentException("not a JSON object: " + e.getMessage(), e);
        }
    }

    /**
     * Writes indented JSON atomically (temporary file and rename).
     *
     * @param file  destination
     * @param value plain values
     */
    public static void write(Path file, Object value) {
        AtomicFiles.write(file, (pretty(value) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param file a JSON object file
     * @return its content
     * @throws UncheckedIOException if the file cannot be read
     * @throws IllegalArgumentException naming the file if it is not valid JSON
     */
    public static Map<String, Object> read(Path file) {
        String text;
        try {
            text = java.nio.file.Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            return parseObject(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + " is " + e.getMessage(), e);
        }
    }
}
