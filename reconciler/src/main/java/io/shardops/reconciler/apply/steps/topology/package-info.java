/** The steps that change topology records only, and the routing half of a traffic switch. */
package io.shardops.reconciler.apply.steps.topology;
