-- After the reshard (phase 305 on): new rows take their ids from the sequences in commerce
-- (customer_seq, order_seq, from 1000 up) and land on the shard the hash of customer_id says.
-- Run through the gateway: mysql -h 127.0.0.1 -P 15306 --table < insert_sharded_data.sql
use customer;
insert into customer(email) values('frank@domain.com');
insert into customer(email) values('grace@domain.com');
insert into corder(customer_id, sku, price) values(1000, 'SKU-1001', 100);
select 'New customers, ids from customer_seq' as '';
select customer_id, email from customer where customer_id >= 1000 order by customer_id;
select * from corder where order_id >= 1000;
use customer/-80;
select 'On customer/-80' as '';
select * from customer where customer_id >= 1000;
use customer/80-;
select 'On customer/80-' as '';
select * from customer where customer_id >= 1000;
