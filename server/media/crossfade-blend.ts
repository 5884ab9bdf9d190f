/**
 * Cross-fade chain for ffmpeg builds without `xfade` (the npm-shipped 2018 static binary): each join cuts the last m
 * frames of the output so far and the first m frames of the next clip, blends them with a linear ramp, and concats
 * head + blend + rest. Same frame arithmetic as the xfade path: m frames overlap per join.
 * `frames` are per-clip frame counts after resampling to `fps`; inputs are labelled [v0], [v1], …; output is [out].
 */
export function blendChain(frames: number[], m: number, fps: number): string[] {
  const parts: string[] = [];
  const ramp = ((m - 1) / fps).toFixed(6); // T runs 0..(m-1)/fps over the blend, so the last blended frame is all B
  let length = frames[0];
  let prev = 'v0';
  for (let i = 1; i < frames.length; i++) {
    const cut = length - m;
    const out = i === frames.length - 1 ? 'out' : `x${i}`;
    parts.push(
      // Clone-padding guards against a frame-count estimate one short: the blend then still gets m frames.
      `[${prev}]tpad=stop_mode=clone:stop=2,split[a${i}][t${i}]`,
      `[a${i}]trim=end_frame=${cut}[h${i}]`,
      `[t${i}]trim=start_frame=${cut}:end_frame=${length},setpts=PTS-STARTPTS[ta${i}]`,
      `[v${i}]split[n${i}][r${i}]`,
      `[n${i}]trim=end_frame=${m},setpts=PTS-STARTPTS[nb${i}]`,
      `[r${i}]trim=start_frame=${m},setpts=PTS-STARTPTS[rest${i}]`,
      `[ta${i}][nb${i}]blend=all_expr='A*(1-min(T/${ramp}\\,1))+B*min(T/${ramp}\\,1)':shortest=1[bl${i}]`,
      `[h${i}][bl${i}][rest${i}]concat=n=3:v=1:a=0,settb=AVTB[${out}]`,
    );
    length = cut + frames[i];
    prev = out;
  }
  return parts;
}
