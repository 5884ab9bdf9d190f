import { SHORTCUTS } from '../shortcuts.ts';
import { useUi } from '../ui-store.ts';

/** `?`: every shortcut, from the same table the key handler uses, so the two cannot drift apart. */
export function HelpOverlay() {
  const close = () => useUi.getState().set({ dialog: null });
  return (
    <div className="pf-overlay" onMouseDown={close}>
      <div className="pf-dialog" onMouseDown={(e) => e.stopPropagation()} data-testid="help">
        <h3>Keyboard shortcuts</h3>
        <table className="pf-keys">
          <tbody>
            {SHORTCUTS.map((s) => (
              <tr key={s.label}>
                <td>
                  {s.keys.map((k) => (
                    <kbd key={k}>{k}</kbd>
                  ))}
                </td>
                <td>{s.label}</td>
              </tr>
            ))}
            <tr>
              <td>
                <kbd>Shift</kbd>+drag
              </td>
              <td>Select several</td>
            </tr>
            <tr>
              <td>
                <kbd>Ctrl</kbd>+click
              </td>
              <td>Add to selection</td>
            </tr>
            <tr>
              <td>Click in the palette</td>
              <td>Add beside the selected node, already wired to it</td>
            </tr>
          </tbody>
        </table>
        <button type="button" className="pf-btn" onClick={close}>
          Close
        </button>
      </div>
    </div>
  );
}
