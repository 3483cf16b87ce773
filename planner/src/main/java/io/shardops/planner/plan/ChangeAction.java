package io.shardops.planner.plan;

/** What happens to an object, with terraform's symbols. */
public enum ChangeAction {
    CREATE("+", "create"),
    UPDATE("~", "update"),
    DELETE("-", "delete"),
    REPLACE("-/+", "replace");

    private final String symbol;
    private final String word;

    ChangeAction(String symbol, String word) {
        this.symbol = symbol;
        this.word = word;
    }

    public String symbol() {
        return symbol;
    }

    public String word() {
        return word;
    }

    public static ChangeAction fromWord(String word) {
        for (ChangeAction a : values()) {
            if (a.word.equals(word)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown change action '" + word + "'");
    }
}
