/** A cluster's secrets: generation, the 0600 file they live in, and constant-time comparison. */
package io.shardops.dataplane.credentials;
