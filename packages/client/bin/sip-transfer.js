#!/usr/bin/env node
// The `sip-transfer` command (src/cli.ts, built into dist/cli.js).
import { run } from "../dist/cli.js";

run();
