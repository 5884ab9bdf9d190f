import { useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';
import './wiring.css';

export interface MenuItem {
  label: string;
  run(): void;
  disabled?: boolean;
  danger?: boolean;
  /** Shown at the right, muted (a shortcut). */
  hint?: string;
  /** Tooltip: what the item does, or why it is unavailable. */
  title?: string;
  testId?: string;
  /** One of a set of choices (role="menuitemradio"): true for the current one, which gets a check mark. */
  checked?: boolean;
  /** A line above this item: it starts a new group. */
  divider?: boolean;
}

/** Where a popup opens, in page pixels, kept inside the window so a menu at the bottom-right edge is still whole. */
export function clampTo(at: { x: number; y: number }, w: number, h: number) {
  return {
    left: Math.max(4, Math.min(at.x, innerWidth - w - 4)),
    top: Math.max(4, Math.min(at.y, innerHeight - h - 4)),
  };
}

/**
 * A right-click menu: role="menu" with menuitems, the first one focused, arrows move, Enter acts, Escape (or a click
 * anywhere else) closes. Keys stop here, so a letter typed in the menu does not open quick-add behind it.
 */
export function ContextMenu({
  at,
  label,
  items,
  onClose,
  header,
  testId = 'context-menu',
}: {
  at: { x: number; y: number };
  label: string;
  items: MenuItem[];
  onClose(): void;
  /** Not an item: a line above them (the top bar's account menu says who is signed in). */
  header?: ReactNode;
  testId?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const buttons = () => [
    ...(ref.current?.querySelectorAll<HTMLButtonElement>('[role^="menuitem"]:not(:disabled)') ?? []),
  ];
  // biome-ignore lint/correctness/useExhaustiveDependencies: focus the first item once, when the menu opens
  useEffect(() => buttons()[0]?.focus(), []);
  const move = (delta: number) => {
    const list = buttons();
    const i = list.indexOf(document.activeElement as HTMLButtonElement);
    list[(i + delta + list.length) % list.length]?.focus();
  };
  const onKeyDown = (e: KeyboardEvent) => {
    e.stopPropagation();
    const list = buttons();
    if (e.key === 'ArrowDown') move(1);
    else if (e.key === 'ArrowUp') move(-1);
    else if (e.key === 'Home') list[0]?.focus();
    else if (e.key === 'End') list.at(-1)?.focus();
    else if (e.key === 'Escape' || e.key === 'Tab') onClose();
    else return;
    e.preventDefault();
  };
  const pos = clampTo(at, 230, items.length * 34 + 12);
  return (
    <div
      className="pf-menu-layer"
      onMouseDown={onClose}
      onContextMenu={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <div
        ref={ref}
        role="menu"
        aria-label={label}
        className="pf-menu"
        data-testid={testId}
        style={pos}
        onMouseDown={(e) => e.stopPropagation()}
        onKeyDown={onKeyDown}
      >
        {header}
        {items.map((item) => [
          item.divider && <hr key={`${item.label}-divider`} className="pf-menu__divider" />,
          <button
            key={item.label}
            type="button"
            {...(item.checked === undefined
              ? { role: 'menuitem' }
              : { role: 'menuitemradio', 'aria-checked': item.checked })}
            className={`pf-menu__item${item.danger ? ' is-danger' : ''}`}
            disabled={item.disabled}
            title={item.title}
            data-testid={item.testId}
            tabIndex={-1}
            onMouseEnter={(e) => e.currentTarget.focus()}
            onClick={() => {
              onClose();
              item.run();
            }}
          >
            <span>
              {item.checked !== undefined && (
                <span className="pf-menu__check" aria-hidden="true">
                  {item.checked ? '✓' : ''}
                </span>
              )}
              {item.label}
            </span>
            {item.hint && <kbd>{item.hint}</kbd>}
          </button>,
        ])}
      </div>
    </div>
  );
}
