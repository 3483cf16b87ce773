/**
 * HTTP conventions shared by the webhook, the console and the reconciler's server.
 */
package io.shardops.reconciler.gitops.http;
