import { EXAMPLES } from '../examples.ts';
import { useUi } from '../ui-store.ts';
import { useLoadTidy } from '../use-layout.ts';

/** What an empty canvas says: the three ways to start, and the examples one click away. */
export function EmptyCanvas() {
  const loadTidy = useLoadTidy();
  const paletteOpen = useUi((s) => s.paletteOpen);
  return (
    <div className="pf-empty" data-testid="empty-canvas">
      <div className="pf-empty__card">
        <h2>Build a video pipeline</h2>
        <ol>
          <li>
            <b>Drag a node</b> from the palette on the left
            {!paletteOpen && (
              <>
                {' '}
                (press <kbd>[</kbd> to show it)
              </>
            )}
            , or press <kbd>/</kbd> and type its name
          </li>
          <li>
            <b>Drop an image or video</b> file here to use it as a source
          </li>
          <li>
            <b>Wire outputs to inputs</b> (right dot → left dot), then press <b>Run</b>
          </li>
        </ol>
        {EXAMPLES.length > 0 && (
          <>
            <p className="pf-muted">…or start from an example:</p>
            <div className="pf-empty__examples">
              {EXAMPLES.map((ex) => (
                <button
                  type="button"
                  key={ex.key}
                  className="pf-btn"
                  data-testid={`example-${ex.key}`}
                  onClick={() => loadTidy(ex.graph, { name: ex.name })}
                >
                  {ex.name}
                </button>
              ))}
            </div>
          </>
        )}
      </div>
    </div>
  );
}
