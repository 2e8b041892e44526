// The protected API of the gateway demo (scripts/gateway-demo.sh): answers every request with 200 and, as JSON,
// what it received, so the identity headers nginx added (and the ones it must not pass) can be seen.
//   node scripts/echo-upstream.mjs PORT
import { createServer } from "node:http";

const port = Number(process.argv[2]);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error("usage: node scripts/echo-upstream.mjs PORT");
  process.exit(2);
}

createServer((request, response) => {
  const body = JSON.stringify({ method: request.method, path: request.url, headers: request.headers }, null, 2) + "\n";
  response.writeHead(200, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) });
  response.end(body);
}).listen(port, "127.0.0.1");

process.on("SIGTERM", () => process.exit(0));
