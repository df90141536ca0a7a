// Preloaded (node --require) into the gateway that `npm run demo` starts: the demo holds this
// process's stdin open, so when the demo ends in any way (even SIGKILL) stdin closes and the
// gateway shuts down (SIGTERM → Nest's graceful shutdown) instead of running on its own.
'use strict';
process.stdin.on('end', () => process.kill(process.pid, 'SIGTERM'));
process.stdin.on('error', () => process.kill(process.pid, 'SIGTERM'));
process.stdin.resume();
process.stdin.unref();
