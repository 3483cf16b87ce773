/** How the data plane's processes do network I/O: the event loops that gateways and tablets share. */
package io.shardops.dataplane.net;
