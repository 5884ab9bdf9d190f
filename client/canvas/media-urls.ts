/**
 * Uploads return both the URL fal will read (`url`) and our server's local copy (`mediaUrl`). Params keep the former
 * (that is what runs need); the canvas shows the latter, which the browser can always reach.
 */
const local = new Map<string, string>();

export function rememberMedia(url: string, mediaUrl: string): void {
  local.set(url, mediaUrl);
}

export function displayUrl(url: string): string {
  return local.get(url) ?? url;
}

export function isVideoUrl(url: string): boolean {
  return /\.(mp4|webm|mov|m4v)(\?|$)/i.test(url) || url.includes('/video');
}
