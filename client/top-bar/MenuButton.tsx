import { useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { ContextMenu, type MenuItem } from '../canvas/ContextMenu.tsx';

/** The width the shared menu is drawn at in the top bar (top-bar.css), so it lines up under its button's right edge. */
const MENU_W = 230;

/**
 * A top-bar button that opens a menu below it (the ARIA menu-button pattern): Enter, Space or ↓ opens it with the first
 * item focused, arrows move, Escape or Tab closes and focus comes back here, a click anywhere else closes it. The menu
 * itself is the canvas's right-click menu, so both kinds of menu look and answer keys the same way.
 */
export function MenuButton({
  label,
  items,
  header,
  className = 'pf-btn',
  title,
  testId,
  menuTestId,
  children,
}: {
  /** The menu's accessible name. */
  label: string;
  /** Built when the menu opens, so each item reads the editor's state at that moment. */
  items: () => MenuItem[];
  header?: ReactNode;
  className?: string;
  title?: string;
  testId?: string;
  menuTestId?: string;
  children: ReactNode;
}) {
  const button = useRef<HTMLButtonElement>(null);
  const [at, setAt] = useState<{ x: number; y: number } | null>(null);
  const open = () => {
    const r = button.current?.getBoundingClientRect();
    if (r) setAt({ x: r.right - MENU_W, y: r.bottom + 4 });
  };
  const close = () => {
    setAt(null);
    button.current?.focus();
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowDown') return;
    e.preventDefault();
    open();
  };
  return (
    <>
      <button
        ref={button}
        type="button"
        className={className}
        title={title}
        aria-haspopup="menu"
        aria-expanded={!!at}
        data-testid={testId}
        onClick={() => (at ? close() : open())}
        onKeyDown={onKeyDown}
      >
        {children}
      </button>
      {at && <ContextMenu at={at} label={label} items={items()} header={header} onClose={close} testId={menuTestId} />}
    </>
  );
}
