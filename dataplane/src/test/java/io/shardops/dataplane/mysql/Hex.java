package io.shardops.dataplane.mysql;

import io.vertx.core.buffer.Buffer;
import java.util.HexFormat;

/** Packets written as the MySQL protocol documentation writes its examples: hex bytes separated by spaces. */
final class Hex {
    private Hex() {}

    static Buffer bytes(String spaced) {
        return Buffer.buffer(HexFormat.of().parseHex(spaced.replace(" ", "").replace("|", "")));
    }

    static String of(Buffer b) {
        return HexFormat.ofDelimiter(" ").formatHex(b.getBytes());
    }
}
