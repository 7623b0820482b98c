"use strict";
// Peak RSS without /usr/bin/time: `node vmhwm.cjs CMD [ARGS...]` runs CMD (stdin passed through,
// stdout and stderr drained) and polls VmHWM in /proc/<pid>/status about every millisecond,
// then prints {"status": N, "kb": PEAK, "polls": N} as JSON. VmHWM is the kernel's own high-water
// mark, so a late poll still sees an earlier peak; only growth in the last ~1 ms before exit can
// be missed (a lower bound). Linux only.
const { spawn } = require("node:child_process");
const { readFileSync } = require("node:fs");

const [file, ...args] = process.argv.slice(2);
const child = spawn(file, args, { stdio: ["inherit", "pipe", "pipe"] });
let kb = 0;
let polls = 0;
let stderr = "";
child.stdout.resume();
child.stderr.on("data", (chunk) => {
  if (stderr.length < 4000) stderr += chunk;
});
const poll = () => {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${child.pid}/status`, "latin1"));
    if (match) {
      kb = Math.max(kb, Number(match[1]));
      polls++;
    }
  } catch {
    // gone between polls
  }
};
const timer = setInterval(poll, 1);
child.on("spawn", poll);
child.on("error", (error) => {
  clearInterval(timer);
  process.stdout.write(`${JSON.stringify({ error: error.message })}\n`);
});
child.on("exit", (status, signal) => {
  clearInterval(timer);
  process.stdout.write(`${JSON.stringify({ status: status ?? signal, kb, polls, stderr })}\n`);
});
