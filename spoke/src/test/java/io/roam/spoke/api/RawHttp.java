package io.roam.spoke.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket: the request target goes out byte for byte, where HTTP clients
 * would normalize or re-encode it.
 */
record RawHttp(int port) {

    record Answer(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    Answer send(String method, String target, String authorization, String json) throws IOException {
        return sendBytes(method, target, authorization, json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8));
    }

    Answer sendBytes(String method, String target, String authorization, byte[] body) throws IOException {
        return exchange(method, target, authorization, JSON, "Content-Length: " + body.length, body);
    }

    /** The body in one chunk, its length not announced. */
    Answer sendChunked(String method, String target, String authorization, String json) throws IOException {
        return sendChunked(method, target, authorization, JSON, json);
    }

    /** A CSV file, as the bulk import takes it. */
    Answer sendCsv(String target, String authorization, byte[] body) throws IOException {
        return exchange("POST", target, authorization, CSV, "Content-Length: " + body.length, body);
    }

    Answer sendChunked(String method, String target, String authorization, String contentType, String text)
            throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        byte[] chunked = (Integer.toHexString(body.length) + "\r\n" + text + "\r\n0\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
        return exchange(method, target, authorization, contentType, "Transfer-Encoding: chunked", chunked);
    }

    static final String JSON = "application/json";
    static final String CSV = "text/csv";

    private Answer exchange(String method, String target, String authorization, String contentType, String framing,
                            byte[] body) throws IOException {
        StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:").append(port).append("\r\n")
                .append("Connection: close\r\n")
                .append("Content-Type: ").append(contentType).append("\r\n")
                .append(framing).append("\r\n");
        if (authorization != null) {
            head.append("Authorization: ").append(authorization).append("\r\n");
        }
        head.append("\r\n");
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            return parse(socket.getInputStream().readAllBytes());
        }
    }

    private static Answer parse(byte[] raw) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        String rest = text.substring(end + 4);
        String body = "chunked".equalsIgnoreCase(headers.get("transfer-encoding")) ? unchunk(rest) : rest;
        return new Answer(status, headers, new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
    }

    private static String unchunk(String chunked) {
        StringBuilder body = new StringBuilder();
        int at = 0;
        while (true) {
            int lineEnd = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, lineEnd).split(";")[0].trim(), 16);
            if (size == 0) {
                return body.toString();
            }
            body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
    }
}
