-- product, with a typo
create table product(
  sku varbinary(128),
  description varbinary(128)
  price bigint,
  primary key(sku)
);
