/** Buffering of statements in the gateway while a move switches primary traffic. */
package io.shardops.dataplane.gateway.buffer;
