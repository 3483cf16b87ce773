-- The product catalogue: small, never sharded; stays in commerce for the whole journey.
create table product(
  sku varbinary(128),
  description varbinary(128),
  price bigint,
  primary key(sku)
);
