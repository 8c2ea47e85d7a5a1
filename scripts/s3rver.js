#!/usr/bin/env node
// s3rver.js -- runs the local S3-compatible object store for scripts/dev.sh.
// The published @20minutes/s3rver 4.x package declares a "bin" but does not ship it, so this
// launcher runs the package's own command-line parser (lib/cli.js). Options: --help.
'use strict';

// s3rver's request log cuts a fixed-length coloured prefix off koa-logger's line, so colours
// must be on for the line to come out whole; the log is a file, so drop the codes on output.
process.env.FORCE_COLOR = '1';
const ANSI_CODES = /\x1b\[[0-9;]*m/g;
for (const stream of [process.stdout, process.stderr]) {
  const write = stream.write.bind(stream);
  stream.write = (chunk, ...rest) =>
    write(typeof chunk === 'string' ? chunk.replace(ANSI_CODES, '') : chunk, ...rest);
}

require('@20minutes/s3rver/lib/cli')
  .parseAsync(process.argv)
  .catch((err) => {
    console.error(err);
    process.exit(1);
  });
