package io.shardops.dataplane.gateway;

import io.shardops.dataplane.mysql.MysqlError;
import io.shardops.dataplane.mysql.ResultSet;
import io.shardops.spec.TabletType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** SHOW statements: topology ones answered by the gateway, the rest sent to one tablet. */
final class ShowStatements {
    private static final Pattern TABLES = Pattern.compile("(?is)\\s*show\\s+(full\\s+)?tables(?:\\s+(?:from|in)\\s+`?([\\w/@:-]+)`?)?(.*)");
    private static final Pattern ABOUT_TABLE = Pattern.compile(
            "(?is)\\s*show\\s+(?:create\\s+table|(?:full\\s+)?(?:columns|fields)\\s+(?:from|in)|index(?:es)?\\s+(?:from|in)|keys\\s+(?:from|in))\\s+`?(?:(\\w+)`?\\.`?)?(\\w+)`?.*");

    private static final Pattern DATABASES_LIKE = Pattern.compile("(?is)\\s*show\\s+(?:databases|schemas)\\s+like\\s+'((?:[^'\\\\]|\\\\.)*)'\\s*;?\\s*");

    private ShowStatements() {}

    /** A LIKE pattern ({@code %}, {@code _}, backslash escapes) as a regular expression, ignoring case. */
    static Pattern likePattern(String like) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < like.length(); i++) {
            char c = like.charAt(i);
            if (c == '\\' && i + 1 < like.length()) {
                re.append(Pattern.quote(String.valueOf(like.charAt(++i))));
            } else if (c == '%') {
                re.append(".*");
            } else if (c == '_') {
                re.append('.');
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    }

    private static final Pattern EVENTS = Pattern.compile(
            "(?is)\\s*show\\s+events(?:\\s+(?:from|in)\\s+`?([\\w-]+)`?)?(?:\\s+like\\s+('(?:[^'\\\\]|\\\\.)*'))?\\s*;?\\s*");

    /**
     * SHOW EVENTS as the same columns read from information_schema.EVENTS. The tablets' account has no EVENT
     * privilege, so MariaDB answered SHOW EVENTS (mysqldump --events) with 1044; information_schema lists the
     * events that account may see, which is every event it could have made: none.
     */
    private static String showEvents(String like) {
        return "select EVENT_SCHEMA as `Db`, EVENT_NAME as `Name`, DEFINER as `Definer`, TIME_ZONE as `Time zone`,"
                + " EVENT_TYPE as `Type`, EXECUTE_AT as `Execute at`, INTERVAL_VALUE as `Interval value`,"
                + " INTERVAL_FIELD as `Interval field`, STARTS as `Starts`, ENDS as `Ends`, STATUS as `Status`,"
                + " ORIGINATOR as `Originator`, CHARACTER_SET_CLIENT as `character_set_client`,"
                + " COLLATION_CONNECTION as `collation_connection`, DATABASE_COLLATION as `Database Collation`"
                + " from information_schema.EVENTS where EVENT_SCHEMA = database()"
                + (like == null ? "" : " and EVENT_NAME like " + like) + " order by EVENT_NAME";
    }

    static Route route(Targets router, String sql, Target target) {
        String rest = sql.trim().replaceAll(";\\s*$", "").substring(4).trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        RoutingSnapshot snap = router.snapshot();
        Matcher like = DATABASES_LIKE.matcher(sql);
        if (rest.equals("keyspaces") || rest.equals("databases") || rest.equals("schemas") || like.matches()) {
            // SHOW DATABASES LIKE 'ks' is how mysqldump --databases checks that a keyspace exists
            Pattern filter = like.matches() ? likePattern(like.group(1)) : null;
            List<List<String>> rows = new ArrayList<>();
            for (String ks : snap.keyspaces()) {
                if (filter == null || filter.matcher(ks).matches()) {
                    rows.add(List.of(ks));
                }
            }
            return new Route.Answer(ResultSet.ofStrings(List.of(filter == null ? "Database" : "Database (" + like.group(1) + ")"), rows));
        }
        if (rest.equals("vitess_shards")) {
            List<List<String>> rows = new ArrayList<>();
            for (String ks : snap.keyspaces()) {
                for (ShardRef s : snap.shards(ks, TabletType.PRIMARY)) {
                    rows.add(List.of(ks + "/" + s.name()));
                }
            }
            return new Route.Answer(ResultSet.ofStrings(List.of("Shards"), rows));
        }
        if (rest.equals("vitess_tablets")) {
            List<List<String>> rows = new ArrayList<>();
            for (RoutingSnapshot.TabletRow t : snap.allTablets()) {
                rows.add(List.of(t.cell(), t.keyspace(), t.shard(), t.type().word().toUpperCase(Locale.ROOT), t.state(), t.alias(), t.hostname()));
            }
            return new Route.Answer(ResultSet.ofStrings(List.of("Cell", "Keyspace", "Shard", "TabletType", "State", "Alias", "Hostname"), rows));
        }
        if (rest.startsWith("warnings") || rest.startsWith("errors")) {
            return new Route.LastWarnings(rest.startsWith("errors"), false);
        }
        if (rest.startsWith("count(*) warnings") || rest.startsWith("count(*) errors")) {
            return new Route.LastWarnings(rest.startsWith("count(*) errors"), true);
        }
        Matcher ev = EVENTS.matcher(sql);
        if (ev.matches()) {
            Target et = ev.group(1) == null ? target : router.checkTarget(Target.parse(ev.group(1)));
            String ks = router.requireKeyspace(et, null);
            ShardTarget st = et.shard() != null ? new ShardTarget(router.servingKeyspace(ks, et.tabletType()), et.shard(), et.tabletType())
                    : router.firstShard(ks, et.tabletType());
            return new Route.Forward(new ShardQuery(st, showEvents(ev.group(2))));
        }
        Matcher t = TABLES.matcher(sql);
        if (t.matches()) {
            Target tt = t.group(2) == null ? target : router.checkTarget(Target.parse(t.group(2)));
            String ks = router.requireKeyspace(tt, null);
            String shardSql = "show " + (t.group(1) == null ? "" : "full ") + "tables" + t.group(3);
            ShardTarget st = tt.shard() != null ? new ShardTarget(router.servingKeyspace(ks, tt.tabletType()), tt.shard(), tt.tabletType())
                    : router.firstShard(ks, tt.tabletType());
            return new Route.ShowTables(new ShardQuery(st, shardSql), ks);
        }
        Matcher a = ABOUT_TABLE.matcher(sql);
        if (a.matches()) {
            String ks = a.group(1) != null ? a.group(1) : router.requireKeyspace(target, a.group(2));
            if (!snap.keyspaces().contains(ks)) {
                throw MysqlError.badDb(ks).exception();
            }
            String text = a.group(1) == null ? sql : sql.replaceFirst("(?i)`?" + Pattern.quote(a.group(1)) + "`?\\.", "");
            return new Route.Forward(new ShardQuery(router.firstShard(ks, target.tabletType()), text));
        }
        // variables, status, collations, engines...: any tablet answers
        String ks = target.keyspace() != null ? target.keyspace() : snap.keyspaces().isEmpty() ? null : snap.keyspaces().get(0);
        if (ks == null) {
            throw MysqlError.unknown("no keyspaces exist yet").exception();
        }
        return new Route.Forward(new ShardQuery(router.firstShard(ks, target.tabletType()), sql));
    }
}
