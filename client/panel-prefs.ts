/** Which side panels are open, kept in localStorage so a folded-away panel stays folded after a reload. */
const KEY = 'pikaflow.panels';

export interface PanelPrefs {
  paletteOpen: boolean;
  sideOpen: boolean;
}

export function readPanels(): PanelPrefs {
  const open = { paletteOpen: true, sideOpen: true };
  try {
    const saved = JSON.parse(globalThis.localStorage?.getItem(KEY) ?? '{}') as Partial<PanelPrefs>;
    return { ...open, ...pick(saved) };
  } catch {
    return open; // storage blocked or corrupt: panels open, as on a first visit
  }
}

export function writePanels(p: PanelPrefs): void {
  try {
    globalThis.localStorage?.setItem(KEY, JSON.stringify(p));
  } catch {
    // Storage full or blocked: the choice still holds for this page.
  }
}

const pick = (p: Partial<PanelPrefs>) =>
  Object.fromEntries(
    Object.entries(p).filter(([k, v]) => ['paletteOpen', 'sideOpen'].includes(k) && typeof v === 'boolean'),
  );
