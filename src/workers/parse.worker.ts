/// <reference lib="webworker" />
import { createParseHandler } from './parseHandler'
import type { ParseProtocol } from './protocol'
import { beacon, serve } from './rpc'

// The client keeps one worker warm between loads and ends it on cancel or failure, so a runaway
// parse is stopped by terminating it.
const scope = self as unknown as DedicatedWorkerGlobalScope
const post = (msg: ParseProtocol['event'], transfer: Transferable[] = []) =>
  scope.postMessage(msg, transfer)
// A big file's parse is one synchronous stretch: its loops say "still alive" about once a second.
serve<ParseProtocol>(scope, createParseHandler({ post, tick: beacon(scope) }))
