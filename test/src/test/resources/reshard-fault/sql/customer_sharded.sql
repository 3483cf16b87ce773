-- customer and corder once their keyspace is sharded: ids come from the sequences
-- customer_seq and order_seq in commerce (see the VSchema's auto_increment), so the
-- columns no longer auto-increment in MySQL.
create table customer(
  customer_id bigint not null,
  email varbinary(128),
  primary key(customer_id)
);
create table corder(
  order_id bigint not null,
  customer_id bigint,
  sku varbinary(128),
  price bigint,
  primary key(order_id)
);
