// A database that goes away while a new connection reads its array types: the first connection completes its
// start-up and is reset when the type query arrives; later connections are refused (the database stays down).
// Run with the driver's folder as argument; prints one JSON line: unhandled rejections seen, and how the
// query that opened the connection ended.
import { createServer } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = process.argv[2];
const { default: postgres } = await import(pathToFileURL(join(root, 'src/index.js')).href);

const unhandled = [];
process.on('unhandledRejection', (err) => unhandled.push(err instanceof Error ? (err.code ?? err.message) : String(err)));

const message = (type, body) => {
  const head = Buffer.alloc(5);
  head.write(type, 0, 'latin1');
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
};
const int32s = (...xs) => Buffer.concat(xs.map((x) => { const b = Buffer.alloc(4); b.writeInt32BE(x); return b; }));

let typeQueries = 0;
const server = createServer((socket) => {
  socket.once('data', () => {
    // Start-up answered: trusted, a backend key, ready for queries.
    socket.write(Buffer.concat([message('R', int32s(0)), message('K', int32s(4242, 1)), message('Z', Buffer.from('I'))]));
    socket.once('data', (query) => {
      if (query.includes('pg_catalog.pg_type')) typeQueries++;
      server.close();
      socket.resetAndDestroy();
    });
  });
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const { port } = server.address();

const sql = postgres({ host: '127.0.0.1', port, user: 'x', database: 'x', max: 1, connect_timeout: 2, idle_timeout: 1, onnotice: () => {} });
let outcome;
try {
  await sql`select 1`;
  outcome = 'answered';
} catch (err) {
  outcome = err.code ?? err.message;
}
// Rejections surface on the next turns of the event loop.
await new Promise((r) => setTimeout(r, 200));
await sql.end({ timeout: 1 }).catch(() => undefined);
console.log(JSON.stringify({ typeQueries, outcome, unhandled }));
process.exit(0);
