#!/usr/bin/env node
import { main } from "../dist/bin/main.js";
import { processIo } from "../dist/bin/io.js";

process.exitCode = await main(process.argv.slice(2), processIo());
