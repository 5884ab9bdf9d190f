/**
 * Whether the view is still being moved by the app (an opening's fit, a starter's tidy-up and its fit). The canvas
 * element carries `data-settled="true|false"`, so a watcher (a browser test acting as a person) can wait for the view
 * to rest before aiming at a node, instead of racing a fit that moves the node under the pointer.
 */
let pending = 0;

function mark() {
  document.querySelector('[data-testid="canvas"]')?.setAttribute('data-settled', String(pending === 0));
}

/** Starts one move of the view; the returned function ends it (calling it twice ends it once). */
export function beginSettling(): () => void {
  pending++;
  mark();
  let ended = false;
  return () => {
    if (ended) return;
    ended = true;
    pending--;
    mark();
  };
}
