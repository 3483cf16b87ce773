package io.shardops.spec.load;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shardops.spec.Problem;
import io.shardops.spec.SourceLocation;
import io.shardops.spec.validate.Identifiers;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Checks a gateway's static users file ({@code {"user": [{"Password": "pw"}]}}, Vitess's format, or
 * {@code {"user": "pw"}}) when the spec is loaded. It holds passwords: no message ever quotes a value
 * of it, and a parse error gives only the line and column, never the text there.
 */
final class UsersFile {
    static final long MAX_BYTES = 256 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private UsersFile() {}

    /** Problems at {@code at} (where the spec names the file); empty when it is a usable users file. */
    static List<Problem> check(String text, SourceLocation at) {
        List<Problem> problems = new ArrayList<>();
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            problems.add(Problem.at(at, "auth.users-file", "usersFile is not valid JSON"
                    + (where == null ? "" : " (at its line " + where.getLineNr() + ", column " + where.getColumnNr() + ")"),
                    "a users file is a JSON object: {\"user\": [{\"Password\": \"...\"}]}"));
            return problems;
        }
        if (root == null || !root.isObject()) {
            problems.add(Problem.at(at, "auth.users-file", "usersFile must hold a JSON object of user names",
                    "a users file is a JSON object: {\"user\": [{\"Password\": \"...\"}]}"));
            return problems;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            Identifiers.userNameProblem(name).ifPresent(why -> problems.add(Problem.at(at, "auth.user-name",
                    "usersFile: " + why, Identifiers.USER_RULE)));
            JsonNode v = e.getValue();
            if (v.isArray() && !v.isEmpty()) {
                v = v.get(0);
            }
            boolean usable = v.isTextual() || v.hasNonNull("MysqlNativePassword") || v.has("Password");
            if (!usable) {
                problems.add(Problem.at(at, "auth.users-file", "usersFile: a user needs a Password or MysqlNativePassword",
                        "{\"user\": [{\"Password\": \"...\"}]} or {\"user\": [{\"MysqlNativePassword\": \"*HEX\"}]}"));
            }
        }
        return problems;
    }
}
