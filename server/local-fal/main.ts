import { type EngineEnv, loadEngineEnv } from './env.ts';
import { startLocalFal } from './index.ts';

/**
 * `npm run local-fal`: the engine alone, as a fal stand-in for anyone's scripts. Tune it with LOCAL_FAL_* env vars
 * (see env.ts), e.g. LOCAL_FAL_PORT=8787 LOCAL_FAL_SPEED=4 LOCAL_FAL_LOG=0.
 */
let env: EngineEnv;
try {
  env = loadEngineEnv();
} catch (err) {
  // A configuration mistake is the user's to fix: the message, not a stack trace.
  console.error((err as Error).message);
  process.exit(1);
}
// Standalone, requests are logged unless LOCAL_FAL_LOG=0 says otherwise (the library is quiet by default).
const engine = await startLocalFal({ log: env.LOCAL_FAL_LOG ?? true });

console.log(`local fal engine listening on ${engine.url}
Runs here are local previews rendered with ffmpeg, not Pika generations.

Point the unmodified @fal-ai/client at it:

  import { createFalClient } from '@fal-ai/client';
  const fal = createFalClient({
    credentials: 'local:preview',
    proxyUrl: { url: '${engine.proxyUrl}', when: 'always' },
  });
  const { data } = await fal.subscribe('fal-ai/pika/v2/turbo/text-to-video', { input: { prompt: 'a red fox' } });
  console.log(data.video.url);

fal's own paths also work directly, e.g. curl -X POST ${engine.url}/fal-ai/pika/v2/turbo/text-to-video -d '{"prompt":"hi"}'
`);

const stop = () => void engine.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
