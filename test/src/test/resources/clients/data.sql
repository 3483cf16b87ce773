-- The journey's data as it stands at phase 308, for the client-compatibility suite (ClientsIT):
-- products in commerce; customers 1..5 and their orders in customer, 1, 2, 3, 5 on -80 and 4 on 80-.
use commerce;
insert into product(sku, description, price) values ('SKU-1001', 'Monitor', 100), ('SKU-1002', 'Keyboard', 30);
use customer;
insert into customer(customer_id, email) values (1, 'alice@domain.com'), (2, 'bob@domain.com'), (3, 'charlie@domain.com'),
  (4, 'dan@domain.com'), (5, 'eve@domain.com');
insert into corder(order_id, customer_id, sku, price) values (1, 1, 'SKU-1001', 100), (2, 2, 'SKU-1002', 30),
  (3, 3, 'SKU-1002', 30), (4, 4, 'SKU-1002', 30), (5, 5, 'SKU-1002', 30);
