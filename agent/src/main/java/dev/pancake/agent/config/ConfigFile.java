package dev.pancake.agent.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** Reads pancake.yml from disk. */
public final class ConfigFile {

    private ConfigFile() {}

    /**
     * The parsed file.
     *
     * @throws NoSuchFileException when it does not exist
     * @throws ConfigException     when it cannot be read or is not valid (the message names lines)
     */
    public static Config load(Path path) throws NoSuchFileException, ConfigException {
        return ConfigParser.parse(read(path), path.toString());
    }

    /** The file's text, checked to be UTF-8 (a byte-order mark is dropped). */
    public static String read(Path path) throws NoSuchFileException, ConfigException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException | SecurityException e) {
            throw new ConfigException(List.of(new ConfigException.Problem(path.toString(), 0, 0, "",
                    "cannot read the file: " + e)));
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw new ConfigException(List.of(new ConfigException.Problem(path.toString(), 0, 0, "",
                    "the file is not UTF-8 text")));
        }
    }
}
