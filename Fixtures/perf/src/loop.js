// A small JavaScript workload for the JIT fixture: run with
// `node --perf-basic-prof loop.js MILLISECONDS` so V8 writes /tmp/perf-PID.map
// and perf can name the JIT-compiled functions.
'use strict';

function fib(n) {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

function buildStrings(count) {
  const parts = [];
  for (let i = 0; i < count; i++) parts.push('item-' + (i * 7919 % 1000));
  return parts.join(',').length;
}

function sortNumbers(count) {
  const values = [];
  for (let i = 0; i < count; i++) values.push((i * 2654435761) % 100003);
  values.sort((a, b) => a - b);
  return values[count >> 1];
}

const limit = Number(process.argv[2] || 600);
const start = Date.now();
let total = 0;
while (Date.now() - start < limit) {
  total += fib(22);
  total += buildStrings(2000);
  total += sortNumbers(5000);
}
console.log(total);
