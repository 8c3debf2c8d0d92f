/**
 * Next's ISR and data cache in Redis, shared by every `next start` replica: a page rendered by one replica is
 * served by all, and one POST /api/revalidate (revalidateTag) deletes the tagged pages and data for all of
 * them. next.config.ts loads this module only when NEXT_CACHE_REDIS_URL is set (and only for `next start`);
 * without it each process keeps Next's own cache (memory + .next/cache).
 *
 * Keys are NEXT_CACHE_KEY_PREFIX (default "phonestore:next:") + the build id + ":", so a new deploy never
 * serves pages rendered by an older build, whose JavaScript chunks it no longer has.
 *
 * Redis down or not answering: pages still render, and are cached in this process's memory until Redis
 * serves again. Meanwhile a revalidation reaches only the replica that received it (as without Redis); the
 * others keep their copy for at most the pages' 5-minute window. The memory copies are dropped as soon as
 * Redis serves again, so nothing cached during an outage outlives it.
 */
import { CacheHandler } from "@fortedigital/nextjs-cache-handler";
import createLruHandler from "@fortedigital/nextjs-cache-handler/local-lru";
import createRedisHandler from "@fortedigital/nextjs-cache-handler/redis-strings";
import { createClient } from "@redis/client";

// How long a request waits for Redis (to connect, then per cache call) before it does without. node-redis
// bounds neither: connect() waits until Redis is back, and a command already sent waits for its reply
// forever (its timeouts and abort signals only cover the wait to be sent), so a partitioned Redis would
// otherwise hold every page.
const REDIS_WAIT_MS = 1_000;
// Expiring a tag scans the shared tag index, which grows with the cache; it runs in /api/revalidate, not a page.
const REVALIDATE_WAIT_MS = 10_000;
// After a call got no answer in time, Redis is left alone this long (memory only), then tried again.
const SUSPEND_MS = 10_000;
// Entries without a revalidate window (fully static pages) otherwise live a year and a half in Redis, and
// every deploy's build id leaves its own: a day, then such a page is simply rendered again.
const STATIC_ENTRY_SECONDS = 86_400;

CacheHandler.onCreation(async ({ buildId }) => {
  const keyPrefix = `${process.env.NEXT_CACHE_KEY_PREFIX || "phonestore:next:"}${buildId?.trim() || "unbuilt"}:`;
  const client = createClient({ url: process.env.NEXT_CACHE_REDIS_URL, pingInterval: 10_000 });
  // Without a listener node-redis's errors would crash the server; the cache calls report the outage.
  client.on("error", () => undefined);
  await Promise.race([client.connect().catch(() => undefined), sleep(REDIS_WAIT_MS)]);
  const redis = createRedisHandler({ client, keyPrefix, timeoutMs: REDIS_WAIT_MS });
  return { handlers: [redisOrMemory(client, redis)], ttl: { defaultStaleAge: STATIC_ENTRY_SECONDS } };
});

/** Every call goes to Redis while it is connected and answering, to an in-process LRU otherwise. */
function redisOrMemory(client, redis) {
  let memory = createLruHandler();
  let degraded = false;
  let suspendedUntil = 0;

  function degrade(err) {
    if (!degraded) console.warn(`[cache-handler] Redis unavailable (${err.message}): caching in this replica's memory until it is back.`);
    degraded = true;
  }

  async function onRedis(call, waitMs = REDIS_WAIT_MS) {
    if (!client.isReady) throw new Error("not connected");
    if (Date.now() < suspendedUntil) throw new Error("not answering");
    if (degraded) {
      degraded = false;
      memory = createLruHandler();
      console.warn("[cache-handler] Redis is back: the shared cache is used again.");
    }
    let timer;
    const deadline = new Promise((_, reject) => {
      timer = setTimeout(() => {
        suspendedUntil = Date.now() + SUSPEND_MS;
        reject(new Error(`no answer within ${waitMs} ms`));
      }, waitMs);
    });
    try {
      return await Promise.race([call(), deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    name: "redis-or-memory",
    async get(key, meta) {
      try {
        return await onRedis(() => redis.get(key, meta));
      } catch (err) {
        degrade(err);
        return memory.get(key, meta);
      }
    },
    async set(key, value, ctx) {
      try {
        await onRedis(() => redis.set(key, value, ctx));
      } catch (err) {
        degrade(err);
        await memory.set(key, value, ctx);
      }
    },
    async revalidateTag(tag) {
      await memory.revalidateTag(tag);
      try {
        await onRedis(() => redis.revalidateTag(tag), REVALIDATE_WAIT_MS);
      } catch (err) {
        degrade(err);
        console.warn(`[cache-handler] "${tag}" was expired on this replica only; the others keep it for at most its window.`);
      }
    },
    async delete(key) {
      await memory.delete(key);
      await onRedis(() => redis.delete(key)).catch(degrade);
    },
    async prepare() {
      // Once per process: drops the entries whose time is up from the shared tag index.
      await onRedis(() => redis.prepare(), REVALIDATE_WAIT_MS).catch(degrade);
    },
  };
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export default CacheHandler;
