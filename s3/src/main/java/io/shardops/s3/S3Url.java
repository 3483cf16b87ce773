package io.shardops.s3;

import java.util.regex.Pattern;

/**
 * An {@code s3://BUCKET[/PREFIX]} location. The prefix, when given, ends with {@code /}: objects of the location
 * are {@code PREFIX + name}.
 */
public record S3Url(String bucket, String prefix) {
    /** S3's bucket naming rules (lower-case letters, digits, dots and hyphens; 3 to 63 characters). */
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern PREFIX = Pattern.compile("([A-Za-z0-9._-]+/)*");

    public S3Url {
        if (!BUCKET.matcher(bucket).matches()) {
            throw new IllegalArgumentException("'" + bucket + "' is not an S3 bucket name: 3 to 63 lower-case letters, digits, '.' and '-'");
        }
        if (!PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("S3 prefix '" + prefix + "': use letters, digits, '.', '_', '-' and '/'");
        }
    }

    public static boolean isS3(String location) {
        return location != null && location.startsWith("s3://");
    }

    /** Parses {@code s3://bucket/some/prefix}; {@link IllegalArgumentException} saying what is wrong otherwise. */
    public static S3Url parse(String url) {
        if (!isS3(url)) {
            throw new IllegalArgumentException("'" + url + "' is not an s3:// location (s3://BUCKET or s3://BUCKET/PREFIX)");
        }
        String rest = url.substring("s3://".length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            prefix = prefix + "/";
        }
        return new S3Url(bucket, prefix);
    }

    @Override
    public String toString() {
        return "s3://" + bucket + "/" + prefix;
    }
}
