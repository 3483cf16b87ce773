// mysql2 against the shardops gateway: query, execute, a pool and streaming, at mysql2's defaults; multipleStatements
// and changeUser.
// Prints one JSON object: check name -> {value} or {error}. ClientsIT (Mysql2Checks) asserts the values.
'use strict';
const mysql = require('mysql2/promise');
const callbackApi = require('mysql2');

const port = Number(process.env.GATEWAY_PORT);
const config = { host: '127.0.0.1', port, user: 'root', password: '', database: 'customer' };
const results = {};

async function check(name, fn) {
  try {
    results[name] = { value: await fn() };
  } catch (e) {
    results[name] = { error: `${e.code || ''} ${e.errno || ''} ${e.message}` };
  }
}

function binary() {
  const b = Buffer.alloc(128);
  for (let i = 0; i < 124; i++) b[i] = 0x80 + i;
  b[124] = 0; b[125] = 0x27; b[126] = 0x5c; b[127] = 0xff;
  return b;
}

async function main() {
  const c = await mysql.createConnection(config);
  await check('query', async () => {
    const [rows] = await c.query('select customer_id, email from customer where customer_id in (1, 4) order by customer_id');
    return rows.map(r => `${r.customer_id} ${r.email}`);
  });
  await check('emoji', async () => {
    const [rows] = await c.query("select '😀' as e, hex('😀') as h");
    return `${rows[0].e} ${rows[0].h}`;
  });
  await check('sessionVariables', async () => {
    await c.query("set time_zone = '+05:00'");
    await c.query('set @x = 42');
    const [rows] = await c.query('select @@time_zone as tz, @x as x');
    return `${rows[0].tz} ${rows[0].x}`;
  });
  await check('queryInsertId', async () => {
    const [ok] = await c.query("insert into customer(email) values ('mysql2-query@ids')");
    const [rows] = await c.query('select email from customer where customer_id = ?', [ok.insertId]);
    return `${ok.insertId >= 1000} ${rows.length ? String(rows[0].email) : 'missing'}`;
  });
  await check('executeInsertId', async () => {
    const [ok] = await c.execute('insert into customer(email) values (?)', ['mysql2-execute@ids']);
    const [rows] = await c.query('select email from customer where customer_id = ?', [ok.insertId]);
    return `${ok.insertId >= 1000} ${rows.length ? String(rows[0].email) : 'missing'}`;
  });
  await check('executeNumberForTheVindexColumn', async () => {
    // mysql2 sends a JavaScript number as a DOUBLE parameter
    await c.execute('insert into customer(customer_id, email) values (?, ?)', [50001, 'mysql2-double@routes']);
    const [rows] = await c.execute('select email from customer where customer_id = ?', [50001]);
    return rows.map(r => String(r.email));
  });
  await check('executeBinary', async () => {
    await c.execute('insert into customer(customer_id, email) values (?, ?)', ['50002', binary()]);
    const [rows] = await c.execute('select email from customer where customer_id = ?', ['50002']);
    return rows.length ? Buffer.compare(rows[0].email, binary()) === 0 : 'missing';
  });
  await check('executeLimitOffset', async () => {
    // an ORM's page: LIMIT ? OFFSET ? with numbers, which execute() sends as DOUBLE; across shards and on one shard
    const [scatter] = await c.execute('select customer_id from customer where customer_id <= 5 order by customer_id limit ? offset ?', [2, 1]);
    const [strings] = await c.execute('select customer_id from customer where customer_id <= 5 order by customer_id limit ?, ?', ['3', '2']);
    const [pinned] = await c.execute('select customer_id from customer where customer_id in (?, ?) order by customer_id limit ?', [1, 4, 1]);
    return [scatter, strings, pinned].map(rows => rows.map(r => r.customer_id).join(','));
  });
  await check('join', async () => {
    const [rows] = await c.query('select c.customer_id, o.order_id from customer c join corder o on c.customer_id = o.customer_id'
      + ' where o.order_id <= 5 order by c.customer_id');
    return rows.map(r => `${r.customer_id}:${r.order_id}`);
  });
  await check('updateInfo', async () => {
    // the OK packet's info text, and changedRows that mysql2 reads from it
    const [q] = await c.query("update customer set email = 'mysql2-info@a' where customer_id = 50001");
    const [e] = await c.execute('update customer set email = ? where customer_id = ?', ['mysql2-info@b', 50001]);
    const [u] = await c.query('update commerce.product set price = price where sku = ?', ['SKU-1001']);
    return [q, e, u].map(ok => `${ok.info}|${ok.changedRows}`);
  });
  await check('notMultipleStatements', async () => {
    try {
      await c.query('select 1; select 2');
      return 'ran';
    } catch (e) {
      return `${e.errno} ${e.sqlState} ${e.message}`;
    }
  });
  await c.end();

  await check('multipleStatements', async () => {
    const m = await mysql.createConnection({ ...config, multipleStatements: true });
    try {
      const [results] = await m.query("insert into customer(email) values ('mysql2-multi@ids');"
        + ' select customer_id, email from customer where customer_id in (1, 4) order by customer_id;'
        + " update customer set email = 'mysql2-multi@b' where customer_id = 50001");
      const [ok, rows, update] = results;
      const [found] = await m.query('select email from customer where customer_id = ?', [ok.insertId]);
      return [`${ok.affectedRows} ${ok.insertId >= 1000} ${found.length ? String(found[0].email) : 'missing'}`,
        rows.map(r => `${r.customer_id} ${r.email}`), `${update.affectedRows}`];
    } finally {
      await m.end();
    }
  });
  await check('multipleStatementsStopAtAnError', async () => {
    const m = await mysql.createConnection({ ...config, multipleStatements: true });
    try {
      let error = 'no error';
      try {
        await m.query("insert into customer(customer_id, email) values (50010, 'mysql2-kept');"
          + ' select nosuch from customer where customer_id = 50010;'
          + " insert into customer(customer_id, email) values (50011, 'mysql2-never')");
      } catch (e) {
        error = `${e.errno}`;
      }
      const [rows] = await m.query('select customer_id from customer where customer_id in (50010, 50011)');
      return `${error} ${rows.map(r => r.customer_id).join(',')}`;
    } finally {
      await m.end();
    }
  });
  await check('changeUser', async () => {
    const u = await mysql.createConnection(config);
    try {
      await u.query('set @before = 42');
      await u.changeUser({ user: 'root', password: '' });
      const [[same]] = await u.query('select @before as b, database() as d');
      await u.changeUser({ user: 'app', password: process.env.APP_PASSWORD, database: 'customer' });
      const [[row]] = await u.query('select email from customer where customer_id = 4');
      return `${same.b} ${same.d} ${row.email}`;
    } finally {
      u.destroy();
    }
  });
  await check('changeUserWithAWrongPassword', async () => {
    const u = await mysql.createConnection(config);
    try {
      await u.changeUser({ user: 'app', password: 'wrong' });
      return 'accepted';
    } catch (e) {
      return `${e.errno} ${e.sqlState}`;
    } finally {
      u.destroy();
    }
  });

  await check('pool', async () => {
    const pool = mysql.createPool({ ...config, connectionLimit: 3 });
    try {
      const answers = await Promise.all([1, 2, 3, 4, 5].map(id =>
        pool.query('select email from customer where customer_id = ?', [id]).then(([rows]) => String(rows[0].email))));
      return answers;
    } finally {
      await pool.end();
    }
  });

  await check('stream', () => new Promise((resolve, reject) => {
    const raw = callbackApi.createConnection(config);
    const ids = [];
    raw.query('select customer_id from customer where customer_id <= 5').stream()
      .on('data', r => ids.push(r.customer_id))
      .on('error', e => { raw.destroy(); reject(e); })
      .on('end', () => { raw.end(); resolve(ids.sort((a, b) => a - b)); });
  }));

  process.stdout.write(JSON.stringify(results) + '\n');
}

const timer = setTimeout(() => { console.error('mysql2 checks timed out'); process.exit(2); }, 60000);
main().then(() => clearTimeout(timer), e => { console.error(e); process.exit(1); });
