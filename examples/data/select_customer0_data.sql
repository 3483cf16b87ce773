use customer/0;
-- Reads customer and corder on customer/0 the way the reference does: mysql -h 127.0.0.1 -P 15306 --table < select_customer0_data.sql
-- Section titles are plain SQL (select 'Title' as '') instead of the mysql client's
-- shell escape (\! echo), so the file also runs through JDBC or any MySQL-protocol client;
-- the mysql client prints each title as a one-cell table with an empty header.
-- `use keyspace/shard` targets one shard, as in Vitess.
select 'Customer' as '';
select * from customer;
select 'COrder' as '';
select * from corder;
