package io.shardops.dataplane.gateway;

import java.util.HashMap;
import java.util.Map;

/**
 * The character set of each collation id a client may name in its handshake (MariaDB's ids below 256, for the
 * character sets a client connection can use), so the session starts with what the client asked for.
 */
final class CharacterSets {
    private static final Map<Integer, String> BY_COLLATION = new HashMap<>();

    static {
        String table = "big5:1,84;dec8:3,69;cp850:4,80;hp8:6,72;koi8r:7,74;latin1:5,8,15,31,47,48,49,94;latin2:2,9,21,27,77;"
                + "swe7:10,82;ascii:11,65;ujis:12,91;sjis:13,88;cp1251:14,23,50,51,52;hebrew:16,71;tis620:18,89;euckr:19,85;"
                + "latin7:20,41,42,79;koi8u:22,75;gb2312:24,86;greek:25,70;cp1250:26,34,44,66,99;gbk:28,87;cp1257:29,58,59;"
                + "latin5:30,78;armscii8:32,64;utf8mb3:33,83;cp866:36,68;keybcs2:37,73;macce:38,43;macroman:39,53;cp852:40,81;"
                + "utf8mb4:45,46;cp1256:57,67;binary:63;geostd8:92,93;cp932:95,96;eucjpms:97,98";
        for (String entry : table.split(";")) {
            String[] parts = entry.split(":");
            for (String id : parts[1].split(",")) {
                BY_COLLATION.put(Integer.parseInt(id), parts[0]);
            }
        }
        for (int id = 192; id <= 215; id++) {
            BY_COLLATION.put(id, "utf8mb3");
        }
        for (int id = 224; id <= 247; id++) {
            BY_COLLATION.put(id, "utf8mb4");
        }
    }

    private CharacterSets() {}

    /** The character set of collation {@code id}, or null when unknown. */
    static String ofCollation(int id) {
        return BY_COLLATION.get(id);
    }
}
