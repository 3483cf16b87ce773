/**
 * SQL DDL text of a spec's schema turned into {@link io.shardops.spec.schema.TableDef}s: statements split
 * with their positions, each {@code CREATE TABLE} parsed by JSqlParser, every problem at its FILE:LINE:COL.
 */
package io.shardops.spec.ddl;
