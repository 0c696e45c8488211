package io.roam.spoke.bulk;

import io.roam.spoke.LocalCluster;
import io.roam.spoke.directory.RoamingDirectory;
import io.roam.spoke.provisioning.UserRules;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Reading a users or devices file: a malformed line among good ones is named by its line and
 * refuses the file; whatever a line holds, reading it ends in rows or in a refusal that names it,
 * never in another failure (which the spoke would answer with a 500).
 */
class ImportRowsProperties {

    private static final String USERS = String.join(",", UserRows.COLUMNS);
    private static final String DEVICES = String.join(",", DeviceRows.COLUMNS);
    private static final String HASH = "$2a$04$" + "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0";

    @Property(tries = 300)
    void a_malformed_user_row_is_named_by_its_line(@ForAll @IntRange(min = 0, max = 20) int before,
                                                   @ForAll @IntRange(min = 0, max = 20) int after,
                                                   @ForAll("malformations") UnaryOperator<String> malform) {
        List<String> lines = new ArrayList<>();
        lines.add(USERS);
        for (int i = 0; i < before + after + 2; i++) {
            lines.add(goodUser(i));
        }
        int bad = before + 2;
        lines.set(bad, malform.apply(lines.get(bad)));

        ImportRejected refusal = (ImportRejected) catchThrowable(() -> readUsers(lines));

        assertThat(refusal).as(lines.get(bad)).isNotNull();
        assertThat(refusal.listed()).extracting(BadRow::line).containsExactly(bad + 1);
        assertThat(refusal.rows()).isEqualTo(before + after + 2);
    }

    @Property(tries = 500)
    void any_line_is_read_as_a_row_or_named_with_its_reason(@ForAll("anyLine") String line) throws IOException {
        List<String> lines = List.of(USERS, goodUser(0), line, goodUser(1));
        try {
            assertThat(readUsers(lines)).hasSizeBetween(2, 3);
        } catch (ImportRejected refusal) {
            assertThat(refusal.listed()).allSatisfy(bad -> {
                assertThat(bad.line()).isEqualTo(3);
                assertThat(bad.reason()).isNotBlank();
            });
        }
        try {
            readDevices(List.of(DEVICES, "SEP-1,true,false,,,,,,,", line));
        } catch (ImportRejected refusal) {
            assertThat(refusal.listed()).extracting(BadRow::line).containsExactly(3);
        }
    }

    @Example
    void bytes_that_are_not_utf8_end_the_file_at_their_line() {
        byte[] file = (USERS + "\n" + goodUser(0) + "\nbad\u00e9").getBytes(StandardCharsets.ISO_8859_1);

        assertThatThrownBy(() -> new UserRows(rules(), directory()).read(headed(new CsvReader(new ByteArrayInputStream(file)))))
                .isInstanceOfSatisfying(ImportRejected.class, refusal -> assertThat(refusal.listed())
                        .containsExactly(new BadRow(3, "not UTF-8: the file is read no further")));
    }

    @Example
    void quoted_fields_keep_their_commas_and_quotes() {
        CsvReader.Line line = CsvReader.split(2, "SEP-1, \"Haus \"\"2\"\", Nord\" ,,x");

        assertThat(line.fields()).containsExactly("SEP-1", "Haus \"2\", Nord", "", "x");
    }

    @Provide
    Arbitrary<UnaryOperator<String>> malformations() {
        return Arbitraries.of(
                row -> row + ",extra",
                row -> row.substring(0, row.lastIndexOf(',')),
                row -> "bad id" + row,
                row -> row.replace(",false,", ",maybe,"),
                row -> row.replace(HASH, "$2a$04$tooShort"),
                row -> row.replace(HASH, "$2x$04$" + HASH.substring(7)),
                row -> row.replace(HASH, "$2a$03$" + HASH.substring(7)),
                row -> row.replace(HASH, ""),
                row -> row.replace(HASH, " "),
                row -> row.replace(HASH, "1".repeat(73)),
                row -> row.replaceFirst(",(\\d+),", ",12-34,"),
                row -> row.replaceFirst(",(\\d+),", ",$1;$1x!,"),
                row -> row.replaceFirst(",(\\d+),", ",5000000,"),
                row -> row + ",\"unterminated",
                row -> "\"" + row,
                row -> row + "x".repeat(CsvReader.MAX_LINE_CHARS),
                row -> row.replaceFirst("^(\\w+),", "u0,"));
    }

    @Provide
    Arbitrary<String> anyLine() {
        Arbitrary<String> noise = Arbitraries.strings().withChars(",;\"$ \t\r").withCharRange('0', 'z')
                .withCharRange('\u00a0', '\u00ff').ofMaxLength(120);
        Arbitrary<String> fields = Arbitraries.strings().withCharRange('0', 'z').withChars(";$.-").ofMaxLength(12)
                .list().ofMinSize(1).ofMaxSize(8).map(parts -> String.join(",", parts));
        return Arbitraries.oneOf(noise, fields);
    }

    /** A row every rule lets through; some malformations repeat the first row's user or DN. */
    private static String goodUser(int i) {
        return "u" + i + "," + HASH + "," + (5_000_000 + i) + ",false,,false";
    }

    private static List<UserRow> readUsers(List<String> lines) throws IOException {
        return new UserRows(rules(), directory()).read(csv(lines));
    }

    private static void readDevices(List<String> lines) throws IOException {
        new DeviceRows().read(csv(lines));
    }

    private static CsvReader csv(List<String> lines) throws IOException {
        return headed(new CsvReader(new ByteArrayInputStream(String.join("\n", lines).getBytes(StandardCharsets.UTF_8))));
    }

    /** The reader past its header, as the controller hands it on. */
    private static CsvReader headed(CsvReader csv) throws IOException {
        assertThat(csv.next()).isNotNull();
        return csv;
    }

    private static RoamingDirectory directory() {
        return new RoamingDirectory("cluster-1");
    }

    private static UserRules rules() {
        return new UserRules(directory(), new LocalCluster("cluster-1", "hub-a"));
    }
}
