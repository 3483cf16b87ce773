/**
 * Rules every generated or given secret follows: strength, random generation, comparison in constant time.
 */
package io.shardops.dataplane.secret;
