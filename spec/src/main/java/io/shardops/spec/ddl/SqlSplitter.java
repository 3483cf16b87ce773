package io.shardops.spec.ddl;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits SQL text at top-level semicolons, skipping those inside quotes and comments, and keeps
 * where each statement starts so parse errors can point into the file.
 */
final class SqlSplitter {
    /** One statement's text and the 1-based line and column of its first character. */
    record Piece(String text, int line, int column) {}

    private SqlSplitter() {}

    static List<Piece> split(String sql) {
        List<Piece> pieces = new ArrayList<>();
        int line = 1;
        int col = 1;
        int start = -1;
        int startLine = 1;
        int startCol = 1;
        char quote = 0;
        boolean lineComment = false;
        boolean blockComment = false;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            char next = i + 1 < sql.length() ? sql.charAt(i + 1) : 0;
            if (lineComment) {
                if (c == '\n') {
                    lineComment = false;
                }
            } else if (blockComment) {
                if (c == '*' && next == '/') {
                    blockComment = false;
                    i++;
                    col++;
                }
            } else if (quote != 0) {
                if (c == '\\' && quote != '`') {
                    i++;
                    col++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '-' && next == '-' || c == '#') {
                lineComment = true;
            } else if (c == '/' && next == '*') {
                blockComment = true;
            } else if (c == ';') {
                if (start >= 0) {
                    pieces.add(new Piece(sql.substring(start, i), startLine, startCol));
                    start = -1;
                }
            } else if (!Character.isWhitespace(c)) {
                if (start < 0) {
                    start = i;
                    startLine = line;
                    startCol = col;
                }
                if (c == '\'' || c == '"' || c == '`') {
                    quote = c;
                }
            }
            if (c == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        if (start >= 0) {
            pieces.add(new Piece(sql.substring(start), startLine, startCol));
        }
        return pieces;
    }
}
