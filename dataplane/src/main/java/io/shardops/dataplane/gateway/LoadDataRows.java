package io.shardops.dataplane.gateway;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The rows of a LOAD DATA file, split as MySQL splits them: lines by LINES TERMINATED BY (after STARTING
 * BY), fields by FIELDS TERMINATED BY, a field in ENCLOSED BY quotes may hold both terminators (a doubled
 * quote is a quote), the escape character escapes the next byte ({@code \N} alone is NULL). Bytes stay
 * bytes: the file is never decoded. Pure.
 */
final class LoadDataRows {
    private LoadDataRows() {}

    /** Each row's fields; a null field is SQL NULL. */
    static List<byte[][]> split(byte[] file, LoadDataStatement s) {
        List<byte[][]> rows = new ArrayList<>();
        int i = 0;
        int n = file.length;
        long skip = s.ignoreLines();
        while (i < n) {
            if (s.linesStartingBy().length > 0) {
                int at = indexOf(file, s.linesStartingBy(), i);
                if (at < 0) {
                    break;
                }
                i = at + s.linesStartingBy().length;
            }
            List<byte[]> fields = new ArrayList<>();
            boolean lineEnded = false;
            while (!lineEnded) {
                ByteArrayOutputStream field = new ByteArrayOutputStream();
                boolean enclosed = s.enclosedBy() >= 0 && i < n && (file[i] & 0xff) == s.enclosedBy();
                boolean escapedNull = false;
                boolean sawEscape = false;
                if (enclosed) {
                    i++;
                }
                while (true) {
                    if (i >= n) {
                        lineEnded = true;
                        break;
                    }
                    int b = file[i] & 0xff;
                    if (s.escapedBy() >= 0 && b == s.escapedBy() && i + 1 < n) {
                        byte next = file[i + 1];
                        if (next == 'N' && field.size() == 0 && !enclosed) {
                            escapedNull = true;
                        }
                        field.write(unescape(next));
                        sawEscape = true;
                        i += 2;
                        continue;
                    }
                    if (enclosed && b == s.enclosedBy()) {
                        if (i + 1 < n && (file[i + 1] & 0xff) == s.enclosedBy()) {
                            field.write(b);
                            i += 2;
                            continue;
                        }
                        if (startsWith(file, i + 1, s.fieldsTerminatedBy())) {
                            i += 1 + s.fieldsTerminatedBy().length;
                            break;
                        }
                        if (startsWith(file, i + 1, s.linesTerminatedBy()) || i + 1 >= n) {
                            i = Math.min(n, i + 1 + s.linesTerminatedBy().length);
                            lineEnded = true;
                            break;
                        }
                        field.write(b);  // a quote inside the field, not before a terminator
                        i++;
                        continue;
                    }
                    if (!enclosed && startsWith(file, i, s.fieldsTerminatedBy())) {
                        i += s.fieldsTerminatedBy().length;
                        break;
                    }
                    if (!enclosed && startsWith(file, i, s.linesTerminatedBy())) {
                        i += s.linesTerminatedBy().length;
                        lineEnded = true;
                        break;
                    }
                    field.write(b);
                    i++;
                }
                byte[] value = field.toByteArray();
                boolean isNull = escapedNull && value.length == 1 && value[0] == 'N' && sawEscape;
                fields.add(isNull ? null : value);
            }
            if (skip > 0) {
                skip--;
                continue;
            }
            if (fields.size() == 1 && fields.get(0) != null && fields.get(0).length == 0 && i >= n) {
                break;  // the empty tail after the last line terminator
            }
            rows.add(fields.toArray(new byte[0][]));
        }
        return rows;
    }

    private static int unescape(byte b) {
        return switch (b) {
            case '0' -> 0;
            case 'b' -> '\b';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'Z' -> 26;
            default -> b & 0xff;
        };
    }

    private static boolean startsWith(byte[] data, int at, byte[] prefix) {
        return at + prefix.length <= data.length && Arrays.equals(data, at, at + prefix.length, prefix, 0, prefix.length);
    }

    private static int indexOf(byte[] data, byte[] what, int from) {
        for (int i = from; i + what.length <= data.length; i++) {
            if (startsWith(data, i, what)) {
                return i;
            }
        }
        return -1;
    }
}
