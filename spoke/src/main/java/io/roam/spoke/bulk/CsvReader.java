package io.roam.spoke.bulk;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An import file read a line at a time as it arrives: UTF-8, one row a line, fields separated by
 * commas, a field in double quotes where it holds a comma ({@code ""} for a quote inside). Blank
 * lines are skipped; line numbers count them, as an editor does.
 */
final class CsvReader {

    /** Far above the longest row a rule allows; a longer line is refused without being kept. */
    static final int MAX_LINE_CHARS = 16 * 1024;
    private static final char BYTE_ORDER_MARK = '\uFEFF';

    /** One line: its number and fields, or why it could not be split into fields. */
    record Line(int number, List<String> fields, String problem) {
    }

    private final Reader in;
    private final StringBuilder text = new StringBuilder();
    private int number;
    private boolean ended;

    CsvReader(InputStream body) {
        this.in = new InputStreamReader(body, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
    }

    /**
     * The next line that is not blank, or null at the end of the file. Bytes that are not UTF-8
     * end the file: their line comes back with the problem, and nothing after it.
     */
    Line next() throws IOException {
        while (!ended) {
            number++;
            boolean tooLong;
            try {
                tooLong = readLine();
            } catch (CharacterCodingException e) {
                ended = true;
                return new Line(number, List.of(), "not UTF-8: the file is read no further");
            }
            if (number == 1 && !text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK) {
                text.deleteCharAt(0);
            }
            if (tooLong) {
                return new Line(number, List.of(), "longer than " + MAX_LINE_CHARS + " characters");
            }
            if (!text.toString().isBlank()) {
                return split(number, text);
            }
        }
        return null;
    }

    /** Reads up to the next line feed into {@code text}, keeping no more than the bound; true if there was more. */
    private boolean readLine() throws IOException {
        text.setLength(0);
        boolean tooLong = false;
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (text.length() < MAX_LINE_CHARS) {
                text.append((char) c);
            } else {
                tooLong = true;
            }
        }
        if (c < 0) {
            ended = true;
        }
        if (!text.isEmpty() && text.charAt(text.length() - 1) == '\r') {
            text.setLength(text.length() - 1);
        }
        return tooLong;
    }

    /** Unquoted fields lose the blanks around them; quoted ones are kept as written. */
    static Line split(int number, CharSequence line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0;
        int length = line.length();
        while (true) {
            while (i < length && line.charAt(i) == ' ') {
                i++;
            }
            if (i < length && line.charAt(i) == '"') {
                field.setLength(0);
                i++;
                while (true) {
                    if (i >= length) {
                        return new Line(number, List.of(), "a quoted field has no closing quote");
                    }
                    char c = line.charAt(i++);
                    if (c != '"') {
                        field.append(c);
                    } else if (i < length && line.charAt(i) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        break;
                    }
                }
                while (i < length && line.charAt(i) == ' ') {
                    i++;
                }
                if (i < length && line.charAt(i) != ',') {
                    return new Line(number, List.of(), "a quoted field goes on after its closing quote");
                }
                fields.add(field.toString());
            } else {
                int comma = indexOf(line, ',', i);
                fields.add(line.subSequence(i, comma).toString().strip());
                i = comma;
            }
            if (i >= length) {
                return new Line(number, fields, null);
            }
            i++;
        }
    }

    private static int indexOf(CharSequence line, char c, int from) {
        for (int i = from; i < line.length(); i++) {
            if (line.charAt(i) == c) {
                return i;
            }
        }
        return line.length();
    }
}
